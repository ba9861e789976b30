// The recent-workspaces list, an app-level JSON file outside any workspace, written atomically.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RecentWorkspace } from '../../shared/contract';
import { writeFileAtomic } from '../fs/atomic';

const MAX_RECENT = 12;
const FileSchema = z.object({
  version: z.literal(1),
  recent: z.array(z.object({ path: z.string(), name: z.string(), lastOpenedAt: z.string() })),
});
type Entry = z.infer<typeof FileSchema>['recent'][number];

export class RecentStore {
  private readonly file: string;
  constructor(appDataDir: string) {
    mkdirSync(appDataDir, { recursive: true });
    this.file = join(appDataDir, 'recent-workspaces.json');
  }

  private read(): Entry[] {
    if (!existsSync(this.file)) return [];
    try {
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.recent : [];
    } catch {
      return []; // a damaged list is only a convenience; start a new one
    }
  }

  private write(list: Entry[]): void {
    writeFileAtomic(this.file, JSON.stringify({ version: 1, recent: list }, null, 2));
  }

  list(): RecentWorkspace[] {
    return this.read().map((e) => ({ ...e, exists: existsSync(join(e.path, 'studio.sqlite')) }));
  }

  touch(path: string, name: string): void {
    const rest = this.read().filter((e) => e.path !== path);
    this.write([{ path, name, lastOpenedAt: new Date().toISOString() }, ...rest].slice(0, MAX_RECENT));
  }

  forget(path: string): RecentWorkspace[] {
    this.write(this.read().filter((e) => e.path !== path));
    return this.list();
  }
}
