// The Books area's hash routes: a reload or a shared link opens the same book and chapter; anything else is the list.
import { describe, expect, it } from 'vitest';
import { booksHref, parseBooksHash } from './use-books-route';

describe('books routes', () => {
  it('reads the book and the chapter from the hash', () => {
    expect(parseBooksHash('#/books')).toEqual({ bookId: null, chapterId: null });
    expect(parseBooksHash('#/books/3')).toEqual({ bookId: 3, chapterId: null });
    expect(parseBooksHash('#/books/3/chapters/12')).toEqual({ bookId: 3, chapterId: 12 });
    expect(parseBooksHash('#/books/3/chapters/12?sentence=4')).toEqual({ bookId: 3, chapterId: 12 });
  });

  it('treats ids that are not positive whole numbers as the list', () => {
    for (const h of ['#/books/0', '#/books/-1', '#/books/abc', '#/voices/3', '', '#/books/3x']) expect(parseBooksHash(h).bookId).toBeNull();
    expect(parseBooksHash('#/books/3/chapters/0')).toEqual({ bookId: 3, chapterId: null });
  });

  it('writes what it reads', () => {
    for (const [b, c] of [[null, null], [5, null], [5, 9]] as const) expect(parseBooksHash(booksHref(b, c))).toEqual({ bookId: b, chapterId: b === null ? null : c });
  });
});
