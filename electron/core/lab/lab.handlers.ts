// The lab domain's handlers: registered by handlers.ts, each receiving validated input.
import type { labCalls } from '../../shared/domains/lab';
import { ApiError } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic';
import type { DomainHandlers, HandlerDeps } from '../handlers';
import type { Workspace } from '../workspace/workspace';
import { labFor } from './lab.service';
import { metricsCsv, reportHtml } from './lab-report';
import { listeningSummaryFor } from './listening/results-summary';

export function labHandlers(deps: HandlerDeps): DomainHandlers<keyof typeof labCalls> {
  const ws = (): Workspace => {
    const w = deps.current();
    if (!w) throw new ApiError('no_workspace', 'No workspace is open.', 'Create or open a workspace first.');
    return w;
  };
  const write = (w: Workspace, experimentId: number, file: string, text: string): { path: string } => {
    const e = labFor(w).get(experimentId);
    const path = `${e.folder}/${file}`;
    writeFileAtomic(w.resolveInside(path), text);
    return { path };
  };
  return {
    'lab:conditions': () => labFor(ws()).conditions().map(({ input, label, kind, voiceName, mel }) => ({ input, label, kind, voiceName, mel })),
    'lab:create': (input) => labFor(ws()).create(input),
    'lab:get': ({ experimentId }) => labFor(ws()).get(experimentId),
    'lab:run': ({ experimentId }) => labFor(ws()).run(experimentId),
    'lab:report': ({ experimentId }) => {
      const w = ws();
      return write(w, experimentId, 'report.html', reportHtml(labFor(w).get(experimentId), listeningSummaryFor(w.db, experimentId)));
    },
    'lab:exportCsv': ({ experimentId }) => {
      const w = ws();
      return write(w, experimentId, 'metrics.csv', metricsCsv(labFor(w).get(experimentId)));
    },
  };
}
