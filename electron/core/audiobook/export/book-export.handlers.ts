// The handlers of the book-export calls (edit list, assembled chapter, export), spread into the books domain's.
import type { bookExportCalls } from '../../../shared/domains/book-export';
import { ApiError } from '../../../shared/errors';
import type { DomainHandlers, HandlerDeps } from '../../handlers';
import type { Workspace } from '../../workspace/workspace';
import { bookExportFor } from './book-export.service';

export function bookExportHandlers(deps: HandlerDeps): DomainHandlers<keyof typeof bookExportCalls> {
  const ws = (): Workspace => {
    const w = deps.current();
    if (!w) throw new ApiError('no_workspace', 'No workspace is open.', 'Create or open a workspace first.');
    return w;
  };
  const s = () => bookExportFor(ws());
  return {
    'books:edits': ({ chapterId }) => s().edits(chapterId),
    'books:addEdit': ({ chapterId, edit }) => s().addEdit(chapterId, edit),
    'books:removeEdit': ({ chapterId, editId }) => s().removeEdit(chapterId, editId),
    'books:undoEdit': ({ chapterId }) => s().undo(chapterId),
    'books:redoEdit': ({ chapterId }) => s().redo(chapterId),
    'books:previewChapter': ({ chapterId }) => s().previewChapter(chapterId),
    'books:chapterPreview': ({ chapterId }) => s().chapterPreview(chapterId),
    'books:chapterPeaks': ({ chapterId, bins }) => s().chapterPeaks(chapterId, bins),
    'books:export': (input) => s().export(input),
    'books:lastExport': ({ bookId }) => s().lastExport(bookId),
  };
}
