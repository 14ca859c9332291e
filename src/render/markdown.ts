/**
 * The markdown dialect of comment bodies: GitHub-flavoured (autolinks, strikethrough, single
 * newlines as line breaks), no images, no raw HTML. The HTML string this module makes is not yet
 * safe: only src/render/sanitize.ts may call it, and it passes the result through DOMPurify before
 * anything reaches the page.
 */
import { Marked, type Tokens } from 'marked';
import { LINK_PROTOCOLS, checkUrl } from './url.js';

/**
 * Longer bodies render as plain text. Twice the longest comment the shipped adapters and server
 * accept (5,000 characters); it bounds what one body from a hostile adapter can cost.
 */
export const MAX_MARKDOWN_LENGTH = 10_000;

/**
 * Blockquotes nested deeper than this make the body render as plain text: thousands of levels
 * overflow marked's stack. Eight levels of quoting is more than any conversation uses.
 */
export const MAX_QUOTE_DEPTH = 8;

/**
 * Each line costs 2^(its quote depth) - 1 of this budget; a body over it renders as plain text.
 * marked's blockquote lexing is exponential in the depth when each line is one level shallower than
 * the previous (measured with marked 18 in Node 20: 1.5 ms for depth 8, 40 ms for depth 10, 0.6 s for depth 16, 4.5 s for a
 * 300-character body of depth 21), so depth alone does not bound the cost of a long body repeating
 * such a staircase. The budget allows a thousand lines quoted two levels deep.
 */
export const QUOTE_BUDGET = 4096;

/**
 * Quotes, list markers and indentation (two columns a level) together; deeper bodies render as plain
 * text. Deeply nested lists also grow superlinearly (one 32-level staircase takes 20 ms).
 */
export const MAX_CONTAINER_DEPTH = 16;

/**
 * Characters that start an inline construct (emphasis, strikethrough, links and images, code spans,
 * autolinks, escapes, character references) outside fenced code; a body with more renders as plain
 * text. marked tries each one by scanning ahead through its paragraph, so the cost grows with their
 * number times the length (20,000 characters of `a_b` took seconds, `!` likewise); a comment
 * written by a person uses a few dozen.
 */
export const MAX_INLINE_DELIMITERS = 500;

// The run of container markers (`>`, `-`, `*`, `+`, `1.`, `1)`) and indentation opening a line.
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))+/;
// A code fence line: the fence, then the info string (or nothing, on a closing fence).
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})(.*)$/;
const INLINE_DELIMITER = /[*_~[!<`\\(@&]/g;

/** The nesting a line opens with: its quote depth and its container depth. */
function lineDepth(line: string): { quotes: number; containers: number } {
  const prefix = CONTAINER_PREFIX.exec(line)?.[0];
  if (!prefix) return { quotes: 0, containers: 0 };
  let quotes = 0;
  let markers = 0;
  let columns = 0;
  let separator = false;
  for (const char of prefix) {
    if (char === ' ' || char === '\t') {
      // the first space after a marker separates it from the content; more is indentation
      if (separator) separator = false;
      else columns += char === '\t' ? 4 : 1;
    } else if (char === '>') {
      quotes += 1;
      separator = true;
    } else if (char === '-' || char === '+' || char === '*' || char === '.' || char === ')') {
      markers += 1;
      separator = true;
    }
  }
  // a nested list level needs at least two columns of indentation
  return { quotes, containers: quotes + markers + Math.floor(columns / 2) };
}

/**
 * Whether `body` is small and simple enough to hand to the markdown parser; see the limits above.
 * The checks are deliberately conservative (a fence inside a quote is not recognized, quotes inside
 * a fence still count): erring only ever means a body shows as plain text.
 */
export function isParsable(body: string): boolean {
  if (body.length > MAX_MARKDOWN_LENGTH) return false;
  let quoteCost = 0;
  let delimiters = 0;
  let fence: string | undefined;
  // marked treats a lone carriage return as a line end too; so must the checks
  for (const line of body.split(/\r\n?|\n/)) {
    const { quotes, containers } = lineDepth(line);
    if (quotes > MAX_QUOTE_DEPTH || containers > MAX_CONTAINER_DEPTH) return false;
    quoteCost += 2 ** quotes - 1;
    if (quoteCost > QUOTE_BUDGET) return false;
    const [, marker, info = ''] = FENCE.exec(line) ?? [];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && !info.trim()) fence = undefined;
    } else if (marker && !(marker[0] === '`' && info.includes('`'))) {
      fence = marker;
    } else {
      delimiters += line.match(INLINE_DELIMITER)?.length ?? 0;
      if (delimiters > MAX_INLINE_DELIMITERS) return false;
    }
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
