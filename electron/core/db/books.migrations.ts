// The books schema's migrations (version 7 is theirs); migrations.ts merges them in version order.
import type { Migration } from './migrations';

export const booksMigrations: readonly Migration[] = [];
