import { html, nothing, type TemplateResult } from 'lit';

/**
 * The hidden fields that let the form post without JavaScript (a server-rendered page with
 * scripts off, or before they load): the parent, the page to come back to, and an idempotency key
 * made once per form, so a double submit posts once. With script, the form's own submit handler
 * posts through the store instead and these are not read.
 */
export function renderNoScriptFields(fields: { parentId: string; returnUrl: string; key: string }): TemplateResult {
  return html`<input type="hidden" name="idempotencyKey" value=${fields.key} />${fields.parentId
      ? html`<input type="hidden" name="parentId" value=${fields.parentId} />`
      : nothing}${fields.returnUrl ? html`<input type="hidden" name="return" value=${fields.returnUrl} />` : nothing}`;
}
