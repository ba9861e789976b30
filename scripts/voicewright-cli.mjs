#!/usr/bin/env node
// `npx voicewright synth ...`: runs the CLI from the build (out/main/voicewright-cli.js) when there is one, else from the TypeScript source.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath, URL } from 'node:url';

const built = new URL('../out/main/voicewright-cli.js', import.meta.url);
// VOICEWRIGHT_CLI_SOURCE=1 runs the source even where a build exists (tests, development).
if (existsSync(fileURLToPath(built)) && process.env.VOICEWRIGHT_CLI_SOURCE !== '1') {
  await import(built.href);
} else {
  // The same TypeScript hooks the backend's source workers use.
  register('../electron/core/dataset/ts-source.hooks.mjs', import.meta.url);
  await import(new URL('../electron/core/synth/voicewright.cli.ts', import.meta.url).href);
}
