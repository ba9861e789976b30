// The lab domain's handlers: registered by handlers.ts, each receiving validated input.
import type { labCalls } from '../../shared/domains/lab';
import type { DomainHandlers, HandlerDeps } from '../handlers';

export function labHandlers(_deps: HandlerDeps): DomainHandlers<keyof typeof labCalls> {
  return {};
}
