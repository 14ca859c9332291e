import { css } from 'lit';

/** What a standalone `<comment-item>` shows besides the comment: loading it, or why it cannot. */
export const commentItemStyles = css`
  .status {
    margin: 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  p.error {
    margin: 0;
  }
`;
