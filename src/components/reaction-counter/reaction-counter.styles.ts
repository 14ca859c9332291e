import { css } from 'lit';

export const styles = css`
  :host {
    --_reaction-gap: var(--confab-reaction-gap, 0.25em);
    --_reaction-active: var(--confab-reaction-active-color, var(--_color-accent));
    --_reaction-dislike-active: var(--confab-reaction-dislike-color, var(--_color-danger));
    display: inline-block;
    line-height: 1.2;
    vertical-align: middle;
  }

  /* Smaller text on the base, not the host: the host's target size comes from the text it sits in. */
  [part~='base'] {
    font-size: var(--_font-size-small);
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_reaction-gap);
  }

  [part~='reaction'] {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    min-block-size: max(24px, var(--_target-size));
    min-inline-size: max(24px, var(--_target-size));
    padding: 0.125em 0.5em;
    border: 1px solid transparent;
    border-radius: 999px;
    color: var(--_color-text-muted);
    /* No colour transition: pressing shows its new state at once, and a fade repainted the
       button for nine more frames (a Like in a thread of 1,000: about 17 -> 13 ms). */
  }

  [part~='reaction']:hover {
    background: var(--_color-surface-hover);
    color: var(--_color-text);
  }

  [part~='reaction'][aria-pressed='true'] {
    border-color: color-mix(in srgb, var(--_reaction-active) 35%, transparent);
    background: color-mix(in srgb, var(--_reaction-active) 10%, transparent);
    color: var(--_reaction-active);
  }

  [part~='reaction-dislike'][aria-pressed='true'] {
    border-color: color-mix(in srgb, var(--_reaction-dislike-active) 35%, transparent);
    background: color-mix(in srgb, var(--_reaction-dislike-active) 10%, transparent);
    color: var(--_reaction-dislike-active);
  }

  [part~='reaction'][aria-disabled='true'] {
    cursor: default;
  }

  [part~='reaction'][aria-disabled='true']:hover {
    background: none;
    color: var(--_color-text-muted);
  }

  [part~='icon'] {
    flex: none;
    inline-size: 1.15em;
    block-size: 1.15em;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.8;
    stroke-linejoin: round;
    stroke-linecap: round;
  }

  /* dislike is the like thumb turned over */
  [part~='reaction-dislike'] [part~='icon'] {
    transform: rotate(180deg);
  }

  [aria-pressed='true'] [part~='icon'] {
    fill: currentColor;
    fill-opacity: 0.2;
  }

  [part~='label'] {
    font-weight: 500;
  }

  [part~='count'] {
    min-inline-size: 1ch;
    font-variant-numeric: tabular-nums;
    text-align: center;
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

  @media (forced-colors: active) {
    [part~='reaction'][aria-pressed='true'] {
      border-color: Highlight;
    }
  }
`;
