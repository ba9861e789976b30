// The books domain's handlers: registered by handlers.ts, each receiving validated input.
import type { booksCalls } from '../../shared/domains/books';
import type { DomainHandlers, HandlerDeps } from '../handlers';

export function booksHandlers(_deps: HandlerDeps): DomainHandlers<keyof typeof booksCalls> {
  return {};
}
