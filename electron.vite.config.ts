// Builds the Electron main process (plus the headless server entry), the sandboxed preload and the renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          // The headless server runs under plain Node from the same build.
          server: resolve('electron/server/cli.ts'),
          // Worker threads are entries of their own, emitted beside these (out/main/<name>.js); dataset-pool.ts finds them there.
          'dataset-build.worker': resolve('electron/core/dataset/dataset-build.worker.ts'),
          // The synthesis engine's own process (engine-host.ts forks it) and `voicewright synth` (scripts/voicewright-cli.mjs).
          'engine.worker': resolve('electron/core/synth/engine.worker.ts'),
          // The lab's experiment run (electron/core/lab/lab.service.ts starts it as a worker thread).
          'lab-run.worker': resolve('electron/core/lab/lab-run.worker.ts'),
          // Books: reading, splitting and storing an imported book (electron/core/audiobook/import/book-import.host.ts).
          'book-import.worker': resolve('electron/core/audiobook/import/book-import.worker.ts'),
          'voicewright-cli': resolve('electron/core/synth/voicewright.cli.ts'),
          // A chapter export (mastering and encoding) runs in its own thread; chapter-export-host.ts finds it here.
          'chapter-export.worker': resolve('electron/core/audiobook/mastering/chapter-export.worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot load ES modules or node_modules: bundle everything into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
    plugins: [react()],
  },
});
