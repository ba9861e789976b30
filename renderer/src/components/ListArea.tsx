// An area that lists what the workspace holds for it: a table when there are items, an honest empty state otherwise.
import type { ReactNode } from 'react';
import type { CallInput, CallName, CallOutput } from '../../../electron/shared/contract';
import { useCall } from '../api/use-call';
import { DataTable, type Column } from './DataTable';
import { EmptyState } from './EmptyState';
import { ErrorNotice } from './ErrorNotice';
import type { IconName } from './Icon';
import { PageHeader } from './PageHeader';

type ListCall = 'corpus:listSpeakers' | 'datasets:list' | 'training:listRuns' | 'voices:list' | 'books:list' | 'lab:listExperiments';
export type Row<K extends ListCall> = CallOutput<K>[number];

interface Props<K extends ListCall> {
  area: string;
  title: string;
  icon: IconName;
  call: K & CallName;
  columns: readonly Column<Row<K>>[];
  itemsLabel: string;
  emptyTitle: string;
  /** What this area will do, in one or two sentences. */
  purpose: ReactNode;
}

export function ListArea<K extends ListCall>({ area, title, icon, call, columns, itemsLabel, emptyTitle, purpose }: Props<K>) {
  const list = useCall(call, {} as CallInput<K>);
  const rows = (list.data ?? []) as readonly Row<K>[];
  return (
    <section className="area" data-testid={`area-${area}`}>
      <PageHeader title={title} />
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refresh()} /> : null}
      {list.data === undefined && !list.error ? (
        <p className="muted" role="status">
          Loading {itemsLabel}…
        </p>
      ) : null}
      {list.data !== undefined && rows.length > 0 ? (
        <div className="card card--flush">
          <DataTable rows={rows} columns={columns} caption={itemsLabel} testId={`${area}-table`} />
        </div>
      ) : null}
      {list.data !== undefined && rows.length === 0 ? (
        <EmptyState icon={icon} title={emptyTitle} testId={`${area}-empty`}>
          <p>{purpose}</p>
          <p className="muted">This area is not built yet in this version of Voicewright.</p>
        </EmptyState>
      ) : null}
    </section>
  );
}
