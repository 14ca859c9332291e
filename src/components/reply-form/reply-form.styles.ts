import { css } from 'lit';

export const styles = css`
  :host {
    --_textarea-min-height: var(--confab-textarea-min-height, 6.5em);
    --_textarea-max-height: var(--confab-textarea-max-height, 24em);
  }

  /* A reply under a comment starts smaller than the article's own form. */
  form.inline {
    --_textarea-min-height: var(--confab-textarea-min-height, 4.5em);
  }

  form {
    display: grid;
    gap: var(--_gap-small);
    margin: 0;
  }

  [part~='heading'] {
    margin: 0 0 calc(var(--_gap-small) / 2);
    font-size: 1.25em;
    font-weight: 700;
    line-height: 1.3;
  }

  /* The editor is one bordered box: tabs on top, the text, and a quiet footer with the counter. */
  .editor {
    display: grid;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_field-bg);
    overflow: hidden;
    transition: border-color 0.15s, box-shadow 0.15s;
  }

  .editor:focus-within {
    border-color: var(--_color-focus);
    box-shadow: 0 0 0 1px var(--_color-focus);
  }

  .editor.invalid {
    border-color: var(--_color-danger);
  }

  .editor.invalid:focus-within {
    box-shadow: 0 0 0 1px var(--_color-danger);
  }

  [part~='tabs'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
    padding: 0.25em 0.375em 0;
    border-block-end: 1px solid var(--_color-border);
    background: var(--_color-surface);
  }

  [part~='tab'] {
    position: relative;
    min-block-size: var(--_target-size);
    padding: 0.25em 0.75em;
    border-radius: var(--_radius-small) var(--_radius-small) 0 0;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }

  [part~='tab']:hover {
    color: var(--_color-text);
  }

  [part~='tab'][aria-selected='true'] {
    color: var(--_color-text);
    font-weight: 600;
  }

  [part~='tab'][aria-selected='true']::after {
    content: '';
    position: absolute;
    inset-inline: 0.5em;
    inset-block-end: -1px;
    block-size: 2px;
    border-radius: 2px;
    background: var(--_color-accent);
  }

  [part~='tab']:focus-visible {
    outline-offset: -2px;
  }

  /*
   * The textarea grows with its text. field-sizing does it natively; elsewhere a hidden copy of
   * the text in the same grid cell sizes the cell. Either way nothing is measured per keystroke.
   */
  .grow {
    display: grid;
  }

  [part~='textarea'],
  .grow::after {
    grid-area: 1 / 1;
    min-block-size: var(--_textarea-min-height);
    max-block-size: var(--_textarea-max-height);
    padding: 0.625em 0.75em;
    font: inherit;
    line-height: var(--_line-height);
    overflow-wrap: anywhere;
  }

  [part~='textarea'] {
    display: block;
    inline-size: 100%;
    margin: 0;
    border: 0;
    background: transparent;
    color: inherit;
    resize: vertical;
    field-sizing: content;
  }

  [part~='textarea']:focus-visible {
    outline: none;
  }

  [part~='textarea']::placeholder {
    color: var(--_color-text-muted);
    opacity: 1;
  }

  @supports not (field-sizing: content) {
    .grow::after {
      content: attr(data-value) ' ';
      visibility: hidden;
      white-space: pre-wrap;
      overflow: hidden;
    }

    [part~='textarea'] {
      resize: none;
      overflow: auto;
    }
  }

  [part~='preview'] {
    min-block-size: var(--_textarea-min-height);
    max-block-size: var(--_textarea-max-height);
    overflow: auto;
    padding: 0.625em 0.75em;
    overflow-wrap: anywhere;
  }

  [part~='preview'] > :first-child {
    margin-block-start: 0;
  }

  [part~='preview'] > :last-child {
    margin-block-end: 0;
  }

  [part~='preview'] a {
    color: var(--_color-accent);
  }

  [part~='preview'] pre,
  [part~='preview'] code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    background: var(--_color-code-bg);
    border-radius: var(--_radius-small);
  }

  [part~='preview'] code {
    padding: 0.1em 0.3em;
  }

  [part~='preview'] pre {
    padding: 0.5em 0.75em;
    overflow-x: auto;
  }

  [part~='preview'] pre code {
    padding: 0;
    background: none;
  }

  [part~='preview'] blockquote {
    margin-inline: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--_color-quote);
    color: var(--_color-text-muted);
  }

  .preview-empty {
    color: var(--_color-text-muted);
    font-style: italic;
  }

  [part~='editor-footer'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.25em var(--_gap-small);
    padding: 0.25em 0.75em 0.375em;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }

  [part~='counter'] {
    margin-inline-start: auto;
    font-variant-numeric: tabular-nums;
  }

  [part~='counter'].near {
    color: var(--_color-warning-text);
  }

  [part~='counter'].over {
    color: var(--_color-danger);
    font-weight: 600;
  }

  [part~='fields'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14em), 1fr));
    gap: var(--_gap-small) var(--_gap);
  }

  .field-group {
    display: grid;
    gap: 0.25em;
    align-content: start;
  }

  [part~='label'] {
    font-size: var(--_font-size-small);
    font-weight: 600;
  }




  [part~='field-error'] {
    display: flex;
    gap: 0.375em;
    align-items: baseline;
    margin: 0;
    font-size: var(--_font-size-small);
    color: var(--_color-danger);
  }

  [part~='field-error']::before {
    content: '!';
    flex: none;
    display: inline-grid;
    place-items: center;
    inline-size: 1.1em;
    block-size: 1.1em;
    border-radius: 50%;
    background: var(--_color-danger);
    color: var(--_color-bg);
    font-size: 0.8em;
    font-weight: 700;
    line-height: 1;
  }

  /* Off-screen rather than display:none, which simple bots skip. */
  .honeypot {
    position: absolute;
    inset-inline-start: -10000px;
    inset-block-start: auto;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
  }

  [part~='error'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap-small);
    padding: 0.5em 0.75em;
    border: 1px solid color-mix(in srgb, var(--_color-danger) 40%, transparent);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_color-danger) 8%, var(--_color-bg));
    color: var(--_color-text);
    font-size: var(--_font-size-small);
  }

  [part~='error'] .message {
    flex: 1 1 12em;
  }

  /* Fields and buttons come from src/styles/controls.ts; the name and email fields are a bit rounder. */
  [part~='input'] {
    border-radius: var(--_radius);
  }

  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_gap-small);
  }

  [part~='hint'] {
    margin-inline-end: auto;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }

  /* A phone has no Ctrl key to speak of. */
  @media (hover: none) and (pointer: coarse) {
    [part~='hint'] {
      display: none;
    }
  }

  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap-small);
    margin-inline-start: auto;
  }

  kbd {
    font: inherit;
    padding: 0 0.3em;
    border: 1px solid var(--_color-border);
    border-block-end-width: 2px;
    border-radius: 0.25em;
    font-size: 0.9em;
  }









  @media (forced-colors: active) {
    [part~='tab'][aria-selected='true']::after {
      background: CanvasText;
    }
  }
`;
