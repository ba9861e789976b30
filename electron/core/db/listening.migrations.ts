// The listening-test schema's migrations (version 9 is theirs); migrations.ts merges them in version order.
import type { Migration } from './migrations';

export const listeningMigrations: readonly Migration[] = [];
