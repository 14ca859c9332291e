/**
 * The markdown dialect of comment bodies: paragraphs with single newlines as line breaks, bold,
 * italic, strikethrough, inline code, fenced and indented code, quotes, lists, links; headings
 * become bold paragraphs; no images, no raw HTML, no tables (shown as typed). A small parser made
 * for exactly this subset (docs/decisions/markdown.md says why). Bare URLs are linked after
 * sanitizing, by src/render/sanitize.ts. The HTML string this module makes is not yet safe: only
 * src/render/sanitize.ts may call it, and it passes the result through DOMPurify before anything
 * reaches the page.
 */
import { LINK_PROTOCOLS, checkUrl } from './url.js';

/**
 * Longer bodies render as plain text. Twice the longest comment the shipped adapters and server
 * accept (5,000 characters); it bounds what one body from a hostile adapter can cost.
 */
export const MAX_MARKDOWN_LENGTH = 10_000;

/**
 * Blockquotes nested deeper than this make the body render as plain text: each level is parsed by a
 * recursive call over its lines. Eight levels of quoting is more than any conversation uses.
 */
export const MAX_QUOTE_DEPTH = 8;

/**
 * Each line costs 2^(its quote depth) - 1 of this budget; a body over it renders as plain text.
 * Every quote level parses its lines again, so depth alone does not bound the cost of a long body
 * repeating a deep staircase. The budget allows a thousand lines quoted two levels deep.
 */
export const QUOTE_BUDGET = 4096;

/**
 * Quotes, list markers and indentation (two columns a level) together; deeper bodies render as
 * plain text. Like quotes, every list level is a recursive parse of its lines.
 */
export const MAX_CONTAINER_DEPTH = 16;

/**
 * Characters that start an inline construct (emphasis, strikethrough, links and images, code spans,
 * autolinks, escapes, character references) outside fenced code; a body with more renders as plain
 * text. Each one may make a pattern scan ahead through its paragraph, so the cost grows with their
 * number times the length; a comment written by a person uses a few dozen.
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
  // a lone carriage return ends a line for the parser too; so must the checks
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
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** Like `escapeHtml`, but character references the author typed (`&amp;`, `&#233;`) stay references. */
function escapeText(text: string): string {
  return text.replace(/&(?!#\d{1,7};|#x[\da-f]{1,6};|[a-z][a-z\d]{1,31};)|[<>"']/gi, (char) => ESCAPES[char]);
}

const NAMED_REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A link destination with its backslash escapes and character references decoded, as the browser
 * would decode them in the attribute. Deciding on the encoded form would let `&#106;avascript:`
 * through as a harmless-looking relative URL. Named references beyond the five XML ones stay as
 * typed and so fail the URL check rather than being guessed.
 */
function decodeDestination(value: string): string {
  return value
    .replace(ESCAPED, '$1')
    .replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]+));/gi, (reference, decimal?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMED_REFERENCES[name.toLowerCase()] ?? reference;
      const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
      const valid = codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
      return valid ? String.fromCodePoint(codePoint) : '\ufffd';
    });
}

// ---------------------------------------------------------------------------------------------
// Inline: code spans, links, escapes and bare URLs are cut out first (as placeholders, so nothing
// later reads inside them), then the rest is escaped and emphasis applied.

