/**
 * The one door through which untrusted text becomes markup. Comment bodies go markdown -> HTML
 * (markdown.ts) -> DOMPurify with a tight allowlist -> DOM nodes that Lit inserts as they are,
 * never re-parsed from a string; bare addresses in the text then become links, as DOM nodes. Everything else a component shows from an adapter is bound as
 * text, which Lit escapes; the only other helper here is `safeUrl` for attribute bindings.
 */
import { html, type TemplateResult } from 'lit';
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import { isServer, noChange } from 'lit';
import { Directive, PartType, directive, type ChildPart, type DirectiveResult, type Part, type PartInfo } from 'lit/directive.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { MAX_MARKDOWN_LENGTH, markdownToUnsafeHtml } from './markdown.js';
import { LINK_PROTOCOLS, WEB_PROTOCOLS, checkUrl } from './url.js';

/**
 * How many bodies keep their sanitized nodes; the least recently used is dropped first. A rendered
 * comment keeps its own nodes, so the cache only serves a body shown again (a second view of the
 * thread, "continue this thread"): a few hundred recent ones. 2,000 entries held about 4 MiB of
 * the browser's memory in a thread of 5,000 for no measurable speed.
 */
export const MARKDOWN_CACHE_SIZE = 256;

/** `rel` of every link in a comment: user content, not endorsed, no window handle, no referrer. */
export const LINK_REL = 'ugc nofollow noopener noreferrer';

const PURIFY_CONFIG: Config = {
  // `div` only as the root that holds one body while it is cleaned in place: markdown.ts never
  // writes one and escapes the text's own markup, and any `div` below the root is unwrapped.
  ALLOWED_TAGS: ['div', 'p', 'br', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr'],
  ALLOWED_ATTR: ['href', 'start'],
  // `start` of an ordered list is a number marked wrote; without this the URI check drops it
  ADD_URI_SAFE_ATTR: ['start'],
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
  // Cleans the nodes of a root parsed in one shared inert document (see `buildFragment`) instead
  // of parsing every body into a new document of its own: creating that document was the largest
  // single cost of rendering a thread, and each cached body kept its document alive.
  IN_PLACE: true,
};

let purifier: DOMPurify | undefined;
/** The DOM a server render parses and cleans bodies in (see `useServerDom`); the page's in a browser. */
let serverWindow: (Window & typeof globalThis) | undefined;

/**
 * Gives the sanitizer a DOM where there is none (Node): `confab-comments/ssr` passes a jsdom
 * window, so a server render cleans bodies with the same DOMPurify allowlist as the browser.
 */
export function useServerDom(window: Window & typeof globalThis): void {
  if (serverWindow === window) return;
  serverWindow = window;
  purifier = undefined;
  inertDocument = undefined;
  cache.clear();
}

function pageWindow(): Window & typeof globalThis {
  if (serverWindow) return serverWindow;
  return window;
}
let inertDocument: Document | undefined;
let inertUses = 0;
/** Bodies cleaned in one inert document before the next one is made (see `inert`). */
const INERT_DOCUMENT_USES = 32;

/**
 * The inert document bodies are parsed and cleaned in, renewed every few dozen bodies. DOMPurify
 * walks each body with a NodeIterator, and a document updates every NodeIterator still alive on
 * each node removed from it: in one document for a whole thread, moving a body's nodes out cost
 * more with every body cleaned before (about half of a markdown body's cost at 1,000 comments).
 */
function inert(): Document {
  if (!inertDocument || ++inertUses > INERT_DOCUMENT_USES) {
    inertDocument = pageWindow().document.implementation.createHTMLDocument('');
    inertUses = 1;
  }
  return inertDocument;
}

/**
 * A private DOMPurify instance: its config and hooks never leak into, nor depend on, a DOMPurify
 * the page itself uses. Created on first use so that importing confab without a DOM works.
 */
function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  purifier = createDOMPurify(pageWindow());
  purifier.setConfig(PURIFY_CONFIG);
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    // the same check as the markdown renderer: absolute http(s) or mailto, nothing relative
    const href = checkUrl(node.getAttribute('href'), LINK_PROTOCOLS);
    if (href) setLink(node, href);
    else node.removeAttribute('href');
  });
  return purifier;
}

/** Points a link in a comment at `href` (already checked), opening in a new tab without referrer. */
function setLink(link: Element, href: string): void {
  link.setAttribute('href', href);
  link.setAttribute('target', '_blank');
  link.setAttribute('rel', LINK_REL);
}

