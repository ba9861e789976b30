// The Electron shell, end to end: a sandboxed page with only window.studio, working IPC, and a fenced media protocol.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, test as base, expect, type ElectronApplication, type Page } from '@playwright/test';
import { callNames } from '../electron/shared/contract';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const builtMain = join(repoRoot, 'out', 'main', 'index.js');

/** require('electron') gives the binary's path, and throws when the download was skipped. */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electronPath = electronBinary();
const SKIP_REASON =
  'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1): the Electron e2e suite runs where `npx electron --version` works';
if (electronPath === null) console.log(`[electron e2e] skipped: ${SKIP_REASON}`);

type Studio = { app: ElectronApplication; page: Page; workspace: string; pageErrors: Error[] };

/** Each test gets its own app-data folder and workspace, and a freshly launched app. */
const test = base.extend<{ studio: Studio }>({
  // Playwright reads fixture dependencies from the destructuring pattern; this fixture has none.
  // eslint-disable-next-line no-empty-pattern
  studio: async ({}, use) => {
    const root = await mkdtemp(join(tmpdir(), 'voicewright-electron-'));
    const appData = join(root, 'app-data');
    const workspace = join(root, 'workspace');
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      // The dev-server URL would make the app load Vite instead of the built renderer.
      if (value !== undefined && key !== 'ELECTRON_RENDERER_URL' && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    }
    const app = await electron.launch({
      ...(electronPath ? { executablePath: electronPath } : {}),
      args: [repoRoot, `--user-data-dir=${appData}`],
      cwd: repoRoot,
      env: { ...env, VOICEWRIGHT_APP_DATA: appData, VOICEWRIGHT_WORKSPACE: workspace },
    });
    const page = await app.firstWindow();
    const pageErrors: Error[] = [];
    page.on('pageerror', (err) => pageErrors.push(err));
    await page.waitForLoadState('domcontentloaded');
    await use({ app, page, workspace, pageErrors });
    await app.close();
    await rm(root, { recursive: true, force: true });
  },
});

test.skip(electronPath === null, SKIP_REASON);

test.beforeAll(() => {
  if (!existsSync(builtMain)) throw new Error(`${builtMain} is missing: run \`npm run build\` before the Electron e2e suite.`);
});

test('the page sees window.studio with every contract call, and no Node.js', async ({ studio }) => {
  const { page } = studio;
  expect(page.url()).toMatch(/^app:\/\/renderer\/index\.html/);
  const surface = await page.evaluate(() => {
    const globals = window as unknown as Record<string, unknown>;
    return {
      studio: typeof window.studio,
      calls: window.studio ? Object.keys(window.studio.calls).sort() : [],
      pickFolder: typeof window.studio?.pickFolder,
      require: typeof globals['require'],
      process: typeof globals['process'],
      ipcRenderer: typeof globals['ipcRenderer'],
      module: typeof globals['module'],
    };
  });
  expect(surface).toEqual({
    studio: 'object',
    calls: [...callNames].sort(),
    pickFolder: 'function',
    require: 'undefined',
    process: 'undefined',
    ipcRenderer: 'undefined',
    module: 'undefined',
  });
});

test('the workspace named at start-up is open and answers over IPC', async ({ studio }) => {
  const result = await studio.page.evaluate(() => window.studio?.calls['workspace:current']({}) ?? null);
  expect(result).toMatchObject({ ok: true, value: { name: expect.any(String) } });
  const value = (result as { value: { path: string } }).value;
  expect(basename(value.path)).toBe(basename(studio.workspace));
});

test('bad input comes back as a typed error, not an exception', async ({ studio }) => {
  const result = await studio.page.evaluate(() => window.studio?.calls['jobs:get']({ id: -1 }) ?? null);
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
});

test('events reach subscribers, and an unsubscribed listener hears nothing more', async ({ studio }) => {
  const heard = await studio.page.evaluate(async () => {
    const bridge = window.studio;
    if (!bridge) throw new Error('window.studio is missing');
    let first = 0;
    const offFirst = bridge.on('settings:changed', () => {
      first += 1;
    });
    const second = new Promise<number>((done) => {
      const offSecond = bridge.on('settings:changed', (settings) => {
        offSecond();
        done(settings.inferenceThreads);
      });
    });
    offFirst();
    await bridge.calls['settings:update']({ inferenceThreads: 3 });
    return { threads: await second, first };
  });
  expect(heard).toEqual({ threads: 3, first: 0 });
});

test('unknown event names are refused by the bridge', async ({ studio }) => {
  const message = await studio.page.evaluate(() => {
    const on = window.studio?.on as unknown as (event: string, listener: () => void) => () => void;
    try {
      on('anything:else', () => undefined);
      return 'accepted';
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  });
  expect(message).toContain('Unknown studio event');
});

test('the content security policy blocks eval, and new windows are refused', async ({ studio }) => {
  const { page, app } = studio;
  const evalResult = await page.evaluate(() => {
    try {
      return String(eval('1 + 1'));
    } catch (err) {
      return err instanceof Error ? err.name : 'blocked';
    }
  });
  expect(evalResult).toBe('EvalError');
  // http (not https) so nothing is handed to the system browser during the test.
  expect(await page.evaluate(() => window.open('http://example.com') === null)).toBe(true);
  expect(app.windows()).toHaveLength(1);
});

test('workspace media streams with byte ranges; paths outside the workspace are refused', async ({ studio }) => {
  const { page, workspace } = studio;
  await mkdir(join(workspace, 'takes'), { recursive: true });
  await writeFile(join(workspace, 'takes', 'e2e-probe.txt'), '0123456789');

  const probe = await page.evaluate(async () => {
    const whole = await fetch('studio-media://workspace/takes/e2e-probe.txt');
    const part = await fetch('studio-media://workspace/takes/e2e-probe.txt', { headers: { Range: 'bytes=2-5' } });
    return {
      whole: { status: whole.status, body: await whole.text() },
      part: { status: part.status, body: await part.text(), range: part.headers.get('content-range') },
    };
  });
  expect(probe).toEqual({
    whole: { status: 200, body: '0123456789' },
    part: { status: 206, body: '2345', range: 'bytes 2-5/10' },
  });

  for (const url of [
    'studio-media://workspace/../../etc/passwd',
    'studio-media://workspace/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    'studio-media://workspace/%2Fetc%2Fpasswd',
  ]) {
    const outcome = await page.evaluate(async (target) => {
      try {
        const response = await fetch(target);
        return { status: response.status, body: await response.text() };
      } catch (err) {
        return { status: 0, body: err instanceof Error ? err.message : String(err) };
      }
    }, url);
    expect(outcome.status, url).not.toBe(200);
    expect(outcome.body, url).not.toContain('root:');
  }
});

test('every sidebar area opens without a page error', async ({ studio }) => {
  const { page, pageErrors } = studio;
  const nav = page.getByRole('navigation').first();
  await expect(nav).toBeVisible();
  const entries = nav.getByRole('link').or(nav.getByRole('button'));
  const count = await entries.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i += 1) {
    await entries.nth(i).click();
    await expect(page.getByRole('main')).toBeVisible();
    expect(new URL(page.url()).protocol).toBe('app:');
  }
  expect(pageErrors).toEqual([]);
});
