import { css } from 'lit';

export const commentThreadStyles = css`
  :host {
    --_divider: var(--confab-divider-color, var(--_color-border));
    /* The thread takes the page's colour scheme: it sits on the page's own background. */
    background-color: var(--confab-thread-bg, transparent);
  }
  /* A pinned theme may not be the page's: the thread is then a card with its own background. */
  :host([theme]) {
    background-color: var(--confab-thread-bg, var(--_color-bg));
    padding: var(--confab-thread-padding, 1.25em);
    border-radius: var(--_radius);
  }

  section {
    display: grid;
    gap: var(--_gap);
  }

  .thread-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_gap-small) var(--_gap);
    padding-block-end: 0.625em;
    border-block-end: 2px solid var(--_color-text);
  }

  .title {
    margin: 0;
    font-size: 1.375em;
    font-weight: 750;
    line-height: 1.25;
    letter-spacing: -0.01em;
  }
  .title:focus {
    outline: none;
  }
  .title:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }

  .sort {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .sort select {
    font: inherit;
    color: var(--_color-text);
    background-color: var(--_color-bg);
    min-block-size: max(24px, var(--_target-size));
    padding-block: 0.125em;
    padding-inline: 0.5em 0.25em;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    cursor: pointer;
  }
  .sort select:hover {
    border-color: var(--_color-text-muted);
  }

  section > reply-form {
    display: block;
    padding-block: 0.25em var(--_gap-small);
  }

  .feed {
    /* Block, not grid: a changed comment then lays out alone, where a grid placed all its items
       again (layout of a Like in a thread of 1,000: 6 -> 1-2 ms). */
    display: block;
    transition: opacity 0.2s;
  }
  .feed[aria-busy='true'] {
    opacity: 0.55;
  }
  .feed > article + article {
    border-block-start: 1px solid var(--_divider);
  }
  .feed > article {
    padding-block: 0.25em;
    /* Long threads: the browser skips style and layout of comments far off screen. */
    content-visibility: auto;
    contain-intrinsic-block-size: auto 9em;
  }

  .status {
    display: grid;
    justify-items: center;
    gap: 0.5em;
    padding: 2em 1em;
    border-radius: var(--_radius);
    text-align: center;
    color: var(--_color-text-muted);
    background: var(--_color-surface);
  }
  .status p {
    margin: 0;
  }
  .status .icon {
    inline-size: 2em;
    block-size: 2em;
    color: var(--_color-text-muted);
  }
  .status.failed {
    color: var(--_color-text);
    background: transparent;
    border: 1px solid var(--_color-danger);
  }
  .status.failed .icon {
    color: var(--_color-danger);
  }
  .inline-error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    padding: 0.625em 0.875em;
    border-radius: var(--_radius);
    border: 1px solid var(--_color-danger);
    color: var(--_color-text);
  }
  .inline-error p {
    margin: 0;
  }

  /* the thread's buttons are a little roomier than a comment's */
  .button {
    padding-inline: 1em;
  }
  .load-more {
    inline-size: 100%;
    padding-block: 0.625em;
  }
  /* the form that lets "Load more" work without JavaScript adds no box of its own */
  .more-form {
    display: contents;
  }
  .first-page {
    align-self: center;
    color: var(--_color-accent);
    padding-block: 0.5em;
  }
  /* The "N new comments" button stays in sight while the reader is scrolled into the thread. Its
     bar takes no room (nor a gap): showing the button must not move the page either. */
  .held {
    position: sticky;
    inset-block-start: 0.5em;
    z-index: 1;
    block-size: 0;
    display: grid;
    justify-items: center;
  }
  .held + * {
    margin-block-start: calc(-1 * var(--_gap));
  }
  .held .button {
    border-color: var(--_color-accent);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.15);
  }
  .notice {
    margin: 0;
    padding: 0.625em 0.875em;
    border-radius: var(--_radius);
    background: var(--_color-surface);
  }


  .skeleton {
    display: grid;
    gap: 1.25em;
    padding-block: 0.75em;
  }
  .skeleton-item {
    display: grid;
    grid-template-columns: var(--_avatar-size) 1fr;
    gap: 0.75em;
  }
  .bone {
    border-radius: 0.375em;
    background: var(--_color-skeleton);
    block-size: 0.75em;
    animation: pulse 1.4s ease-in-out infinite;
  }
  .bone.round {
    inline-size: var(--_avatar-size);
    block-size: var(--_avatar-size);
    border-radius: 50%;
  }
  .bones {
    display: grid;
    gap: 0.5em;
    align-content: start;
    padding-block-start: 0.25em;
  }
  .bone.short {
    inline-size: 30%;
  }
  .bone.long {
    inline-size: 92%;
  }
  .bone.mid {
    inline-size: 70%;
  }
  @keyframes pulse {
    50% {
      opacity: 0.45;
    }
  }
`;
