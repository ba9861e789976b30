// `npm run studio`: builds, then opens the Electron window where Electron is installed, otherwise the headless studio.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function run(cmd, cmdArgs, env = process.env) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

run('npx', ['electron-vite', 'build']);
const electron = electronBinary();
if (electron && !process.env.VOICEWRIGHT_HEADLESS) {
  // Native modules are built for Node by `npm ci`; Electron needs its own ABI. `npm test` switches back.
  run('npx', ['electron-builder', 'install-app-deps']);
  const child = spawn(electron, ['.', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(electron
    ? 'VOICEWRIGHT_HEADLESS is set: starting the headless studio.'
    : 'Electron is not installed here (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed): starting the headless studio instead.');
  const child = spawn(process.execPath, ['out/main/server.js', ...args], { stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
