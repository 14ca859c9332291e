import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

// Pieces of `<reply-form>` that are plain templates of their arguments: its tabs, a labelled
// field with its message, the honeypot, the failure with Retry, and the rules of its counter.

export type Tab = 'write' | 'preview';

/** One of the Write / Preview tabs: only the selected one is in the tab order. */
export function renderTab(tab: Tab, label: string, selected: Tab, onClick: (event: Event) => void): TemplateResult {
  const isSelected = tab === selected;
  return html`<button
    type="button"
    role="tab"
    id="${tab}-tab"
    part="tab"
    data-tab=${tab}
    aria-selected=${isSelected ? 'true' : 'false'}
    aria-controls="${tab}-panel"
    tabindex=${isSelected ? '0' : '-1'}
    @click=${onClick}
  >
    ${label}
  </button>`;
}

/** A labelled input of the guest fields, with the message saying what is wrong with it. */
export interface FieldOptions {
  id: string;
  type: 'text' | 'email';
  autocomplete: string;
  maxLength: number;
  required?: boolean;
  label: string;
  /** what is wrong with the value; empty when nothing is */
  problem: string;
  value: string;
  readOnly: boolean;
  onInput: (event: InputEvent) => void;
  onChange?: () => void;
}

export function renderField(field: FieldOptions): TemplateResult {
  const errorId = `${field.id}-error`;
  return html`<div class="field-group">
    <label for=${field.id} part="label">${field.label}</label>
    <input
      id=${field.id}
      name=${field.id}
      part="input"
      class="field"
      type=${field.type}
      autocomplete=${field.autocomplete}
      maxlength=${field.maxLength}
      ?required=${field.required}
      aria-invalid=${field.problem ? 'true' : 'false'}
      aria-describedby=${ifDefined(field.problem ? errorId : undefined)}
      ?readonly=${field.readOnly}
      .value=${live(field.value)}
      @input=${field.onInput}
      @change=${field.onChange}
    />
    ${field.problem ? html`<p id=${errorId} part="field-error">${field.problem}</p>` : nothing}
  </div>`;
}

/** A field people do not see and keyboards do not reach; simple bots fill it in. */
export function renderHoneypot(label: string): TemplateResult {
  return html`<div class="honeypot" aria-hidden="true">
    <label for="website">${label}</label>
    <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
  </div>`;
}

/** Why the post failed, with Retry when sending again may help. */
export function renderFailure(failure: { message: string; retryable: boolean }, retry: string, onRetry: () => void): TemplateResult {
  return html`<div part="error" role="alert">
    <span class="message">${failure.message}</span>
    ${failure.retryable ? html`<button type="button" part="retry" class="button" @click=${onRetry}>${retry}</button>` : nothing}
  </div>`;
}

/** Characters as a reader counts them: an emoji is one, not two UTF-16 units. */
export function countCharacters(text: string): number {
  // a surrogate pair is one character; a lone surrogate still counts as one
  return text.length - (text.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);
}

/** Remaining characters at which the counter starts warning. */
export function nearThreshold(max: number): number {
  return Math.max(10, Math.min(200, Math.round(max * 0.1)));
}

export function clampLevel(level: number): string {
  return String(Number.isInteger(level) ? Math.min(6, Math.max(1, level)) : 2);
}
