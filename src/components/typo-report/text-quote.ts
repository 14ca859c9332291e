import type { TextQuote } from '../../model/adapter.js';
import { MAX_TYPO_QUOTE_LENGTH } from '../../model/rules.js';

/**
 * Turning a reader's selection into a typo report: the W3C text-quote selector an editor uses to
 * find the spot again (exact text plus a little context either side, whitespace collapsed), and
 * the sentence the dialog shows it in. Pure DOM Range logic: text is read from text nodes, never
 * through markup, so nothing here can turn page text into HTML.
 */

/** The longest selection accepted as a typo report, in characters after collapsing whitespace. */
export const MAX_SELECTION_LENGTH = MAX_TYPO_QUOTE_LENGTH;

/** Characters of context kept before and after the exact text. */
export const QUOTE_CONTEXT_LENGTH = 32;

/** Characters of the sentence shown either side of the selection before it is shortened. */
const SENTENCE_CONTEXT_LENGTH = 120;

/** Why a selection cannot be reported. */
export type SelectionProblem = 'empty' | 'outside' | 'too-long';

/** The selection inside its sentence, for display: `before + exact + after` reads as one text. */
export interface SentenceContext {
  before: string;
  exact: string;
  after: string;
}

// Elements whose edges separate words even when the markup has no whitespace between them
// (`<p>one</p><p>two</p>` reads "one two", not "onetwo"). A tag list rather than computed styles:
// it needs no layout and gives the same answer for detached or hidden content.
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'CAPTION', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL',
  'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HGROUP', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE',
  'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);

// Text a reader does not see as part of the article.
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'TEXTAREA', 'SELECT']);

/** Runs of whitespace (including non-breaking spaces and line breaks) become one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** The first range of a selection, or null when there is none. */
export function selectionRange(selection: Selection | null): Range | null {
  return selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
}

/** The selected text as a reader sees it: whitespace collapsed and trimmed. */
export function selectedText(range: Range): string {
  return collapseWhitespace(rangeText(range)).trim();
}

/** Whether a selection can be reported from `scope`, or what is wrong with it. */
export function checkSelection(range: Range | null, scope: Node): SelectionProblem | null {
  if (!range || range.collapsed) return 'empty';
  if (!scope.contains(range.commonAncestorContainer)) return 'outside';
  const text = selectedText(range);
  if (text === '') return 'empty';
  if (text.length > MAX_SELECTION_LENGTH) return 'too-long';
  return null;
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

/**
 * The text of a range read from its text nodes, with a space wherever a block boundary or `<br>`
 * separates words. Whitespace is left as it is (callers collapse it).
 */
export function rangeText(range: Range): string {
  const { startContainer, startOffset, endContainer, endOffset } = range;
  if (startContainer === endContainer && isText(startContainer)) {
    return isSkipped(startContainer.parentNode) ? '' : startContainer.data.slice(startOffset, endOffset);
  }
  const root = range.commonAncestorContainer;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (isSkipped(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!range.intersectsNode(node)) continue;
    if (isText(node)) {
      const from = node === startContainer ? startOffset : 0;
      const to = node === endContainer ? endOffset : node.data.length;
      if (isBlock(node.previousSibling)) text += ' ';
      text += node.data.slice(from, to);
    } else if (isBlock(node) && !node.contains(startContainer)) {
      // a block the range starts inside opened before it: no boundary within the range
      text += ' ';
    }
  }
  return text;
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

function isText(node: Node): node is Text {
  return node.nodeType === Node.TEXT_NODE;
}

function isBlock(node: Node | null): boolean {
  return node !== null && node.nodeType === Node.ELEMENT_NODE && BLOCK_TAGS.has((node as Element).tagName);
}

function isSkipped(node: Node | null): boolean {
  if (!node || node.nodeType !== Node.ELEMENT_NODE) return false;
  const element = node as Element;
  return SKIPPED_TAGS.has(element.tagName) || element.hasAttribute('hidden');
}
