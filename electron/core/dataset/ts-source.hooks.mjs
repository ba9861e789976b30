// Node module hooks that run the backend's TypeScript source in a worker thread when there is no built bundle (Vitest, benchmarks, tools).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** @type {Promise<typeof import('vite')> | undefined} */
let vite;

// The source imports siblings without an extension ('../audio/wav'), as the bundler resolves them.
const LOCAL = /^(\.{1,2}\/|\/|file:)/;

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const fromTs = context.parentURL?.endsWith('.ts') ?? false;
    if (!fromTs || !LOCAL.test(specifier) || err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    for (const candidate of [`${specifier.replace(/\.js$/, '')}.ts`, `${specifier}/index.ts`]) {
      try {
        return await next(candidate, context);
      } catch {
        // try the next spelling
      }
    }
    throw err;
  }
}

/** @type {import('node:module').LoadHook} */
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  // Vite's Oxc transform strips types in about a millisecond a file (TypeScript's own transpiler took four times as long to start).
  vite ??= import('vite');
  const { transformWithOxc } = await vite;
  const source = await readFile(fileURLToPath(url), 'utf8');
  const out = await transformWithOxc(source, url, { sourcemap: false });
  return { format: 'module', source: out.code, shortCircuit: true };
}
