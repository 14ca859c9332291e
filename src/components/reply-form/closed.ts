import { html, css, type TemplateResult } from 'lit';
import { t } from '../../render/i18n.js';

/**
 * What a reply form shows in place of itself when its thread takes no new comments (closed by the
 * site's moderators): one line of text, announced politely. Reading and reacting still work.
 */
export function closedNotice(lang: string | undefined): TemplateResult {
  return html`<p part="closed" class="closed" role="status">${t('form.closed', {}, lang)}</p>`;
}

export const closedStyles = css`
  .closed {
    margin: 0;
    color: var(--_color-text-muted);
  }
`;
