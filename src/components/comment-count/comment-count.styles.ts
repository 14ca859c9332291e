import { css } from 'lit';

export const styles = css`
  :host {
    --_placeholder-width: var(--confab-count-placeholder-width, 6.5em);
    display: inline;
    /* a badge sits in the page's own text (a teaser, a byline): it takes that text's look */
    font-size: var(--confab-count-font-size, inherit);
    line-height: inherit;
    color: var(--confab-count-color, inherit);
    /* and its case, spacing and wrapping too (the other elements reset these at the host) */
    text-transform: inherit;
    letter-spacing: inherit;
    word-spacing: inherit;
    white-space: inherit;
    hyphens: inherit;
    text-shadow: inherit;
  }

  [part='link'] {
    color: inherit;
    text-decoration: inherit;
    border-radius: var(--_radius-small);
  }

  [part='link']:hover [part='count'] {
    text-decoration: underline;
  }

  [part='placeholder'] {
    display: inline-block;
    inline-size: var(--_placeholder-width);
    block-size: 0.9em;
    vertical-align: -0.05em;
    border-radius: var(--_radius-small);
    background: var(--_color-skeleton);
    animation: confab-count-pulse 1.2s ease-in-out infinite alternate;
  }

  @keyframes confab-count-pulse {
    from {
      opacity: 1;
    }
    to {
      opacity: 0.5;
    }
  }
`;
