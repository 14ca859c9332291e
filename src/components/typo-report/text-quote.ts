import type { TextQuote } from '../../model/adapter.js';
import { collapseWhitespace, isBlock, rangeText } from './selection.js';

export { MAX_SELECTION_LENGTH, checkSelection, collapseWhitespace, rangeText, selectedText, selectionRange, type SelectionProblem } from './selection.js';

/**
 * Turning a reader's selection into a typo report: the W3C text-quote selector an editor uses to
 * find the spot again (exact text plus a little context either side, whitespace collapsed), and
 * the sentence the dialog shows it in. Pure DOM Range logic: text is read from text nodes, never
 * through markup, so nothing here can turn page text into HTML.
 */

/** Characters of context kept before and after the exact text. */
export const QUOTE_CONTEXT_LENGTH = 32;

/** Characters of the sentence shown either side of the selection before it is shortened. */
const SENTENCE_CONTEXT_LENGTH = 120;

/** The selection inside its sentence, for display: `before + exact + after` reads as one text. */
export interface SentenceContext {
  before: string;
  exact: string;
  after: string;
}

/**
 * The text-quote selector of a range: its exact text and up to `contextLength` characters of the
 * scope's text before and after it. Whitespace is collapsed everywhere, so the selector matches
 * the page's text however its markup is indented.
 */
export function textQuote(range: Range, scope: Node, contextLength = QUOTE_CONTEXT_LENGTH): TextQuote {
  const { before, exact, after } = splitAround(
    rangeText(spanBefore(range, scope)),
    rangeText(range),
    rangeText(spanAfter(range, scope)),
  );
  return {
    exact,
    prefix: contextLength > 0 ? before.slice(-contextLength) : '',
    suffix: after.slice(0, Math.max(0, contextLength)),
  };
}

/**
 * The sentence(s) a range sits in, split around it, within the nearest block (paragraph, list
 * item, heading…) of each end. Sentence boundaries come from `Intl.Segmenter`, so they follow the
 * rules of `lang`; a very long sentence is shortened with an ellipsis.
 */
export function sentenceContext(range: Range, scope: Node, lang?: string): SentenceContext {
  const startBlock = enclosingBlock(range.startContainer, scope);
  const endBlock = enclosingBlock(range.endContainer, scope);
  const { before, exact, after } = splitAround(
    rangeText(spanBefore(range, startBlock)),
    rangeText(range),
    rangeText(spanAfter(range, endBlock)),
  );
  const text = before + exact + after;
  const start = before.length;
  const end = start + exact.length;
  let sentenceStart = 0;
  let sentenceEnd = text.length;
  const segmenter = createSentenceSegmenter(lang);
  if (segmenter && exact !== '') {
    const segments = segmenter.segment(text);
    const first = segments.containing(start);
    const last = segments.containing(end - 1);
    if (first) sentenceStart = first.index;
    if (last) sentenceEnd = last.index + last.segment.length;
  }
  return {
    before: shortenStart(text.slice(sentenceStart, start)),
    exact,
    after: shortenEnd(text.slice(end, sentenceEnd).trimEnd()),
  };
}

/** The part of `container` before the range's start. */
function spanBefore(range: Range, container: Node): Range {
  const span = document.createRange();
  span.selectNodeContents(container);
  if (container.contains(range.startContainer)) span.setEnd(range.startContainer, range.startOffset);
  return span;
}

/** The part of `container` after the range's end. */
function spanAfter(range: Range, container: Node): Range {
  const span = document.createRange();
  span.selectNodeContents(container);
  if (container.contains(range.endContainer)) span.setStart(range.endContainer, range.endOffset);
  return span;
}

/**
 * Collapses the three raw texts as if they were one, trimming the selection: whitespace at its
 * edges moves to the context, where it keeps the words apart.
 */
function splitAround(beforeRaw: string, selectedRaw: string, afterRaw: string): SentenceContext {
  const leading = /^\s*/.exec(selectedRaw)![0];
  const trailing = /\s*$/.exec(selectedRaw)![0];
  const exact = collapseWhitespace(selectedRaw).trim();
  if (exact === '') return { before: collapseWhitespace(beforeRaw).trimStart(), exact, after: '' };
  return {
    before: collapseWhitespace(beforeRaw + leading).trimStart(),
    exact,
    after: collapseWhitespace(trailing + afterRaw).trimEnd(),
  };
}

/** The nearest block element around `node`, not above `scope` (the scope itself at most). */
function enclosingBlock(node: Node, scope: Node): Node {
  for (let current: Node | null = node; current && current !== scope; current = current.parentNode) {
    if (isBlock(current) && (current as Element).tagName !== 'BR') return current;
  }
  return scope;
}

function shortenStart(text: string): string {
  if (text.length <= SENTENCE_CONTEXT_LENGTH) return text;
  const cut = text.slice(-SENTENCE_CONTEXT_LENGTH);
  const space = cut.indexOf(' ');
  return '…' + (space > 0 && space < 20 ? cut.slice(space) : cut);
}

function shortenEnd(text: string): string {
  if (text.length <= SENTENCE_CONTEXT_LENGTH) return text;
  const cut = text.slice(0, SENTENCE_CONTEXT_LENGTH);
  const space = cut.lastIndexOf(' ');
  return (space > SENTENCE_CONTEXT_LENGTH - 20 ? cut.slice(0, space) : cut) + '…';
}

const segmenters = new Map<string, Intl.Segmenter | null>();

function createSentenceSegmenter(lang: string | undefined): Intl.Segmenter | null {
  const key = lang ?? '';
  if (!segmenters.has(key)) {
    let segmenter: Intl.Segmenter | null = null;
    try {
      segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(lang || undefined, { granularity: 'sentence' }) : null;
    } catch {
      // an invalid language tag: fall back to the runtime's default rules
      segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
    }
    segmenters.set(key, segmenter);
  }
  return segmenters.get(key)!;
}
