import { css } from 'lit';

export const styles = css`
  :host {
    --_field-bg: var(--confab-field-bg, var(--_color-bg));
    --_button-bg: var(--confab-button-bg, var(--_color-accent));
    --_button-text: var(--confab-button-text, var(--_color-accent-contrast));
    --_mark-bg: var(--confab-mark-bg, light-dark(#fff0a8, #5c4a00));
    --_mark-text: var(--confab-mark-text, inherit);
    --_dialog-width: var(--confab-dialog-width, 32em);
  }

  /* The hint is the page's own text (slotted): the page's colour, which its <kbd> styles match. */
  [part~='hint'] {
    font-size: var(--_font-size-small);
  }

  /* The button floats in the top layer, placed in document coordinates so it scrolls with the text. */
  [part~='button'] {
    position: absolute;
    inset: auto;
    margin: 0;
    min-block-size: max(var(--_target-size), 2em);
    padding: 0.25em 0.75em;
    border: 0;
    border-radius: 999px;
    background: var(--_button-bg);
    color: var(--_button-text);
    font-size: var(--_font-size-small);
    font-weight: 600;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    white-space: nowrap;
  }

  [part~='button']:not(:popover-open) {
    display: none;
  }

  [part~='button']:hover {
    background: color-mix(in srgb, var(--_button-bg) 88%, var(--_color-text));
  }

  [part~='dialog'] {
    inline-size: min(var(--_dialog-width), calc(100vw - 2em));
    max-block-size: calc(100dvh - 2em);
    padding: var(--_gap);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-bg);
    color: var(--_color-text);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }

  [part~='dialog']::backdrop {
    background: rgb(0 0 0 / 0.4);
  }

  [part~='title'] {
    margin: 0 0 var(--_gap-small);
    font-size: 1.2em;
    font-weight: 700;
    line-height: 1.3;
  }

  form {
    display: grid;
    gap: var(--_gap-small);
    margin: 0;
  }

  [part~='quote'] {
    margin: 0 0 calc(var(--_gap-small) / 2);
    padding: 0.5em 0.75em;
    border-inline-start: 3px solid var(--_color-quote);
    border-radius: var(--_radius-small);
    background: var(--_color-surface);
  }

  [part~='quote-label'] {
    margin-block-end: 0.25em;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }

  blockquote {
    margin: 0;
    overflow-wrap: anywhere;
  }

  [part~='mark'] {
    padding-inline: 0.1em;
    border-radius: 0.2em;
    background: var(--_mark-bg);
    color: var(--_mark-text);
    text-decoration: underline wavy var(--_color-danger);
    text-decoration-skip-ink: none;
    text-underline-offset: 0.2em;
  }

  [part~='label'] {
    margin-block-start: 0.25em;
    font-size: var(--_font-size-small);
    font-weight: 600;
  }

  [part~='input'],
  [part~='textarea'] {
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

  [part~='textarea'] {
    resize: vertical;
  }

  [part~='input']:focus-visible,
  [part~='textarea']:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 0;
    border-color: var(--_color-focus);
  }

  [part~='message'] {
    margin: 0 0 var(--_gap-small);
  }

  [part~='count'] {
    display: block;
    margin-block-start: 0.25em;
    color: var(--_color-text-muted);
  }

  [part~='status'] {
    margin: 0;
    min-block-size: 1lh;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }

  [part~='error'] {
    margin: 0;
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
  }

  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_gap-small);
    margin-block-start: 0.25em;
  }

  [part~='send'],
  [part~='cancel'],
  [part~='close'] {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-block-size: max(var(--_target-size), 2.5em);
    padding: 0.375em 1.125em;
    border-radius: var(--_radius);
    font-weight: 600;
  }

  [part~='send'] {
    background: var(--_button-bg);
    color: var(--_button-text);
  }

  [part~='send']:hover {
    background: color-mix(in srgb, var(--_button-bg) 88%, var(--_color-text));
  }

  [part~='send'][aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }

  .secondary {
    border: 1px solid var(--_color-border);
    color: var(--_color-text);
  }

  .secondary:hover {
    background: var(--_color-surface-hover);
  }
`;
