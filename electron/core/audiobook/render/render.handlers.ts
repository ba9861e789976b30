// The render queue's handlers (spread into the books domain's): each receives validated input and runs on the open workspace's queue.
import type { renderCalls } from '../../../shared/domains/book-render';
import { ApiError } from '../../../shared/errors';
import type { DomainHandlers, HandlerDeps } from '../../handlers';
import type { Workspace } from '../../workspace/workspace';
import { renderQueueFor } from './render-queue.service';

export function renderHandlers(deps: HandlerDeps): DomainHandlers<keyof typeof renderCalls> {
  const ws = (): Workspace => {
    const w = deps.current();
    if (!w) throw new ApiError('no_workspace', 'No workspace is open.', 'Create or open a workspace first.');
    return w;
  };
  const queue = () => renderQueueFor(ws());
  return {
    'books:renderChapter': (input) => queue().renderChapter(input),
    'books:renderBook': (input) => queue().renderBook(input),
    'books:regenerate': (input) => queue().regenerate(input),
    'books:chooseTake': ({ sentenceId, takeId }) => queue().chooseTake(sentenceId, takeId),
    'books:takes': ({ sentenceId }) => queue().takes(sentenceId),
    'books:renderStatus': ({ bookId }) => queue().status(bookId),
  };
}