/** A bare web address or email address in text (GitHub's "extended autolinks"). */
const MAY_HAVE_ADDRESS = /:\/\/|www\.|@/i;
const BARE_LINK = /\b(?:https?:\/\/|www\.)[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

/**
 * Turns bare web and email addresses in the sanitized text into links, with DOM nodes rather than
 * markup, so no text is ever parsed as HTML on the way. Text inside links and code stays as it is.
 */
function linkBareAddresses(fragment: DocumentFragment): void {
  const doc = fragment.ownerDocument;
  // NodeFilter.SHOW_TEXT, spelled out: a server DOM has no global NodeFilter
  const walker = doc.createTreeWalker(fragment, 0x4);
  const texts: Text[] = [];
  while (walker.nextNode()) texts.push(walker.currentNode as Text);
  for (const text of texts) {
    const value = text.data;
    // most text has no address at all; the pattern below is costly to run over long words
    if (!MAY_HAVE_ADDRESS.test(value) || text.parentElement?.closest('a, code, pre')) continue;
    const parts: (string | Node)[] = [];
    let last = 0;
    for (const match of value.matchAll(BARE_LINK)) {
      let address = match[0];
      // punctuation ending the sentence is not part of the address; a ")" is when one was opened
      while (/[?!.,:;*_'"~)]$/.test(address) && !(address.endsWith(')') && address.split('(').length > address.split(')').length - 1)) {
        address = address.slice(0, -1);
      }
      const href = checkUrl(
        /^https?:/i.test(address) ? address : /^www\./i.test(address) ? `http://${address}` : `mailto:${address}`,
        LINK_PROTOCOLS,
      );
      if (!href) continue;
      const link = doc.createElement('a');
      setLink(link, href);
      link.textContent = address;
      parts.push(value.slice(last, match.index), link);
      last = match.index + address.length;
    }
    if (parts.length) text.replaceWith(...parts, value.slice(last));
  }
}

const cache = new Map<string, DocumentFragment>();

/** Paragraphs (each given as its lines) as `<p>` elements with `<br>` between lines and text nodes: no markup is parsed. */
function paragraphsFragment(doc: Document, paragraphs: readonly string[][]): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const lines of paragraphs) {
    const paragraph = doc.createElement('p');
    lines.forEach((line, index) => {
      if (index > 0) paragraph.append(doc.createElement('br'));
      paragraph.append(line);
    });
    fragment.append(paragraph);
  }
  return fragment;
}

/** The body's text in paragraphs with line breaks: the fallback when markdown cannot be used. */
function plainTextFragment(text: string): DocumentFragment {
  const trimmed = text.trim();
  return paragraphsFragment(inert(), trimmed ? [trimmed.split(/\r\n?|\n/)] : []);
}

/**
 * Anything markdown or the address finder would act on: markup and emphasis characters, entities,
 * escapes, control characters, addresses, and (MARKDOWN_LINES) line starts or ends that make
 * lists, code, headings, rules or hard breaks. A body with none of it is plain text, and all
 * markdown makes of it is paragraphs (at blank lines) holding lines joined by line breaks.
 */
