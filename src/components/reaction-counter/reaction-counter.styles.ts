import { css } from 'lit';

/** The counter itself; its buttons are styled by reaction-buttons.styles.ts, shared with comments. */
export const styles = css`
  :host {
    display: inline-block;
    vertical-align: middle;
  }

  .label {
    font-weight: 500;
  }

  /* Holds the count's place while it loads, so nothing moves when it arrives. */
  .placeholder {
    display: inline-block;
    inline-size: 1ch;
    block-size: 0.9em;
    border-radius: 0.2em;
    background: var(--_color-skeleton);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }

  @keyframes pulse {
    from {
      opacity: 1;
    }
    to {
      opacity: 0.45;
    }
  }

  [part~='message'] {
    color: var(--_color-danger);
  }

  [part~='message']:empty {
    display: none;
  }

  [part~='retry'] {
    min-block-size: var(--_target-size);
    padding-inline: 0.25em;
    color: var(--_color-accent);
    text-decoration: underline;
  }
`;
