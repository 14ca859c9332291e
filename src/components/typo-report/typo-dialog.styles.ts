import { css } from 'lit';

/** The typo dialog, adopted with it on first use; buttons and fields come from src/styles/controls.ts. */
export const dialogStyles = css`
  :host {
    --_mark-bg: var(--confab-mark-bg, light-dark(#fff0a8, #5c4a00));
    --_mark-text: var(--confab-mark-text, inherit);
    --_dialog-width: var(--confab-dialog-width, 32em);
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






`;
