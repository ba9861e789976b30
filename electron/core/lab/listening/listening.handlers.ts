// The listening-test domain's handlers: registered by handlers.ts, each receiving validated input.
import type { listeningCalls } from '../../../shared/domains/listening';
import type { DomainHandlers, HandlerDeps } from '../../handlers';

export function listeningHandlers(_deps: HandlerDeps): DomainHandlers<keyof typeof listeningCalls> {
  return {};
}
