import { css } from 'lit';

/**
 * Reaction buttons, wherever they are drawn: in `<reaction-counter>` and in every comment. Class
 * selectors, not parts: in a thread the parts carry the `comment-` prefix.
 */
export const reactionStyles = css`
  .reactions {
    --_reaction-gap: var(--confab-reaction-gap, 0.25em);
    --_reaction-active: var(--confab-reaction-active-color, var(--_color-accent));
    --_reaction-dislike-active: var(--confab-reaction-dislike-color, var(--_color-danger));
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_reaction-gap);
    font-size: var(--_font-size-small);
    line-height: 1.2;
    vertical-align: middle;
  }

  .reaction {
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

  .reaction:hover {
    background: var(--_color-surface-hover);
    color: var(--_color-text);
  }

  .reaction[aria-pressed='true'] {
    border-color: color-mix(in srgb, var(--_reaction-active) 35%, transparent);
    background: color-mix(in srgb, var(--_reaction-active) 10%, transparent);
    color: var(--_reaction-active);
  }

  .reaction[data-reaction='dislike'][aria-pressed='true'] {
    border-color: color-mix(in srgb, var(--_reaction-dislike-active) 35%, transparent);
    background: color-mix(in srgb, var(--_reaction-dislike-active) 10%, transparent);
    color: var(--_reaction-dislike-active);
  }

  .reaction[aria-disabled='true'] {
    cursor: default;
  }

  .reaction[aria-disabled='true']:hover {
    background: none;
    color: var(--_color-text-muted);
  }

  .reaction .icon {
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
  .reaction[data-reaction='dislike'] .icon {
    transform: rotate(180deg);
  }

  .reaction[aria-pressed='true'] .icon {
    fill: currentColor;
    fill-opacity: 0.2;
  }

  .reaction .count {
    min-inline-size: 1ch;
    font-variant-numeric: tabular-nums;
    text-align: center;
  }

  .reaction-message {
    color: var(--_color-danger);
  }

  .reaction-message:empty {
    display: none;
  }

  @media (forced-colors: active) {
    .reaction[aria-pressed='true'] {
      border-color: Highlight;
    }
  }
`;
