#!/usr/bin/env node
// `node scripts/default-voice/export.mjs [--workspace DIR] [--name NAME] [--with-vocoder]`: runs export.ts from source with the backend's TypeScript hooks.
import { register } from 'node:module';
import { URL } from 'node:url';

register('../../electron/core/dataset/ts-source.hooks.mjs', import.meta.url);
await import(new URL('./export.ts', import.meta.url).href);
