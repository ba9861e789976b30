// `node --import ./electron/core/dataset/ts-source.register.mjs file.ts`: runs backend TypeScript under plain Node (workers from source, tools).
import { register } from 'node:module';

register('./ts-source.hooks.mjs', import.meta.url);
