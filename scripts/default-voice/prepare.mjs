#!/usr/bin/env node
// `node scripts/default-voice/prepare.mjs [--workspace DIR]`: runs prepare.ts from source with the backend's TypeScript hooks.
import { register } from 'node:module';
import { URL } from 'node:url';

register('../../electron/core/dataset/ts-source.hooks.mjs', import.meta.url);
await import(new URL('./prepare.ts', import.meta.url).href);
