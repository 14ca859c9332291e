// The tag names confab registers, and a test for them. No imports, no DOM, no side effects: safe
// to load where elements cannot exist, e.g. a Vite config telling Vue which tags are custom
// elements (`isCustomElement: isConfabElement`).

/** Every tag `define()` registers. */
export const confabTagNames = ['comment-thread', 'comment-item', 'reply-form', 'reaction-counter', 'comment-count', 'typo-report'] as const;

/** One of confab's tags. */
export type ConfabTagName = (typeof confabTagNames)[number];

const tags: ReadonlySet<string> = new Set(confabTagNames);

/**
 * Whether `tag` is one of confab's elements. Made for Vue's compiler option
 * `isCustomElement: isConfabElement` (or `(tag) => isConfabElement(tag) || …` alongside others).
 */
export function isConfabElement(tag: string): tag is ConfabTagName {
  return tags.has(tag);
}
