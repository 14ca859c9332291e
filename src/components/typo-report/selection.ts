/**
 * What the reader selected, read as text: enough to decide whether a selection can be reported
 * (the "Report a typo" button and Ctrl + Enter need nothing more). The quote and the sentence
 * the dialog shows are built from it in text-quote.ts, which loads with the dialog. Text is read
 * from text nodes, never through markup.
 */

import { MAX_TYPO_QUOTE_LENGTH } from '../../model/rules.js';

/** Why a selection cannot be reported. */
export type SelectionProblem = 'empty' | 'outside' | 'too-long';

/** The longest selection accepted as a typo report, in characters after collapsing whitespace. */
export const MAX_SELECTION_LENGTH = MAX_TYPO_QUOTE_LENGTH;

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

export function isText(node: Node): node is Text {
  return node.nodeType === Node.TEXT_NODE;
}

export function isBlock(node: Node | null): boolean {
  return node !== null && node.nodeType === Node.ELEMENT_NODE && BLOCK_TAGS.has((node as Element).tagName);
}

function isSkipped(node: Node | null): boolean {
  if (!node || node.nodeType !== Node.ELEMENT_NODE) return false;
  const element = node as Element;
  return SKIPPED_TAGS.has(element.tagName) || element.hasAttribute('hidden');
}
