import { css } from 'lit';

/**
 * One comment, wherever it is drawn: in `<comment-thread>` (many, in the thread's shadow root) or
 * in a standalone `<comment-item>`. Classes, not parts: in a thread the parts carry a prefix.
 * Buttons and fields come from src/styles/controls.ts, reactions from reaction-buttons.styles.ts.
 */
export const commentStyles = css`
  article {
    --_reply-line: var(--confab-reply-line-color, var(--_color-border));
    position: relative;
    border-radius: var(--_radius);
  }
  article:focus {
    outline: none;
  }
  article:focus-visible > .comment,
  article.highlight > .comment {
    outline: 2px solid var(--_color-focus);
    outline-offset: 4px;
    border-radius: var(--_radius-small);
  }

  .comment {
    display: grid;
    grid-template-columns: var(--_avatar-size) minmax(0, 1fr);
    column-gap: 0.75em;
    padding-block: 0.75em;
  }

  .avatar {
    inline-size: var(--_avatar-size);
    block-size: var(--_avatar-size);
    border-radius: 50%;
    overflow: hidden;
    display: grid;
    place-items: center;
    font-size: calc(var(--_avatar-size) * 0.4);
    font-weight: 600;
    line-height: 1;
    letter-spacing: 0.02em;
    color: #fff;
    background: var(--_avatar-bg, var(--_color-text-muted));
    user-select: none;
    flex: none;
  }
  .avatar img {
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
    display: block;
  }
  .avatar.deleted {
    background: var(--_color-surface);
    border: 1px dashed var(--_color-border);
  }

  .main {
    min-inline-size: 0;
  }
  /* the editor stands in for the text and the footer */
  article.editing > .comment > .main > :is(.body, .footer) {
    display: none;
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: 0.5em;
    row-gap: 0.125em;
    min-inline-size: 0;
    line-height: 1.35;
  }

  .author {
    font-weight: 650;
    max-inline-size: min(100%, 24em);
    overflow-wrap: anywhere;
    color: var(--_color-text);
  }
  a.author {
    text-decoration: none;
  }
  a.author:hover {
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }

  .meta {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: 0.5em;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .permalink {
    color: inherit;
    text-decoration: none;
  }
  .permalink:hover {
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .meta > * + *::before {
    content: '·';
    margin-inline-end: 0.5em;
    color: var(--_color-text-muted);
  }

  .badge {
    display: inline-block;
    padding: 0.05em 0.45em;
    border-radius: 999px;
    font-size: 0.875em;
    font-weight: 600;
    line-height: 1.5;
    background: var(--_color-warning-bg);
    color: var(--_color-warning-text);
  }
  .meta > .badge::before {
    content: none;
  }

  .in-reply-to {
    margin-block-start: 0.125em;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    overflow-wrap: anywhere;
  }

  .body {
    margin-block-start: 0.25em;
    overflow-wrap: anywhere;
    word-break: normal;
    min-inline-size: 0;
  }
  .body > :first-child {
    margin-block-start: 0;
  }
  .body > :last-child {
    margin-block-end: 0;
  }
  .body p,
  .body ul,
  .body ol,
  .body blockquote,
  .body pre {
    margin-block: 0.5em;
  }
  .body ul,
  .body ol {
    padding-inline-start: 1.5em;
  }
  .body a {
    color: var(--_color-accent);
    text-underline-offset: 0.15em;
  }
  .body blockquote {
    margin-inline: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--_color-quote);
    color: var(--_color-text-muted);
  }
  .body code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.875em;
    padding: 0.1em 0.3em;
    border-radius: 0.25em;
    background: var(--_color-code-bg);
  }
  .body pre {
    overflow-x: auto;
    max-inline-size: 100%;
    padding: 0.625em 0.75em;
    border-radius: var(--_radius-small);
    background: var(--_color-code-bg);
    overflow-wrap: normal;
  }
  .body pre code {
    padding: 0;
    background: none;
    white-space: pre;
  }
  .deleted-text {
    margin-block-start: 0.375em;
    color: var(--_color-text-muted);
    font-style: italic;
  }

  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.75em;
    margin-block-start: 0.375em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.125em;
  }

  /* a comment's actions are text buttons (src/styles/controls.ts), quieter until hovered */
  .action {
    padding-inline: 0.5em;
    color: var(--_color-text-muted);
  }
  .action:hover {
    color: var(--_color-text);
  }
  .action[aria-expanded='true'] {
    color: var(--_color-accent);
  }
  .action svg {
    inline-size: 1em;
    block-size: 1em;
    flex: none;
  }
  /* the reply arrow points back against the reading direction, so it turns round right to left */
  .reply-button svg:dir(rtl) {
    transform: scaleX(-1);
  }

  .confirm,
  .editor,
  .report {
    margin-block-start: 0.5em;
    padding: 0.75em;
    border-radius: var(--_radius);
    border: 1px solid var(--_color-border);
    background: var(--_color-surface);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 0.75em;
  }
  .confirm p {
    margin: 0;
    flex: 1 1 12em;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .editor textarea {
    min-block-size: 6em;
    field-sizing: content;
    max-block-size: 24em;
  }
  .editor .buttons,
  .report .buttons {
    margin-block-start: 0.5em;
    justify-content: flex-end;
    align-items: center;
  }
  .edit-window {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    font-variant-numeric: tabular-nums;
  }
  .buttons .edit-window {
    margin-inline: 0 auto;
  }
  .report fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    margin: 0 0 0.5em;
    padding: 0;
    border: 0;
  }
  .report legend {
    padding: 0;
    margin-block-end: 0.375em;
    font-weight: 600;
  }
  .report fieldset label {
    display: flex;
    align-items: center;
    gap: 0.375em;
    min-block-size: max(24px, var(--_target-size));
  }
  .report .note textarea {
    min-block-size: 3em;
    margin-block-start: 0.25em;
  }
  .report-status {
    margin: 0;
  }
  .conflict {
    margin-block-end: 0.5em;
  }
  .conflict .current {
    margin-block-start: 0.375em;
    padding: 0.5em 0.75em;
    border-radius: var(--_radius-small);
    background: var(--_color-bg);
    border: 1px solid var(--_color-border);
  }

  .error {
    margin-block: 0.375em 0;
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.5em;
  }

  .reply-form {
    display: block;
    margin-block: 0.25em 0.75em;
    margin-inline-start: calc(var(--_avatar-size) + 0.75em);
  }

  .replies {
    margin-inline-start: calc(var(--_avatar-size) / 2 - 1px);
    padding-inline-start: calc(var(--_avatar-size) / 2 + 0.25em);
    border-inline-start: 2px solid var(--_reply-line);
  }
  .replies.flat {
    margin-inline-start: 0;
    padding-inline-start: 0;
    border-inline-start: 0;
  }
  .more {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    padding-block: 0.25em 0.5em;
  }
  .thread-more {
    margin-inline-start: calc(var(--_avatar-size) + 0.75em);
  }

  @media (max-width: 30em) {
    .replies {
      margin-inline-start: 0.5em;
      padding-inline-start: 0.625em;
    }
    .reply-form,
    .thread-more {
      margin-inline-start: 0;
    }
  }

  /* A closed thread (data-closed on the thread or the standalone comment) takes no replies. */
  :host([data-closed]) .reply-button {
    display: none;
  }
`;
