#!/usr/bin/env node
// `npm run voice:measure -- --voice DIR | --recordings`: runs measure.ts from source with the backend's TypeScript hooks.
import { register } from 'node:module';
import { URL } from 'node:url';

register('../../electron/core/dataset/ts-source.hooks.mjs', import.meta.url);
await import(new URL('./measure.ts', import.meta.url).href);
