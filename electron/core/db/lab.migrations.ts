// The lab schema's migrations (version 8 is theirs); migrations.ts merges them in version order.
import type { Migration } from './migrations';

export const labMigrations: readonly Migration[] = [];