/** A backslash before ASCII punctuation makes it literal. */
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
/** A backtick run, the shortest content, and a closing run of exactly the same length. */
const CODE_SPAN = /(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;
/** `<https://…>`, `<mailto:…>` and `<name@host>`. */
const ANGLE_LINK = /<((?:https?|mailto):[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>/gi;
/** `(destination "title")` after a link's or image's text; one level of parentheses in a bare destination. */
const DESTINATION = String.raw`\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)`;
const IMAGE = new RegExp(String.raw`!\[([^\]]*)\]` + DESTINATION, 'g');
const LINK = new RegExp(String.raw`\[([^\]]*)\]` + DESTINATION, 'g');
/** A bare web address, without the punctuation that ends the sentence around it. */
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>]*[^\s<>?!.,:;*_'"~)]/gi;
/** Letters and digits around `_` make it part of a word (`snake_case`), not emphasis. */
const EMPHASIS: [RegExp, string][] = [
  [/\*\*(?=\S)([\s\S]*?\S)\*\*(?!\*)/g, 'strong'],
  [/(?<![\p{L}\p{N}_])__(?=\S)([\s\S]*?\S)__(?![\p{L}\p{N}_])/gu, 'strong'],
  [/\*(?=\S)([\s\S]*?\S)\*/g, 'em'],
  [/(?<![\p{L}\p{N}_])_(?=\S)([\s\S]*?\S)_(?![\p{L}\p{N}_])/gu, 'em'],
  [/~~(?=\S)([\s\S]*?\S)~~/g, 'del'],
];

/** The HTML of one paragraph's text. */
function inline(source: string): string {
  const kept: string[] = [];
  // \0 and \x01 cannot occur in the source: markdownToUnsafeHtml replaces them
  const keep = (html: string): string => `\0${kept.push(html) - 1}\x01`;
  const restore = (html: string): string => html.replace(/\0(\d+)\x01/g, (_, index: string) => restore(kept[+index]));
  // an unsafe destination leaves the text; a link without text shows its address
  const link = (destination: string, content: string): string => {
    const url = checkUrl(decodeDestination(destination.replace(/^<([\s\S]*)>$/, '$1')), LINK_PROTOCOLS);
    return url ? keep(`<a href="${escapeHtml(url)}">`) + (content || keep(escapeHtml(url))) + keep('</a>') : content;
  };
  let html = source
    .replace(CODE_SPAN, (_, _ticks: string, code: string) =>
      keep(`<code>${escapeHtml(code.replace(/\n/g, ' ').replace(/^ (.*[^ ].*) $/, '$1'))}</code>`),
    )
    .replace(ANGLE_LINK, (_, target: string) =>
      keep(link(target.includes(':') ? target : `mailto:${target}`, escapeHtml(target))),
    )
    // No remote images (no third-party requests): the alt text, linked to the image when safe.
    .replace(IMAGE, (_, alt: string, destination: string) => keep(link(destination, escapeText(alt.replace(ESCAPED, '$1')))))
    .replace(LINK, (_, text: string, destination: string) => link(destination, text))
    .replace(ESCAPED, (_, char: string) => keep(escapeHtml(char)))
    .replace(BARE_URL, (url) => keep(escapeHtml(url)));
  html = escapeText(html);
  for (const [pattern, tag] of EMPHASIS) html = html.replace(pattern, `<${tag}>$1</${tag}>`);
  // every newline is a line break, as people type comments; a trailing backslash means the same
  return restore(html.replace(/[ \t]*\\?\n[ \t]*/g, '<br>'));
}

// ---------------------------------------------------------------------------------------------
// Blocks

const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^ {0,3}(?:([-+*])|(\d{1,9})([.)]))(?:[ \t]+|$)/;
const INDENTED_CODE = /^ {4}/;

/** Whether `line` starts a block other than a paragraph, so it cannot continue one. */
function startsBlock(line: string): boolean {
  return FENCE.test(line) || HR.test(line) || HEADING.test(line) || QUOTE.test(line) || ITEM.test(line);
}

const isBlank = (line: string): boolean => !line.trim();

/** The HTML of a run of lines: the body, or the content of a quote or a list item. */
function blocks(lines: string[]): string {
  let html = '';
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) html += `<p>${inline(paragraph.join('\n'))}</p>`;
    paragraph = [];
  };
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    let match: RegExpExecArray | null;
    if (isBlank(line)) {
      flush();
      i++;
    } else if ((match = FENCE.exec(line)) && !(match[1][0] === '`' && match[2].includes('`'))) {
      flush();
      const fence = match[1];
      const closing = new RegExp(`^ {0,3}${fence[0]}{${fence.length},}[ \\t]*$`);
      const code: string[] = [];
      // an unclosed fence runs to the end of its container
      for (i++; i < lines.length && !closing.test(lines[i]); i++) code.push(lines[i]);
      i++;
      html += `<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`;
    } else if (HR.test(line)) {
      flush();
      html += '<hr>';
      i++;
    } else if ((match = HEADING.exec(line))) {
      // Headings would outshout the page around the comments: bold paragraph instead.
      flush();
      html += `<p><strong>${inline(match[1] ?? '')}</strong></p>`;
      i++;
    } else if (QUOTE.test(line)) {
      flush();
      const quoted: string[] = [];
      // a line without `>` right after quoted text continues that text ("lazy continuation")
      while (
        i < lines.length &&
        (QUOTE.test(lines[i]) || (!isBlank(lines[i]) && !isBlank(quoted[quoted.length - 1]) && !startsBlock(lines[i])))
      ) {
        quoted.push(lines[i++].replace(QUOTE, ''));
      }
      html += `<blockquote>${blocks(quoted)}</blockquote>`;
    } else if ((match = ITEM.exec(line)) && !(paragraph.length && match[2] && +match[2] !== 1)) {
      // (a number other than 1 inside a paragraph is text: "2024. What a year")
      flush();
      i = list(lines, i, match, (part) => (html += part));
    } else if (!paragraph.length && INDENTED_CODE.test(line)) {
      const code: string[] = [];
      while (i < lines.length && (INDENTED_CODE.test(lines[i]) || isBlank(lines[i]))) code.push(lines[i++].slice(4));
      while (isBlank(code[code.length - 1])) code.pop();
      html += `<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`;
    } else {
      paragraph.push(line.trim());
      i++;
    }
  }
  flush();
  return html;
}

