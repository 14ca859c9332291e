import { css } from 'lit';

/** The hint and the "Report a typo" button; the dialog brings its own styles (typo-dialog.styles.ts). */
export const styles = css`
  :host {
    --_button-bg: var(--confab-button-bg, var(--_color-accent));
    --_button-text: var(--confab-button-text, var(--_color-accent-contrast));
  }

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
`;
