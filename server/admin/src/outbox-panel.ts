import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, ApiError } from './api.js';
import { styles } from './styles.js';

/** A message of the outbox that failed every attempt (GET /api/admin/outbox/failed). */
export interface FailedMessage {
  id: string;
  kind: 'mail' | 'webhook' | string;
  /** the recipient's address, or the webhook's URL */
  to: string | null;
  /** the mail's subject, or the webhook's event */
  subject: string | null;
  attempts: number;
  error: string | null;
  createdAt: string;
}

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The dashboard's "Failed mail" view: mail and webhooks the outbox gave up on after every retry,
 * with who they were for, why they failed, and a Retry button that queues one again with every
 * attempt available. A message that is sent leaves the list.
 */
@customElement('confab-outbox-panel')
export class ConfabOutboxPanel extends LitElement {
  static override styles = [
    styles,
    css`
      .error-text { color: var(--danger); overflow-wrap: anywhere; font: 0.9rem ui-monospace, monospace; margin: 0.25rem 0; }
      .to { overflow-wrap: anywhere; }
    `,
  ];

  @state() private messages: FailedMessage[] = [];
  @state() private loading = false;
  @state() private loaded = false;
  @state() private error = '';
  @state() private busy = new Set<string>();
  @state() private rowErrors = new Map<string, string>();
  @state() private announcement = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = '';
    try {
      this.messages = (await api<{ messages: FailedMessage[] }>('GET', '/admin/outbox/failed')).messages;
      this.loaded = true;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.loading = false;
    }
  }

  private async retry(message: FailedMessage): Promise<void> {
    if (this.busy.has(message.id)) return;
    this.busy = new Set(this.busy).add(message.id);
    const errors = new Map(this.rowErrors);
    errors.delete(message.id);
    this.rowErrors = errors;
    try {
      await api('POST', `/admin/outbox/${encodeURIComponent(message.id)}/retry`);
      const at = this.messages.indexOf(message);
      this.messages = this.messages.filter((m) => m !== message);
      this.announcement = `Queued again: ${this.describe(message)}. It is sent in a moment; if it fails again, it comes back here.`;
      await this.updateComplete;
      // Focus stays in the list: on the next message's Retry, else the previous one's, else Refresh.
      const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('button.retry');
      (buttons[Math.min(at, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLButtonElement>('button.refresh'))?.focus();
    } catch (err) {
      const gone = err instanceof ApiError && err.status === 404;
      if (gone) {
        this.messages = this.messages.filter((m) => m !== message);
        this.announcement = `${this.describe(message)} is no longer failed: it was sent or queued again already.`;
      } else {
        this.rowErrors = new Map(this.rowErrors).set(message.id, (err as Error).message);
      }
    } finally {
      const busy = new Set(this.busy);
      busy.delete(message.id);
      this.busy = busy;
    }
  }

  private describe(message: FailedMessage): string {
    return message.kind === 'mail' ? `the mail to ${message.to ?? 'an unknown address'}` : `the ${message.subject ?? ''} webhook to ${message.to ?? 'an unknown address'}`;
  }

  override render(): TemplateResult {
    return html`
      <p class="note">
        Mail and webhooks that could not be delivered after every retry (the SMTP server or the receiver refused them, or could not be reached).
        Retry sends one again once the cause is fixed.
      </p>
      <div class="actions">
        <button type="button" class="refresh" ?disabled=${this.loading} @click=${() => void this.load()}>${this.loading ? 'Loading…' : 'Refresh'}</button>
      </div>
      ${this.error
        ? html`<p class="error" role="alert">${this.error} <button type="button" @click=${() => void this.load()}>Try again</button></p>`
        : nothing}
      ${this.loaded && this.messages.length === 0 ? html`<p class="empty">Nothing failed: every message was delivered or is still being tried.</p>` : nothing}
      ${this.messages.length > 0
        ? html`<ol class="rows" aria-label="Failed messages">
            ${this.messages.map((message) => this.renderMessage(message))}
          </ol>`
        : nothing}
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    `;
  }

  private renderMessage(message: FailedMessage): TemplateResult {
    const busy = this.busy.has(message.id);
    const rowError = this.rowErrors.get(message.id);
    return html`<li class="row" data-id=${message.id}>
      <div class="meta">
        <span class="status">${message.kind === 'mail' ? 'Mail' : message.kind === 'webhook' ? 'Webhook' : message.kind}</span>
        <strong class="to">${message.to ?? '(no recipient)'}</strong>
        <time datetime=${message.createdAt}>${date.format(new Date(message.createdAt))}</time>
      </div>
      ${message.subject ? html`<h3>${message.subject}</h3>` : nothing}
      <dl class="facts">
        <div><dt>Attempts</dt><dd>${message.attempts}</dd></div>
      </dl>
      ${message.error ? html`<p class="error-text">${message.error}</p>` : nothing}
      ${rowError ? html`<p class="error" role="alert">${rowError}</p>` : nothing}
      <div class="actions">
        <button type="button" class="retry" ?disabled=${busy} aria-label=${`Retry ${this.describe(message)}`} @click=${() => void this.retry(message)}>
          ${busy ? 'Retrying…' : 'Retry'}
        </button>
      </div>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-outbox-panel': ConfabOutboxPanel;
  }
}
