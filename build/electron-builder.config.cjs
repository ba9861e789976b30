// electron-builder configuration: what goes into the installers, and the fuse-flipping afterPack hook.
/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'dev.voicewright.studio',
  productName: 'Voicewright',
  directories: { output: 'dist', buildResources: 'build' },
  files: ['out/**', '!out/**/*.map', 'package.json'],
  // The trainer (Python), the default voice and prompt lists ship next to the app, outside app.asar.
  extraResources: [{ from: 'resources', to: 'resources', filter: ['**/*', '!**/__pycache__/**', '!**/*.pyc'] }],
  asar: true,
  // Native modules and model runtimes must be real files on disk to be loaded.
  // Worker threads (dataset builds, the synthesis engine) start from real files, not from inside app.asar.
  asarUnpack: ['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/onnxruntime-node/**', 'resources/**', 'out/main/*.worker.js', 'out/main/chunks/**'],
  // Natives are rebuilt against Electron's ABI here, at packaging time; `npm ci` builds them for plain Node.
  npmRebuild: true,
  buildDependenciesFromSource: false,
  afterPack: './build/after-pack.cjs',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'AudioVideo',
    executableName: 'voicewright',
    synopsis: 'Speech-synthesis studio: record, train, synthesize audiobooks',
    maintainer: 'Voicewright <dev@voicewright.dev>',
  },
  deb: { depends: ['python3'] },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.music', hardenedRuntime: true },
};

module.exports = config;
