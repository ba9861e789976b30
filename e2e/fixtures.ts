// Playwright fixtures: a fresh headless studio server per test (own app-data and workspace folders) and fault injection.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const serverEntry = join(repoRoot, 'out', 'main', 'server.js');
const URL_LINE = /^VOICEWRIGHT_URL=(\S+)$/m;
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

export interface StartOptions {
  /** Open (or create) this workspace folder at start (--workspace). */
  workspace?: string;
}

export interface Studio {
  /** The URL with this start's token; changes on restart. */
  url: string;
  /** App data folder (recent-workspaces list); kept across restarts. */
  appData: string;
  /** An empty folder to create workspaces in. */
  root: string;
  /** Stops the server and starts it again on the same app data; resolves to the new URL. */
  restart(options?: StartOptions): Promise<string>;
  /** Fault: kills the server with SIGKILL (no cleanup at all, like a crash or a power cut), then starts it again. */
  crash(options?: StartOptions): Promise<string>;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
}

interface Running {
  child: ChildProcess;
  url: string;
}

export const DB_FILE = 'studio.sqlite';

/** Fault: writes a studio.sqlite that has SQLite's header but garbage pages; returns its bytes for later comparison. */
export async function writeCorruptDatabase(folder: string): Promise<Buffer> {
  await mkdir(folder, { recursive: true });
  const bytes = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 0xab)]);
  await writeFile(join(folder, DB_FILE), bytes);
  return bytes;
}

export async function readDatabaseBytes(folder: string): Promise<Buffer> {
  return readFile(join(folder, DB_FILE));
}

function start(appData: string, home: string, log: { stderr: string }, options: StartOptions): Promise<Running> {
  const args = [serverEntry, '--app-data', appData, '--port', '0'];
  if (options.workspace) args.push('--workspace', options.workspace);
  // HOME points into the test's folder so the default workspace path never touches the real home.
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log.stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not print VOICEWRIGHT_URL within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`The studio server ${why}.\nstdout:\n${stdout}\nstderr:\n${log.stderr}`));
    };
    child.once('error', (err) => fail(`could not start (${err.message})`));
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = URL_LINE.exec(stdout);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      resolve({ child, url: match[1] });
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const forced = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, STOP_GRACE_MS);
  });
  await Promise.race([exited, forced]);
  clearTimeout(timer);
  await exited;
}

/**
 * Calls one test may send of one kind. A render loop in a React effect once sent books:update 30,000 times and starved the
 * backend; every page is watched for that. Polls that legitimately repeat (a job's progress while it runs) stay far below.
 */
const CALL_BUDGET = 600;

export const test = base.extend<{ studioOptions: StartOptions; studio: Studio; calls: ReadonlyMap<string, number> }>({
  studioOptions: [{}, { option: true }],
  /** How many times the page has sent each call over the WebSocket so far (the page fixture counts them). */
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; this one has none.
  calls: async ({}, use) => {
    await use(new Map<string, number>());
  },
  page: async ({ page, calls: counts }, use, testInfo) => {
    const calls = counts as Map<string, number>;
    page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => {
      const name = /"call":"([\w:]+)"/.exec(typeof payload === 'string' ? payload : payload.toString('utf8'))?.[1];
      if (name) calls.set(name, (calls.get(name) ?? 0) + 1);
    }));
    await use(page);
    const counted = [...calls].sort((a, b) => b[1] - a[1]);
    if (process.env.VOICEWRIGHT_E2E_CALL_LOG) {
      appendFileSync(process.env.VOICEWRIGHT_E2E_CALL_LOG, `${JSON.stringify({ test: testInfo.title, seconds: Math.round(testInfo.duration / 1000), calls: Object.fromEntries(counted.slice(0, 6)) })}\n`);
    }
    const flood = counted.filter(([, n]) => n > CALL_BUDGET);
    expect(flood, `calls sent more than ${CALL_BUDGET} times in one test (a render loop?)`).toEqual([]);
  },
  studio: async ({ studioOptions }, use, testInfo) => {
    const dir = await mkdtemp(join(tmpdir(), 'voicewright-e2e-'));
    const appData = join(dir, 'app-data');
    const root = join(dir, 'workspaces');
    const home = join(dir, 'home');
    await Promise.all([mkdir(appData), mkdir(root), mkdir(home)]);
    const log = { stderr: '' };
    let running = await start(appData, home, log, studioOptions);
    const studio: Studio = {
      url: running.url,
      appData,
      root,
      async restart(options = {}) {
        await stop(running.child);
        running = await start(appData, home, log, options);
        studio.url = running.url;
        return running.url;
      },
      async crash(options = {}) {
        const exited = new Promise<void>((resolve) => running.child.once('exit', () => resolve()));
        running.child.kill('SIGKILL');
        await exited;
        running = await start(appData, home, log, options);
        studio.url = running.url;
        return running.url;
      },
      stderr: () => log.stderr,
    };
    try {
      await use(studio);
    } finally {
      await stop(running.child);
      if (testInfo.status !== testInfo.expectedStatus && log.stderr) {
        await testInfo.attach('server-stderr', { body: log.stderr, contentType: 'text/plain' });
      }
      await rm(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** Creates a workspace from the welcome screen and waits until the studio shows it. */
export async function createWorkspace(page: Page, folder: string, name: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Create a workspace' });
  // The field fills in ~/Voicewright when the backend answers; typing before that answer lands could end up appended to it
  // (the path became ~/Voicewright/tmp/…/ws once in CI). Wait for it, then replace it.
  await expect(form.getByLabel('Folder')).toHaveValue(/Voicewright$/);
  await form.getByLabel('Folder').fill(folder);
  await expect(form.getByLabel('Folder')).toHaveValue(folder);
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByTestId('workspace-name')).toHaveText(name);
}

/** In Record, creates a speaker and waits for the "no script yet" state. */
export async function createSpeaker(page: Page, name: string, language: 'en-US' | 'en-GB' | 'de-DE'): Promise<void> {
  const form = page.getByRole('form', { name: 'Create a speaker' });
  await form.getByLabel('Speaker name').fill(name);
  await form.getByLabel('Language').selectOption(language);
  await form.getByRole('button', { name: 'Create speaker' }).click();
  await expect(page.getByTestId('record-no-script')).toBeVisible();
}
