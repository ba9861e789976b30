// `npm run serve -- --workspace DIR`: the studio without Electron, for e2e tests and remote GPU boxes.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBackend } from '../core/backend';
import { startServer } from './server';

const USAGE = `Usage: npm run serve -- [--workspace DIR] [--port N] [--app-data DIR]
  --workspace DIR  open (or create) this workspace at start
  --port N         port on 127.0.0.1 (default: a free one)
  --app-data DIR   where the recent-workspaces list lives (default ~/.config/voicewright)`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        workspace: { type: 'string' },
        port: { type: 'string' },
        'app-data': { type: 'string' },
        renderer: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const port = args.port === undefined ? 0 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, not "${args.port}".`);
    process.exit(2);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const appDataDir = resolve(args['app-data'] ?? process.env.VOICEWRIGHT_APP_DATA ?? join(homedir(), '.config', 'voicewright'));
  const workspace = args.workspace ?? process.env.VOICEWRIGHT_WORKSPACE;
  let backend;
  try {
    backend = await createBackend({ appDataDir, ...(workspace ? { workspace: resolve(workspace) } : {}) });
  } catch (err) {
    const e = err as Error & { hint?: string };
    console.error(`Cannot start: ${e.message}${e.hint ? `\n${e.hint}` : ''}`);
    process.exit(1);
  }
  const server = await startServer({ backend, rendererDir: resolve(args.renderer ?? join(here, '..', 'renderer')), port });
  console.log(`Voicewright headless studio on ${server.origin} (loopback only).`);
  console.log(`Open this URL in a browser (it carries this session's access token):\n  ${server.url}`);
  console.log(`VOICEWRIGHT_URL=${server.url}`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await backend.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

void main();
