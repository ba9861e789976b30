// Hook: which book and chapter are open, from the hash (#/books/<book>[/chapters/<chapter>]), so reload and back/forward keep them.
import { useCallback, useEffect, useState } from 'react';

export interface BooksRoute {
  bookId: number | null;
  chapterId: number | null;
}

export function parseBooksHash(hash: string): BooksRoute {
  const m = /^#\/books\/(\d+)(?:\/chapters\/(\d+))?(?:[/?].*)?$/.exec(hash);
  const num = (s: string | undefined): number | null => {
    const n = s === undefined ? NaN : Number(s);
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  const bookId = num(m?.[1]);
  return { bookId, chapterId: bookId === null ? null : num(m?.[2]) };
}

export function booksHref(bookId: number | null, chapterId: number | null = null): string {
  if (bookId === null) return '#/books';
  return chapterId === null ? `#/books/${bookId}` : `#/books/${bookId}/chapters/${chapterId}`;
}

export function useBooksRoute(): [BooksRoute, (bookId: number | null, chapterId?: number | null) => void] {
  const [route, setRoute] = useState<BooksRoute>(() => parseBooksHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseBooksHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((bookId: number | null, chapterId: number | null = null) => {
    window.location.hash = booksHref(bookId, chapterId);
    setRoute({ bookId, chapterId: bookId === null ? null : chapterId });
  }, []);
  return [route, go];
}
