// The books domain's handlers: registered by handlers.ts, each receiving validated input.
import type { booksCalls } from '../../shared/domains/books';
import { ApiError } from '../../shared/errors';
import type { DomainHandlers, HandlerDeps } from '../handlers';
import type { Workspace } from '../workspace/workspace';
import { booksFor } from './book.service';
import { bookExportHandlers } from './export/book-export.handlers';
import { renderHandlers } from './render/render.handlers';

export function booksHandlers(deps: HandlerDeps): DomainHandlers<keyof typeof booksCalls> {
  const ws = (): Workspace => {
    const w = deps.current();
    if (!w) throw new ApiError('no_workspace', 'No workspace is open.', 'Create or open a workspace first.');
    return w;
  };
  const books = () => booksFor(ws());
  return {
    'books:previewImport': ({ path, chapterPattern }) => books().previewImport(path, chapterPattern),
    'books:import': (input) => books().import(input),
    'books:get': ({ bookId }) => books().get(bookId),
    'books:delete': ({ bookId }) => { books().delete(bookId); return null; },
    'books:update': ({ bookId, ...patch }) => books().update(bookId, patch),
    'books:setChapter': ({ chapterId, ...patch }) => books().setChapter(chapterId, patch),
    'books:chapter': ({ chapterId, offset, limit }) => books().chapter(chapterId, offset, limit),
    'books:editSentence': ({ sentenceId, text }) => books().editSentence(sentenceId, text),
    'books:setPause': ({ sentenceId, pauseAfterMs }) => books().setPause(sentenceId, pauseAfterMs),
    'books:setSentenceVoice': ({ sentenceId, voiceId, vocoder }) => books().setSentenceVoice(sentenceId, voiceId, vocoder),
    'books:flag': (input) => books().flag(input),
    'books:unflag': ({ flagId }) => { books().unflag(flagId); return null; },
    'books:lexiconList': ({ bookId }) => books().lexicon.list(bookId),
    'books:lexiconAdd': ({ bookId, word, ipa, respelling }) => books().lexicon.add(bookId, word, { ipa, respelling }),
    'books:lexiconRemove': ({ bookId, word }) => books().lexicon.remove(bookId, word),
    'books:lexiconSuggest': ({ word, language }) => books().lexicon.suggest(word, language),
    'books:lexiconImport': ({ bookId, path }) => books().lexicon.importPls(bookId, path),
    'books:lexiconExport': ({ bookId, path, language }) => books().lexicon.exportPls(bookId, path, language),
    'books:findReplace': ({ bookId, ...o }) => books().findReplace(bookId, o),
    ...renderHandlers(deps),
    ...bookExportHandlers(deps),
  };
}
