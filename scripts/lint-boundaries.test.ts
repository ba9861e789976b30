// The module boundaries are enforced by lint: each forbidden import is reported, allowed ones are not.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('the renderer may import electron/shared but not core, main, server or Node', async () => {
    expect(await messages("import { calls } from '../../electron/shared/contract';\nexport const c = calls;\n", 'renderer/src/x.ts')).toEqual([]);
    for (const bad of ['../../electron/core/backend', '../../electron/server/server', '../../electron/main/index', 'node:fs', 'better-sqlite3', 'electron']) {
      const found = await messages(`import * as m from '${bad}';\nexport const c = m;\n`, 'renderer/src/x.ts');
      expect(found.join('\n'), bad).toMatch(/no-restricted-imports/);
    }
  });

  it('the backend never imports electron', async () => {
    expect((await messages("import { app } from 'electron';\nexport const a = app;\n", 'electron/core/x.ts')).join()).toMatch(/plain Node/);
    expect((await messages("import { app } from 'electron';\nexport const a = app;\n", 'electron/server/x.ts')).join()).toMatch(/plain Node/);
  });

  it('the shared contract imports neither Node nor Electron', async () => {
    expect((await messages("import { join } from 'node:path';\nexport const j = join;\n", 'electron/shared/x.ts')).join()).toMatch(/no-restricted-imports/);
  });

  it('SQL stays in core/db repositories', async () => {
    const code = "import type { Database } from 'better-sqlite3';\nexport function f(db: Database): unknown { return db.prepare('SELECT 1').get(); }\n";
    expect((await messages(code, 'electron/core/jobs/x.ts')).join()).toMatch(/SQL lives in electron\/core\/db/);
    expect(await messages(code, 'electron/core/db/x.repo.ts')).toEqual([]);
  });
});
