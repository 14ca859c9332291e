import { html, type TemplateResult } from 'lit';

/** Lit's `html` tag, or one made by `prefixedParts`. */
export type HtmlTag = (strings: TemplateStringsArray, ...values: unknown[]) => TemplateResult;

/** A static `part="…"` attribute of a template: written in full inside one literal piece. */
const PART_ATTRIBUTE = /(\spart=")([^"${}]+)(")/g;

/**
 * An `html` tag whose templates carry `prefix` before every name of their static `part`
 * attributes. One set of comment templates serves two places: a standalone `<comment-item>`
 * exposes `::part(body)`, while `<comment-thread>` renders the same comments in its own shadow
 * root, where their parts must be `comment-body` (`comment-thread::part(comment-body)`) so they
 * cannot clash with the thread's own `header` or `error`.
 *
 * Lit keys templates by the identity of the literal's strings; each call site gets one rewritten
 * copy per tag, made on its first use, so a render costs one WeakMap lookup more. Only the static
 * text of our own templates is rewritten (never a value), and a `part` written with an expression
 * inside (`part="a ${b}"`) is left alone.
 */
export function prefixedParts(prefix: string): HtmlTag {
  if (!prefix) return html;
  const rewritten = new WeakMap<TemplateStringsArray, TemplateStringsArray>();
  const rename = (_: string, open: string, names: string, close: string): string =>
    open + names.trim().split(/\s+/).map((name) => prefix + name).join(' ') + close;
  return (strings, ...values) => {
    let prefixed = rewritten.get(strings);
    if (!prefixed) {
      const texts = strings.map((text) => text.replace(PART_ATTRIBUTE, rename));
      // Lit accepts only arrays with their own `raw`, as a template literal's strings have
      prefixed = Object.assign(texts, { raw: texts }) as unknown as TemplateStringsArray;
      rewritten.set(strings, prefixed);
    }
    return html(prefixed, ...values);
  };
}
