// Every call refuses malformed input with a typed error: wrong types, missing fields, huge strings, __proto__ keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { callNames, calls } from '../shared/contract';
import { createBackend, type Backend } from './backend';
import { makeTempDir } from './testing/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let backend: Backend;
beforeAll(async () => {
  tmp = makeTempDir();
  backend = await createBackend({ appDataDir: join(tmp.path, 'app'), workspace: join(tmp.path, 'ws') });
});
afterAll(async () => {
  await backend.close();
  tmp.cleanup();
});

const huge = 'x'.repeat(10 * 1024 * 1024);
const badInputs: [string, unknown][] = [
  ['a string instead of an object', 'hello'],
  ['a number', 42],
  ['an array', [1, 2]],
  ['an unknown field', { surprise: true }],
  ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')],
  ['a constructor key', { constructor: { prototype: { polluted: true } } }],
];

describe('the contract at the boundary', () => {
  for (const name of callNames) {
    it(`${name} rejects malformed input with invalid_input`, async () => {
      for (const [label, input] of badInputs) {
        const r = await backend.invoke(name, input);
        expect(r, `${name} with ${label}`).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining(name) } });
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  const shapeOf = (name: keyof typeof calls): string[] => {
    const schema = calls[name].input as unknown as { shape?: Record<string, unknown> };
    return Object.keys(schema.shape ?? {});
  };
  /** null is a value, not a wrong type, where a field is nullable by design (bookId null: the workspace lexicon). */
  const takesNull = (name: keyof typeof calls, field: string): boolean => {
    const schema = calls[name].input as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> };
    return schema.shape[field]!.safeParse(null).success;
  };

  for (const name of callNames.filter((n) => shapeOf(n).length > 0)) {
    it(`${name} rejects wrong types and 10 MB strings in each field`, async () => {
      for (const field of shapeOf(name)) {
        for (const bad of [huge, { nested: 1 }, -1.5, null]) {
          if (bad === null && takesNull(name, field)) continue;
          const r = await backend.invoke(name, { [field]: bad });
          expect(r, `${name}.${field}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        }
      }
    });
  }

  it('rejects missing required fields', async () => {
    expect(await backend.invoke('workspace:open', {})).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/path/) } });
    expect(await backend.invoke('jobs:cancel', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('rejects unknown call names', async () => {
    expect(await backend.invoke('workspace:format', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await backend.invoke('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await backend.invoke('toString', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  it('rejects paths outside the workspace', async () => {
    for (const folder of ['..', '../../etc', '/etc', 'takes/../../..']) {
      expect(await backend.invoke('workspace:listMedia', { folder })).toMatchObject({ ok: false, error: { code: 'path_outside_workspace' } });
    }
    expect(() => backend.resolveMedia('../studio.sqlite')).toThrow(expect.objectContaining({ code: 'path_outside_workspace' }));
  });

  it('still works after all that: the store was not changed by bad input', async () => {
    const r = await backend.invoke('settings:get', {});
    expect(r).toMatchObject({ ok: true, value: { theme: 'system' } });
  });
});
