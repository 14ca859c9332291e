/**
 * The markdown dialect of comment bodies: GitHub-flavoured (autolinks, strikethrough, single
 * newlines as line breaks), no images, no raw HTML. The HTML string this module makes is not yet
 * safe: only src/render/sanitize.ts may call it, and it passes the result through DOMPurify before
 * anything reaches the page.
 */
import { Marked, type Tokens } from 'marked';
import { LINK_PROTOCOLS, checkUrl } from './url.js';

/**
 * Longer bodies render as plain text. Far above any comment a form accepts; it bounds the time a
 * hostile adapter can make one body cost.
 */
export const MAX_MARKDOWN_LENGTH = 20_000;

/**
 * Blockquotes nested deeper than this make the body render as plain text. marked's blockquote
 * lexing is exponential in the depth when each line is one level shallower than the previous
 * (measured: depth 16 takes 0.2 s, depth 21 takes 4.5 s for a 300-character body), and thousands
 * of levels overflow the stack. Eight levels of quoting is more than any conversation uses.
 */
export const MAX_QUOTE_DEPTH = 8;

/** Quotes, list markers and indentation together; deeper bodies render as plain text. */
export const MAX_CONTAINER_DEPTH = 32;

// The run of container markers (`>`, `-`, `*`, `+`, `1.`, `1)`) and indentation opening a line.
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))+/gm;

/** Whether `body` is small and shallow enough to hand to the markdown parser. */
export function isParsable(body: string): boolean {
  if (body.length > MAX_MARKDOWN_LENGTH) return false;
  for (const [prefix] of body.matchAll(CONTAINER_PREFIX)) {
    let quotes = 0;
    let markers = 0;
    let columns = 0;
    for (let i = 0; i < prefix.length; i++) {
      const char = prefix[i];
      if (char === ' ') columns += 1;
      else if (char === '\t') columns += 4;
      else if (char === '>') quotes += 1;
      else if (char === '-' || char === '+' || char === '*' || char === '.' || char === ')') markers += 1;
    }
    if (quotes > MAX_QUOTE_DEPTH) return false;
    // a nested list level needs at least two columns of indentation
    if (quotes + markers + Math.floor(columns / 2) > MAX_CONTAINER_DEPTH) return false;
  }
  return true;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` as HTML text or attribute content: every markup character escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** Like `escapeHtml`, but character references the author typed (`&amp;`, `&#233;`) stay references. */
function escapeKeepingReferences(text: string): string {
  return text.replace(/&(?!#\d{1,7};|#x[\da-f]{1,6};|[a-z][a-z\d]{1,31};)|[<>"']/gi, (char) => ESCAPES[char]);
}

const NAMED_REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A link destination with its character references decoded, as the browser would decode them in
 * the attribute. marked leaves them encoded; deciding on the encoded form would let
 * `&#106;avascript:` through as a harmless-looking relative URL. Named references beyond the five
 * XML ones stay as typed and so fail the URL check rather than being guessed.
 */
function decodeReferences(value: string): string {
  return value.replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]+));/gi, (reference, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_REFERENCES[name.toLowerCase()] ?? reference;
    const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
    const valid = codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    return valid ? String.fromCodePoint(codePoint) : '\ufffd';
  });
}

/** Plain text as paragraph content: markup escaped, each newline a `<br>`. */
function textWithBreaks(text: string): string {
  return escapeHtml(text.replace(/\s+$/, '')).replace(/\r?\n/g, '<br>');
}

const marked = new Marked({
  async: false,
  gfm: true,
  breaks: true,
  pedantic: false,
  silent: false,
  renderer: {
    // Raw HTML a user typed is shown as the text they typed, never interpreted.
    html(token: Tokens.HTML | Tokens.Tag) {
      return token.block ? `<p>${textWithBreaks(token.text)}</p>\n` : escapeHtml(token.text);
    },
    // Headings would outshout the page around the comments: bold paragraph instead.
    heading({ tokens }: Tokens.Heading) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
    link({ href, tokens, text, autolink }: Tokens.Link) {
      const content = autolink ? escapeHtml(text) : this.parser.parseInline(tokens);
      const url = checkUrl(autolink ? href : decodeReferences(href), LINK_PROTOCOLS);
      return url ? `<a href="${escapeHtml(url)}">${content}</a>` : content;
    },
    // No remote images (no third-party requests): the alt text, linked to the image when safe.
    image({ href, text, tokens }: Tokens.Image) {
      const alt = escapeKeepingReferences(tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text);
      const url = checkUrl(decodeReferences(href), LINK_PROTOCOLS);
      if (!url) return alt;
      return `<a href="${escapeHtml(url)}">${alt || escapeHtml(url)}</a>`;
    },
    // Task lists keep their state as text; the sanitizer allows no form controls.
    checkbox({ checked }: Tokens.Checkbox) {
      return checked ? '[x] ' : '[ ] ';
    },
    // Tables do not fit a narrow comment column: shown as the text that was typed.
    table({ raw }: Tokens.Table) {
      return `<p>${textWithBreaks(raw)}</p>\n`;
    },
    code({ text, escaped }: Tokens.Code) {
      const source = text.replace(/\n$/, '');
      return `<pre><code>${escaped ? source : escapeHtml(source)}</code></pre>\n`;
    },
  },
});

/**
 * The HTML of a comment body, NOT sanitized: pass it to the sanitizer and nowhere else. Null when
 * the body must render as plain text instead: too long, nested too deep, or the parser failed.
 */
export function markdownToUnsafeHtml(body: string): string | null {
  if (!isParsable(body)) return null;
  try {
    return marked.parse(body, { async: false });
  } catch {
    // marked throws on input it cannot handle (a stack overflow among them); the text still shows
    return null;
  }
}
