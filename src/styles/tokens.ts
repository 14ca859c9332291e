import { css } from 'lit';

/**
 * Shared design tokens for every confab element.
 *
 * Public knobs are `--confab-*` custom properties, read (never set) on `:host` into private
 * `--_*` variables, so a value set once on the page root reaches every nested element while each
 * element still has sensible defaults.
 *
 * Colours are `light-dark()` pairs resolved against the host's `color-scheme`. By default that
 * follows the reader's system (`prefers-color-scheme`); `theme="dark"` or `theme="light"` pins it,
 * and `--confab-color-scheme` sets it page-wide. The pinned scheme travels to nested confab
 * elements through the inherited `--_confab-scheme`, because they have no `theme` attribute of
 * their own and would otherwise fall back to the system preference.
 */
export const tokens = css`
  :host {
    --_font-size: var(--confab-font-size, 1rem);
    --_font-size-small: var(--confab-font-size-small, 0.875em);
    --_line-height: var(--confab-line-height, 1.55);
    --_radius: var(--confab-radius, 0.5rem);
    --_radius-small: var(--confab-radius-small, 0.375rem);
    --_gap: var(--confab-gap, 1rem);
    --_gap-small: var(--confab-gap-small, 0.5rem);
    --_indent: var(--confab-indent, 1.25rem);
    --_avatar-size: var(--confab-avatar-size, 2.25rem);
    --_target-size: var(--confab-target-size, 1.75rem);

    --_color-text: var(--confab-color-text, light-dark(#1f2328, #e6e8eb));
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

    color-scheme: var(--_confab-scheme, var(--confab-color-scheme, light dark));
    font: inherit;
    font-size: var(--_font-size);
    line-height: var(--_line-height);
    color: var(--_color-text);
  }

  :host([theme='dark']) {
    --_confab-scheme: dark;
  }

  :host([theme='light']) {
    --_confab-scheme: light;
  }
`;

/**
 * A small reset shared by every element: predictable box sizing, buttons that start unstyled,
 * one visible focus ring for keyboard users, and `[hidden]` that stays hidden even when a rule
 * gives the element a display value.
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
