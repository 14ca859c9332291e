import { css } from 'lit';

/**
 * Buttons and fields, the same in every element (one stylesheet: they used to be written four
 * times and had drifted apart).
 *
 * - `.button`: a bordered button; `.primary` in the accent colour (`--confab-button-bg`,
 *   `--confab-button-text`), `.danger` for deleting, `.quiet` without border or background;
 *   `.large` for the main actions of a form or dialog.
 * - `.text-button`: an action that reads like a link ("Show 3 more replies", "Try again").
 * - `.field`: a text input or textarea (`--confab-field-bg`).
 */
export const controls = css`
  :host {
    --_field-bg: var(--confab-field-bg, var(--_color-bg));
    --_button-bg: var(--confab-button-bg, var(--_color-accent));
    --_button-text: var(--confab-button-text, var(--_color-accent-contrast));
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-block-size: max(24px, var(--_target-size));
    padding: 0.25em 0.875em;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-bg);
    color: var(--_color-text);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .button:hover {
    background: var(--_color-surface-hover);
  }
  .button.large {
    min-block-size: max(var(--_target-size), 2.5em);
    padding: 0.375em 1.125em;
    border-radius: var(--_radius);
    font-size: inherit;
  }
  .button.primary {
    border-color: transparent;
    background: var(--_button-bg);
    color: var(--_button-text);
  }
  .button.primary:hover {
    background: color-mix(in srgb, var(--_button-bg) 88%, var(--_color-text));
  }
  .button.danger {
    border-color: var(--_color-danger);
    background: var(--_color-danger);
    color: var(--_color-accent-contrast);
  }
  .button.quiet {
    border-color: transparent;
    background: none;
    color: var(--_color-text-muted);
  }
  .button.quiet:hover {
    background: var(--_color-surface-hover);
    color: var(--_color-text);
  }
  .button:disabled,
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }

  .text-button {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    min-block-size: max(24px, var(--_target-size));
    padding-inline: 0.25em;
    border-radius: var(--_radius-small);
    color: var(--_color-accent);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .text-button:hover {
    background: var(--_color-surface-hover);
  }

  .field {
    display: block;
    inline-size: 100%;
    min-block-size: max(var(--_target-size), 2.5em);
    margin: 0;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_field-bg);
    color: inherit;
    font: inherit;
  }
  textarea.field {
    resize: vertical;
  }
  .field:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 0;
    border-color: var(--_color-focus);
  }
  .field[aria-invalid='true'] {
    border-color: var(--_color-danger);
  }

  @media (forced-colors: active) {
    .button.primary {
      border-color: ButtonText;
    }
  }
`;