/** Renders the list starting at `lines[start]` through `emit`; returns the index after it. */
function list(lines: string[], start: number, first: RegExpExecArray, emit: (html: string) => void): number {
  const [, bullet, number, delimiter] = first;
  const items: string[][] = [];
  let width = 0;
  let loose = false;
  let previousBlank = false;
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const blank = isBlank(line);
    const item = ITEM.exec(line);
    if (items.length && (blank || line.length - line.trimStart().length >= width)) {
      // content of the current item, nested lists included
      if (!blank && previousBlank) loose = true;
      items[items.length - 1].push(line.slice(width));
    } else if (item && item[1] === bullet && item[3] === delimiter && !HR.test(line)) {
      if (previousBlank) loose = true;
      width = Math.max(item[0].length, item[0].trimEnd().length + 1);
      items.push([line.slice(width)]);
    } else if (items.length && !blank && !previousBlank && !startsBlock(line)) {
      items[items.length - 1].push(line.trim());
    } else {
      break;
    }
    previousBlank = blank;
  }
  const tag = number ? 'ol' : 'ul';
  const from = number && +number !== 1 ? ` start="${+number}"` : '';
  let html = `<${tag}${from}>`;
  for (const content of items) {
    const inner = blocks(content);
    // a tight list holds its text directly, without paragraphs
    html += `<li>${loose ? inner : inner.replace(/^<p>([\s\S]*?)<\/p>/, '$1')}</li>`;
  }
  emit(`${html}</${tag}>`);
  return i;
}

/**
 * The HTML of a comment body, NOT sanitized: pass it to the sanitizer and nowhere else. Null when
 * the body must render as plain text instead: too long, nested too deep, or the parser failed.
 */
export function markdownToUnsafeHtml(body: string): string | null {
  if (!isParsable(body)) return null;
  try {
    const lines = body
      .replace(/[\0\x01]/g, '\ufffd')
      .split(/\r\n?|\n/)
      .map((line) => line.replace(/^[ \t]+/, (indent) => indent.replace(/\t/g, '    ')));
    return blocks(lines);
  } catch {
    // whatever went wrong, the text still shows
    return null;
  }
}