const MARKDOWN_CHARACTERS = /[*_~`[\]<>#|\\&@=\0-\x09\x0b-\x1f]|:\/\/|www\./;
/** The same for line starts and ends, apart: with the characters above it made one slow pattern. */
const MARKDOWN_LINES = /(?:^|\n)(?:[ ]|[-+]|\d+[.)])| (?:\n|$)/;

/**
 * The paragraphs of a plain-text body, each as its lines; null when markdown could make more of
 * it. Most comments are plain text: this skips the markdown parser and DOMPurify for them.
 */
function plainParagraphs(body: string): string[][] | null {
  if (body.length > MAX_MARKDOWN_LENGTH || MARKDOWN_CHARACTERS.test(body) || MARKDOWN_LINES.test(body)) return null;
  const paragraphs = body
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ''))
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => paragraph.split('\n'));
  return paragraphs.length > 0 ? paragraphs : null;
}

/**
 * Sanitized nodes of one body; the caller imports a copy into the page. The markup is parsed into
 * a detached root of one shared inert document (no browsing context: nothing in it loads or runs,
 * which is how DOMPurify parses too) and cleaned there in place; the nodes stay in that document,
 * so making a copy for the page is one `importNode`.
 */
function buildFragment(body: string): DocumentFragment {
  const inertDocument = inert();
  const plain = plainParagraphs(body);
  if (plain) return paragraphsFragment(inertDocument, plain);
  const unsafeHtml = markdownToUnsafeHtml(body);
  const purify = getPurifier();
  if (unsafeHtml === null || !purify.isSupported) return plainTextFragment(body);
  const root = inertDocument.createElement('div');
  try {
    root.innerHTML = unsafeHtml;
    purify.sanitize(root);
  } catch {
    return plainTextFragment(body);
  }
  for (const nested of root.querySelectorAll('div')) nested.replaceWith(...nested.childNodes);
  const fragment = inertDocument.createDocumentFragment();
  // one node at a time: spreading the live child list costs ten times more
  while (root.firstChild) fragment.appendChild(root.firstChild);
  // a link whose href was refused keeps its text and loses the element
  for (const anchor of fragment.querySelectorAll('a:not([href])')) anchor.replaceWith(...anchor.childNodes);
  linkBareAddresses(fragment);
  // A code block scrolls sideways instead of widening the page; keyboard users need to reach it.
  // Our own attribute, set after sanitizing, once per body rather than on every render.
  for (const pre of fragment.querySelectorAll('pre')) pre.tabIndex = 0;
  return fragment;
}

function lookup(body: string, remember: boolean): DocumentFragment {
  let fragment = cache.get(body);
  if (fragment) {
    // re-inserting moves the entry to the most recently used end
    cache.delete(body);
    cache.set(body, fragment);
  } else {
    fragment = buildFragment(body);
    if (remember) {
      cache.set(body, fragment);
      if (cache.size > MARKDOWN_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
  }
  return pageWindow().document.importNode(fragment, true);
}

/** Whatever an adapter put in `body`, as a string; objects and symbols count as no text. */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (typeof body === 'number' || typeof body === 'boolean' || typeof body === 'bigint') return String(body);
  return '';
}

/**
 * A fresh fragment of sanitized nodes for a markdown body, for code outside a Lit template.
 * Never throws; any input that is not a string renders as its text or as nothing.
 */
export function sanitizeMarkdown(body: unknown): DocumentFragment {
  return lookup(bodyText(body), true);
}

/** The Lit side of the door: one body per child part, its nodes kept while the body is unchanged. */
class MarkdownDirective extends Directive {
  private _source?: string;

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.CHILD) throw new Error('renderMarkdown() belongs in element content, not in an attribute.');
  }

  render(body: unknown, remember: boolean): unknown {
    // A server render (only `render` runs there) writes the same sanitized nodes as markup.
    if (isServer) return serverMarkup(bodyText(body), remember);
    return lookup(bodyText(body), remember);
  }

  // An unchanged body keeps its nodes: re-rendering 5,000 comments touches none of them.
  override update(part: Part, [body, remember]: [unknown, boolean]): DocumentFragment | typeof noChange {
    const source = bodyText(body);
    if (source === this._source) return noChange;
    const first = this._source === undefined;
    this._source = source;
    // Hydrating server-rendered markup: the server's nodes are this body's, cleaned by the same
    // rules, so they stay and are not made again (a server marker opens the part, not Lit's own).
    // Only while hydrating: the part is still open (no end yet); a part hydrated empty earlier
    // (a preview shown later) has its end and gets its nodes.
    if (first && isServerMarker((part as ChildPart).startNode) && (part as ChildPart).endNode === null) return noChange;
    return lookup(source, remember);
  }
}

const markdown = directive(MarkdownDirective);

/** The comment that opens a part in server-rendered markup (`<!--lit-part …-->`). */
function isServerMarker(node: Node | null | undefined): boolean {
  return node?.nodeType === 8 && (node as CharacterData).data.startsWith('lit-part');
}

/**
 * A body as sanitized markup for a server render. Without a server DOM (`useServerDom`), DOMPurify
 * cannot run: the body's text is then shown as plain paragraphs, bound as text, which Lit escapes.
 */
function serverMarkup(body: string, remember: boolean): unknown {
  if (!serverWindow) {
    const trimmed = body.trim();
    return trimmed ? trimmed.split(/\n{2,}/).map((paragraph) => plainParagraph(paragraph.split(/\r\n?|\n/))) : '';
  }
  const holder = inert().createElement('div');
  holder.append(lookup(body, remember));
  return unsafeHTML(holder.innerHTML);
}

/**
 * A comment body (markdown) for element content in a Lit template:
 * `html\`<div part="body">${renderMarkdown(comment.body)}</div>\``. Raw HTML shows as text, links
 * open in a new tab with `rel="ugc nofollow noopener noreferrer"`, only http(s) and mailto links
 * survive, images become links. Results are cached by body; never throws.
 */
export function renderMarkdown(body: unknown): DirectiveResult<typeof MarkdownDirective> {
  return markdown(body, true);
}

/**
 * Same rendering as `renderMarkdown`, for the reply form's Preview tab: a draft changes with every
 * keystroke, so its renderings are not cached and cannot push real comments out of the cache.
 */
export function renderPreview(body: unknown): DirectiveResult<typeof MarkdownDirective> {
  return markdown(body, false);
}

/**
 * `url` normalized when it is an absolute http(s) URL without credentials, else undefined. For
 * author websites and avatars: `href=${ifDefined(safeUrl(author.url))}`.
 */
export function safeUrl(url: unknown): string | undefined {
  return checkUrl(url, WEB_PROTOCOLS);
}

function plainParagraph(lines: readonly string[]): TemplateResult {
  return html`<p>${lines.map((line, index) => (index > 0 ? html`<br>${line}` : line))}</p>`;
}
