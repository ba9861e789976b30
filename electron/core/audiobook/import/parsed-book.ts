// The shape every importer (EPUB, text, Markdown) hands on: sections of paragraphs, classified, before sentence splitting.
import type { ImportPreview } from '../../../shared/domains/books';
import type { SectionVerdict } from './section-kind';

export interface ParsedParagraph {
  text: string;
  /** A heading line (the chapter title as printed): read, with a longer pause after it. */
  heading: boolean;
}

export interface ParsedSection extends SectionVerdict {
  title: string;
  paragraphs: ParsedParagraph[];
  words: number;
  images: number;
  sourceRef: string;
  warnings: string[];
}

export interface ParsedBook {
  format: ImportPreview['format'];
  title: string;
  author: string;
  /** As the source states it (EPUB dc:language), '' when it does not. */
  language: string;
  sections: ParsedSection[];
  warnings: string[];
}
