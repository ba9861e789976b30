// The listening-test domain's handlers: registered by handlers.ts, each receiving validated input.
import type { listeningCalls } from '../../../shared/domains/listening';
import { ApiError } from '../../../shared/errors';
import type { DomainHandlers, HandlerDeps } from '../../handlers';
import type { Workspace } from '../../workspace/workspace';
import { listeningFor, type ListeningService } from './listening.service';

export function listeningHandlers(deps: HandlerDeps): DomainHandlers<keyof typeof listeningCalls> {
  const svc = (): ListeningService => {
    const w: Workspace | null = deps.current();
    if (!w) throw new ApiError('no_workspace', 'No workspace is open.', 'Create or open a workspace first.');
    return listeningFor(w);
  };
  return {
    'listening:create': (input) => svc().create(input),
    'listening:list': ({ experimentId }) => svc().list(experimentId),
    'listening:get': ({ testId }) => svc().get(testId),
    'listening:startSession': ({ testId, listenerId }) => svc().startSession(testId, listenerId),
    'listening:submitResults': ({ testId, results }) => svc().submitResults(testId, results),
    'listening:importResults': ({ testId, text, path }) => svc().importResults(testId, { text, path }),
    'listening:results': ({ testId }) => svc().results(testId),
    'listening:exportBundle': ({ testId, path }) => svc().exportBundle(testId, path),
    'listening:exportCsv': ({ testId }) => svc().exportCsv(testId),
  };
}
