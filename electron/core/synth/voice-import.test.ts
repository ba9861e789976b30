// Importing a voice package made outside the studio: checked graph by graph, copied whole, listed; broken ones refused and nothing copied.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openHarness, ok, type Harness } from '../testing/backend-harness';
import { exportTinyVoice, noExporter } from './testing-voice';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});
afterEach(async () => {
  await h.close();
});

describe.skipIf(noExporter !== null)('voices:import', () => {
  it('copies an exported voice into voices/, lists it, and refuses the same name twice', async () => {
    const out = join(h.root, 'exported', 'Tiny');
    exportTinyVoice(out);
    const voice = ok<{ id: number; name: string; path: string }>(await h.backend.invoke('voices:import', { path: out }));
    expect(voice).toMatchObject({ name: 'Tiny', path: 'voices/Tiny' });
    expect(existsSync(join(h.workspace, 'voices', 'Tiny', 'voice.json'))).toBe(true);
    expect(readdirSync(join(h.workspace, 'voices', 'Tiny')).filter((f) => f.endsWith('.onnx')).length).toBeGreaterThanOrEqual(4);
    expect(ok<{ name: string }[]>(await h.backend.invoke('voices:list', {})).map((v) => v.name)).toEqual(['Tiny']);
    const twice = await h.backend.invoke('voices:import', { path: out });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.message).toMatch(/already exists/);
    // Under another name it goes in beside the first.
    expect(ok<{ path: string }>(await h.backend.invoke('voices:import', { path: out, name: 'Tiny copy' })).path).toBe('voices/Tiny-copy');
  }, 120_000);

  it('refuses a folder without voice.json and a package with a corrupt graph, copying nothing', async () => {
    const none = await h.backend.invoke('voices:import', { path: h.root });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toMatch(/has no voice\.json/);
    const out = join(h.root, 'exported', 'Broken');
    exportTinyVoice(out, 3);
    const broken = join(h.root, 'broken');
    cpSync(out, broken, { recursive: true });
    writeFileSync(join(broken, 'postnet.onnx'), 'not a model');
    const r = await h.backend.invoke('voices:import', { path: broken });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/postnet\.onnx/);
    expect(existsSync(join(h.workspace, 'voices')) ? readdirSync(join(h.workspace, 'voices')) : []).toEqual([]);
    expect(ok<unknown[]>(await h.backend.invoke('voices:list', {}))).toEqual([]);
  }, 120_000);
});
