// Before tests: make sure native modules are built for this Node (after `npm run studio` built them for Electron).
import { spawnSync } from 'node:child_process';

const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { encoding: 'utf8' });
if (probe.status !== 0) {
  if (/NODE_MODULE_VERSION|was compiled against a different Node.js version/.test(probe.stderr)) {
    console.log('better-sqlite3 was built for Electron; rebuilding it for Node…');
    const r = spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit', shell: process.platform === 'win32' });
    process.exit(r.status ?? 1);
  }
  console.error(`better-sqlite3 does not load:\n${probe.stderr}\nRun npm ci (it builds it from source where no prebuilt binary can be downloaded: needs python3, make and a C++ compiler).`);
  process.exit(1);
}
