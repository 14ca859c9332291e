import { html, isServer, type TemplateResult } from 'lit';

/** Lit's `html` tag, or one made by `templateTag`. */
export type HtmlTag = (strings: TemplateStringsArray, ...values: unknown[]) => TemplateResult;

/**
 * Markup with its values that is not a template of its own: the tag of `templateTag` writes it
 * into the template that uses it, as if it had been written there. See `piece`.
 */
export class Piece {
  constructor(
    readonly strings: TemplateStringsArray,
    readonly values: readonly unknown[],
    /** plain text without markup (see `text`): it may stand in an attribute's value too */
    readonly isText = false,
  ) {}
}

/**
 * A piece of a comment's template, written in the module it belongs to (the header, the body, the
 * footer) and inlined where it is used, in element content: `${renderHeader(…)}`. Every nested Lit
 * template costs a clone, a walk and an insertion per comment, about a tenth of what the plain DOM
 * spends on a whole comment; inlined, a comment is one template however many modules write it.
 * Inline only what stays as it is for a comment: a piece that comes or goes makes it another
 * template, built anew with its replies (focus and open forms inside them would be lost). What can
 * come and go (the editor, "edited", the reply form, replies) stays a template of its own.
 */
export function piece(strings: TemplateStringsArray, ...values: unknown[]): Piece {
  return new Piece(strings, values);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const textPieces = new Map<string, Piece>();

/**
 * Text written into the template itself, escaped, instead of bound: for words that are the same in
 * every comment of a language ("Reply", "Reactions"). A thread of thousands then carries no
 * binding for them; another language (or another wording set with `configure`) makes another
 * template. Never for text from an adapter: that is bound, and Lit sets it as text.
 */
export function text(value: string): Piece {
  let made = textPieces.get(value);
  if (!made) {
    const escaped = value.replace(/[&<>"']/g, (char) => ESCAPES[char]);
    made = new Piece(Object.assign([escaped], { raw: [escaped] }) as unknown as TemplateStringsArray, [], true);
    textPieces.set(value, made);
  }
  return made;
}

/**
 * A piece of nothing: inlined, it leaves no trace, where `nothing` would leave a part and its
 * marker. For choices that never change for a comment (whether its author has a web address).
 */
export const EMPTY: Piece = piece``;

function isPiece(value: unknown): value is Piece {
  return value instanceof Piece;
}

/** A static `part="…"` attribute of a template: written in full inside one literal piece. */
const PART_ATTRIBUTE = /(\spart=")([^"${}]+)(")/g;
/** Text that ends inside a start tag: a value there is an attribute's, not element content. */
const INSIDE_TAG = /<[^>]*$/;

let nextId = 0;
// a Map, not a WeakMap: the keys are the strings of literals in the code, which live as long
const ids = new Map<TemplateStringsArray, number>();
const idOf = (strings: TemplateStringsArray): number => {
  let id = ids.get(strings);
  if (id === undefined) ids.set(strings, (id = nextId++));
  return id;
};

/**
 * The `html` tag of the comment templates. It inlines `piece`s into the template that uses them,
 * and puts `prefix` before every name of the static `part` attributes: one set of templates serves
 * a standalone `<comment-item>` (`::part(body)`) and `<comment-thread>`, which renders comments in
 * its own shadow root, where their parts must be `comment-body` (`comment-thread::part(comment-body)`)
 * so that they cannot clash with the thread's own `header` or `error`.
 *
 * Lit keys templates by the identity of the literal's strings; the tag makes one strings array per
 * call site and combination of pieces, on first use, and hands Lit the same one every time. Only
 * the static text of our own templates is rewritten, never a value; a `part` written with an
 * expression inside (`part="a ${b}"`) is left alone.
 */
export function templateTag(prefix: string): HtmlTag {
  const made = new Map<TemplateStringsArray, Map<string, TemplateStringsArray>>();
  const rename = (_: string, open: string, names: string, close: string): string =>
    open + names.trim().split(/\s+/).map((name) => prefix + name).join(' ') + close;

  return (strings, ...values) => {
    // the values, with those of inlined pieces in their place, and a key naming the pieces
    const flat: unknown[] = [];
    let key = '';
    const collect = (pieceValues: readonly unknown[]): void => {
      for (const value of pieceValues) {
        if (isPiece(value)) {
          key += `(${idOf(value.strings)}`;
          collect(value.values);
          key += ')';
        } else {
          key += '.';
          flat.push(value);
        }
      }
    };
    collect(values);
    let byPieces = made.get(strings);
    if (!byPieces) made.set(strings, (byPieces = new Map()));
    let combined = byPieces.get(key);
    if (!combined) {
      combined = combine(strings, values, prefix ? rename : undefined);
      byPieces.set(key, combined);
    }
    return html(combined, ...flat);
  };
}

/** The strings of a template with its pieces written in, and part names renamed. */
function combine(strings: TemplateStringsArray, values: readonly unknown[], rename?: (...match: string[]) => string): TemplateStringsArray {
  const texts = [strings[0]];
  const append = (pieceStrings: TemplateStringsArray, pieceValues: readonly unknown[]): void => {
    pieceValues.forEach((value, index) => {
      if (isPiece(value)) {
        if (!value.isText && INSIDE_TAG.test(texts[texts.length - 1])) throw new Error('A piece of markup belongs in element content, not in a tag.');
        texts[texts.length - 1] += value.strings[0];
        append(value.strings, value.values);
        texts[texts.length - 1] += pieceStrings[index + 1];
      } else {
        texts.push(pieceStrings[index + 1]);
      }
    });
  };
  append(strings, values);
  if (textAsContent()) bindTextAsContent(texts);
  const renamed = rename ? texts.map((text) => text.replace(PART_ATTRIBUTE, rename)) : texts;
  // Lit accepts only arrays with their own `raw`, as a template literal's strings have
  return Object.assign(renamed, { raw: renamed }) as unknown as TemplateStringsArray;
}

let asContent: boolean | undefined;

/**
 * Whether text is bound as element content instead of `.textContent`: under server rendering (a
 * property is not written into markup) and in a page that holds server-rendered comments, whose
 * templates must be the server's for Lit to hydrate them. Decided once, with the first template:
 * elsewhere `.textContent` stays, one binding and no marker nodes per text.
 */
function textAsContent(): boolean {
  asContent ??= isServer || (typeof document !== 'undefined' && document.querySelector('script[data-confab-thread]') !== null);
  return asContent;
}

/** `<x … .textContent=${v}></x>` becomes `<x …>${v}</x>`, in place: the same text, as a child part. */
function bindTextAsContent(texts: string[]): void {
  for (let i = 0; i < texts.length - 1; i++) {
    if (/\s\.textContent=$/.test(texts[i]) && /^\s*>/.test(texts[i + 1])) {
      texts[i] = texts[i].replace(/\s\.textContent=$/, '>');
      texts[i + 1] = texts[i + 1].replace(/^\s*>/, '');
    }
  }
}
