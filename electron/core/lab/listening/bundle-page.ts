// The exported bundle: index.html with CSS, config and player inlined, audio beside it (WAV plus a script wrapper file:// can load), and its .zip.
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TestConfig } from '../../../shared/domains/listening';
import { writeFileAtomic } from '../../fs/atomic';
import { runListeningTest } from './bundle-player';
import { planSession } from './session-plan';
import { buildZip, type ZipEntry } from './zip-writer';

const CSS = `
:root { color-scheme: light dark; --fg: #1d2330; --bg: #f7f7f9; --card: #fff; --accent: #2f62d9; --muted: #5b6475; --line: #d5d9e2; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e8ee; --bg: #15181f; --card: #1e222b; --accent: #7ea2ff; --muted: #a2a9b8; --line: #343a47; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 860px; margin: 2rem auto; padding: 1.5rem 2rem; background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
h1, h2, h3 { line-height: 1.2; } h1:focus, h2:focus { outline: none; }
button, .button { font: inherit; padding: .45rem .9rem; border-radius: 6px; border: 1px solid var(--line); background: var(--card); color: var(--fg); cursor: pointer; text-decoration: none; display: inline-block; }
button:disabled { opacity: .45; cursor: not-allowed; }
.primary { background: var(--accent); color: #fff; border-color: var(--accent); margin-top: 1rem; }
.play.on { background: var(--accent); color: #fff; border-color: var(--accent); }
.deck { display: flex; flex-wrap: wrap; gap: .5rem; margin: .75rem 0; }
.progress { height: 6px; background: var(--line); border-radius: 3px; overflow: hidden; margin-bottom: 1rem; }
.progress .bar { height: 100%; width: 0; background: var(--accent); }
.sliders .row { display: grid; grid-template-columns: 7rem 1fr 5rem; gap: 1rem; align-items: center; padding: .35rem 0; border-bottom: 1px solid var(--line); }
.sliders input[type=range] { width: 100%; }
.score { width: 5rem; font: inherit; padding: .2rem .4rem; }
.scale, .hint { color: var(--muted); font-size: .9rem; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 1rem 0; padding: .75rem 1rem; }
.option { display: block; padding: .3rem 0; cursor: pointer; }
.trial { border-top: 1px solid var(--line); padding-top: .5rem; }
form label { display: block; margin-top: 1rem; font-weight: 600; }
form input { font: inherit; padding: .4rem .6rem; width: 100%; max-width: 24rem; }
.error { color: #c0392b; min-height: 1.5em; }
`;

/** Keeps "</script>" and U+2028/9 out of inlined JSON. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function bundleHtml(config: TestConfig): string {
  // The player and the plan run from their own source text; __name keeps them working if a build names functions.
  const script = `"use strict";\nvar __name = function (f) { return f; };\nvar planSession = ${planSession.toString()};\n` +
    `var runListeningTest = ${runListeningTest.toString()};\n` +
    `runListeningTest(JSON.parse(document.getElementById('vw-config').textContent), planSession, document.getElementById('app'));\n`;
  const title = config.name.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${CSS}</style>
</head>
<body>
<main id="app" aria-live="polite"><p>Loading the listening test… If this stays, allow JavaScript for this page.</p></main>
<script type="application/json" id="vw-config">${scriptJson(config)}</script>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}

const README = (config: TestConfig): string => `${config.name}: a listening test made with Voicewright

Open index.html in a browser (double-click it; no server or internet needed). Use headphones.
At the end the browser downloads a results file, listening-test-${config.testId}-<your name>.json.
Send that file back; the studio imports it (Lab -> the test -> Import results).

config.json is the test's configuration (also inlined in index.html); audio/ holds the stimuli under blind names.
`;

export interface BundleFiles {
  folder: string;
  zip: string;
  files: number;
  bytes: number;
}

/**
 * Writes the bundle folder (replacing an earlier export whole: built beside it, then renamed) and `zipPath`.
 * `audioOf(uid)` is the absolute path of a prepared stimulus.
 */
export function writeBundle(config: TestConfig, audioOf: (uid: string) => string, folder: string, zipPath: string): BundleFiles {
  const entries: ZipEntry[] = [];
  const enc = new TextEncoder();
  const files: Record<string, string> = {};
  for (const uid of Object.keys(config.files)) {
    const rel = `audio/${uid}.wav`;
    files[uid] = rel;
    const wav = readFileSync(audioOf(uid));
    entries.push({ name: rel, data: wav }, { name: `${rel}.js`, data: enc.encode(`__vwAudio(${JSON.stringify(uid)}, "${Buffer.from(wav).toString('base64')}");\n`) });
  }
  const bundled: TestConfig = { ...config, files };
  entries.unshift(
    { name: 'index.html', data: enc.encode(bundleHtml(bundled)) },
    { name: 'config.json', data: enc.encode(`${JSON.stringify(bundled, null, 2)}\n`) },
    { name: 'README.txt', data: enc.encode(README(bundled)) },
  );
  const staging = `${folder}.partial`;
  rmSync(staging, { recursive: true, force: true });
  for (const e of entries) {
    const path = join(staging, e.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, e.data);
  }
  rmSync(folder, { recursive: true, force: true });
  renameSync(staging, folder);
  const top = folder.split(/[\\/]/).pop() ?? 'bundle';
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileAtomic(zipPath, buildZip(entries.map((e) => ({ name: `${top}/${e.name}`, data: e.data }))));
  return { folder, zip: zipPath, files: entries.length, bytes: entries.reduce((n, e) => n + e.data.length, 0) };
}
