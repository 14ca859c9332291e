import { css } from 'lit';

/**
 * Shared design tokens for every confab element.
 *
 * Public knobs are `--confab-*` custom properties, read (never set) on `:host` into private
 * `--_*` variables, so a value set once on the page root reaches every nested element while each
 * element still has sensible defaults.
 *
 * Sizes follow the text the element sits in: type, spacing, avatar and targets are `em` of the
 * font size the host inherits, never the root's `rem` (a page with `html { font-size: 62.5% }`
 * would shrink them to 10 px). The lengths are computed once on `:host` (registered properties,
 * see page-context.ts), so a button with smaller text keeps the host's target size. Text is never
 * smaller than 14 px and targets never under 24 px (44 px for a coarse pointer) by default.
 *
 * Colours are `light-dark()` pairs resolved against the host's `color-scheme`: by default the
 * page's own, read from the text colour the element inherits (page-context.ts), whose text colour
 * confab also takes; else the reader's system preference. `theme="dark"` or `theme="light"` pins
 * it, and `--confab-color-scheme` sets it page-wide. The pinned scheme travels to nested confab
 * elements through the inherited `--_confab-scheme`, because they have no `theme` attribute of
 * their own.
 *
 * The host takes the page's font family, weight and style, text colour, direction and colour
 * scheme, and resets the inherited text settings that break a widget when a page sets them on
 * `body`: alignment, indent, case, letter and word spacing, white space, hyphenation, word
 * breaking, text shadow; the line height is confab's own (`--confab-line-height`).
 */
export const tokens = css`
  :host {
    --_font-size: var(--confab-font-size, max(1em, 14px));
    --_font-size-small: var(--confab-font-size-small, 0.875em);
    --_line-height: var(--confab-line-height, 1.55);
    --_confab-radius: var(--confab-radius, 0.5em);
    --_confab-radius-small: var(--confab-radius-small, 0.375em);
    --_confab-gap: var(--confab-gap, 1em);
    --_confab-gap-small: var(--confab-gap-small, 0.5em);
    --_confab-indent: var(--confab-indent, 1.25em);
    --_confab-avatar-size: var(--confab-avatar-size, 2.25em);
    --_confab-target-size: max(24px, var(--confab-target-size, 1.75em));
    --_radius: var(--_confab-radius);
    --_radius-small: var(--_confab-radius-small);
    --_gap: var(--_confab-gap);
    --_gap-small: var(--_confab-gap-small);
    --_indent: var(--_confab-indent);
    --_avatar-size: var(--_confab-avatar-size);
    --_target-size: var(--_confab-target-size);

    --_color-text: var(--confab-color-text, var(--_confab-page-text, light-dark(#1f2328, #e6e8eb)));
    --_color-text-muted: var(--confab-color-text-muted, light-dark(#59636e, #9ba4ae));
    --_color-bg: var(--confab-color-bg, light-dark(#ffffff, #15181c));
    --_color-surface: var(--confab-color-surface, light-dark(#f6f8fa, #1d2126));
    --_color-surface-hover: var(--confab-color-surface-hover, light-dark(#eef1f4, #262b31));
    --_color-border: var(--confab-color-border, light-dark(#d1d9e0, #363c44));
    --_color-accent: var(--confab-color-accent, light-dark(#0a5bd3, #6ea8ff));
    --_color-accent-contrast: var(--confab-color-accent-contrast, light-dark(#ffffff, #0b1320));
    --_color-danger: var(--confab-color-danger, light-dark(#c21d2a, #ff7b7b));
    --_color-warning-bg: var(--confab-color-warning-bg, light-dark(#fff5d6, #3a2f10));
    --_color-warning-text: var(--confab-color-warning-text, light-dark(#6b4a00, #f5d58a));
    --_color-focus: var(--confab-color-focus, light-dark(#0a5bd3, #8ab8ff));
    --_color-skeleton: var(--confab-color-skeleton, light-dark(#e7ebef, #262b31));
    --_color-code-bg: var(--confab-color-code-bg, light-dark(#f2f4f6, #22272e));
    --_color-quote: var(--confab-color-quote, light-dark(#d1d9e0, #454c55));

    color-scheme: var(--_confab-scheme, var(--confab-color-scheme, var(--_confab-page-scheme, light dark)));
    font: inherit;
    font-size: var(--_font-size);
    line-height: var(--_line-height);
    color: var(--_color-text);

    text-align: start;
    text-align-last: auto;
    text-indent: 0;
    text-transform: none;
    letter-spacing: normal;
    word-spacing: normal;
    white-space: normal;
    hyphens: manual;
    word-break: normal;
    overflow-wrap: normal;
    text-shadow: none;
  }

  :host([theme='dark']) {
    --_confab-scheme: dark;
  }

  :host([theme='light']) {
    --_confab-scheme: light;
  }

  /* A pinned scheme is not the page's: its text colour is confab's own. */
  :host([theme]) {
    --_confab-page-text: initial;
  }

  @media (pointer: coarse) {
    :host {
      --_confab-target-size: max(44px, var(--confab-target-size, 1.75em));
    }
  }

  /* Replies indent by the avatar: a smaller one on a phone, which does not grow with large text
     there (the text needs the width more than the picture does). */
  @media (max-width: 30em) {
    :host {
      --_confab-avatar-size: var(--confab-avatar-size, min(2em, 32px));
    }
  }

  /* Paper: dark text on white, whatever the screen showed. */
  @media print {
    :host,
    :host([theme]) {
      --_confab-scheme: light;
      --_color-text: var(--confab-color-text, #1f2328);
    }
  }
`;

