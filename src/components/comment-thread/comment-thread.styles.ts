import { css } from 'lit';

export const commentThreadStyles = css`
  :host {
    --_divider: var(--confab-divider-color, var(--_color-border));
    /* Transparent in light; in dark the thread paints its own background, so that it stays
       readable on a page that has no dark mode of its own while the reader's system is dark. */
    background-color: var(--confab-thread-bg, light-dark(transparent, var(--_color-bg)));
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      padding: var(--confab-thread-padding, 1.25rem);
      border-radius: var(--_radius);
    }
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
    padding-block-end: 0.625rem;
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
    gap: 0.5rem;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .sort select {
    font: inherit;
    color: var(--_color-text);
    background-color: var(--_color-bg);
    min-block-size: max(24px, var(--_target-size));
    padding-block: 0.125rem;
    padding-inline: 0.5rem 0.25rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    cursor: pointer;
  }
  .sort select:hover {
    border-color: var(--_color-text-muted);
  }

  section > reply-form {
    display: block;
    padding-block: 0.25rem var(--_gap-small);
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
    padding-block: 0.25rem;
    /* Long threads: the browser skips style and layout of comments far off screen. */
    content-visibility: auto;
    contain-intrinsic-block-size: auto 9rem;
  }

  .status {
    display: grid;
    justify-items: center;
    gap: 0.5rem;
    padding: 2rem 1rem;
    border-radius: var(--_radius);
    text-align: center;
    color: var(--_color-text-muted);
    background: var(--_color-surface);
  }
  .status p {
    margin: 0;
  }
  .status .icon {
    inline-size: 2rem;
    block-size: 2rem;
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
    gap: 0.5rem 1rem;
    padding: 0.625rem 0.875rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_color-danger);
    color: var(--_color-text);
  }
  .inline-error p {
    margin: 0;
  }

  /* the thread's buttons are a little roomier than a comment's */
  .button {
    padding-inline: 1rem;
  }
  .load-more {
    inline-size: 100%;
    padding-block: 0.625rem;
  }
  /* The "N new comments" button stays in sight while the reader is scrolled into the thread. Its
     bar takes no room (nor a gap): showing the button must not move the page either. */
  .held {
    position: sticky;
    inset-block-start: 0.5rem;
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
    padding: 0.625rem 0.875rem;
    border-radius: var(--_radius);
    background: var(--_color-surface);
  }


  .skeleton {
    display: grid;
    gap: 1.25rem;
    padding-block: 0.75rem;
  }
  .skeleton-item {
    display: grid;
    grid-template-columns: var(--_avatar-size) 1fr;
    gap: 0.75rem;
  }
  .bone {
    border-radius: 0.375rem;
    background: var(--_color-skeleton);
    block-size: 0.75rem;
    animation: pulse 1.4s ease-in-out infinite;
  }
  .bone.round {
    inline-size: var(--_avatar-size);
    block-size: var(--_avatar-size);
    border-radius: 50%;
  }
  .bones {
    display: grid;
    gap: 0.5rem;
    align-content: start;
    padding-block-start: 0.25rem;
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