/**
 * A small reset shared by every element: predictable box sizing, buttons that start unstyled,
 * one visible focus ring for keyboard users, and `[hidden]` that stays hidden even when a rule
 * gives the element a display value. Also what every element does in forced colours (Windows
 * contrast themes drop backgrounds and shadows: controls keep a border and a ring, a pressed
 * button a filled icon) and on paper (the discussion prints as text with full dates; forms,
 * buttons and loading placeholders do not print).
 */
export const reset = css`
  :host {
    display: block;
    box-sizing: border-box;
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    margin: 0;
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }
  /* the progress mark of a busy button (posting, saving, loading more) */
  .spinner {
    display: inline-block;
    inline-size: 0.9em;
    block-size: 0.9em;
    border-radius: 50%;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }

  @media (forced-colors: active) {
    button,
    select,
    [role='button'],
    [role='tab'] {
      border: 1px solid ButtonText !important;
    }
    input,
    textarea {
      border: 1px solid CanvasText !important;
    }
    :focus-visible {
      outline: 2px solid Highlight !important;
      outline-offset: 2px !important;
    }
    [aria-pressed='true'] svg {
      fill: currentColor !important;
      fill-opacity: 1 !important;
    }
    /* the initials' coloured disc is dropped with the other backgrounds: draw its edge */
    [part~='avatar'] {
      border: 1px solid CanvasText;
    }
  }

  @media print {
    :host(reply-form),
    :host(typo-report),
    :host(reaction-counter),
    button,
    input,
    select,
    textarea,
    [role='button'],
    [role='tablist'],
    [part~='sort'],
    [part~='skeleton'] {
      display: none !important;
    }
    /* paper does not scroll: code wraps */
    pre,
    pre code {
      white-space: pre-wrap !important;
      overflow-wrap: anywhere;
    }
    /* "3 days ago" means nothing on paper a week later */
    time[title]::after {
      content: ' (' attr(title) ')';
    }
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
    }
  }
`;

/**
 * `.visually-hidden`: text that screen readers announce but sighted readers do not see
 * (labels for icon-only controls, live-region messages).
 */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px;
    block-size: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
