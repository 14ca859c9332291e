import { createHmac } from 'node:crypto';
import type { Outbox, OutboxRow } from '../mail/outbox.js';

export type WebhookEvent = 'comment.created' | 'comment.approved' | 'comment.deleted' | 'comment.reported' | 'typo.reported';

/** The signature header: `sha256=` and the base64url HMAC-SHA256 of the exact body bytes. */
export const SIGNATURE_HEADER = 'x-confab-signature';
const TIMEOUT_MS = 10_000;

/** The signature of a webhook body, as the receiver recomputes it. */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/**
 * Webhooks: each event is one JSON POST to every WEBHOOK_URLS address, queued in the outbox (so a
 * receiver that is down gets it later, with backoff) and signed with HMAC-SHA256 over the body.
 * A 2xx answer is delivered; anything else, or no answer in 10 s, is retried.
 */
export class Webhooks {
  constructor(
    private readonly outbox: Outbox,
    private readonly urls: string[],
    private readonly secret: string,
  ) {
    if (urls.length > 0) outbox.handle('webhook', (row) => this.deliver(row));
  }

  get enabled(): boolean {
    return this.urls.length > 0;
  }

  async emit(event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
    if (this.urls.length === 0) return;
    const body = JSON.stringify({ event, createdAt: new Date().toISOString(), data });
    await this.outbox.enqueue(
      'webhook',
      this.urls.map((url) => ({ url, event, body })),
    );
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { url, event, body } = row.payload as { url: string; event: string; body: string };
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'confab-webhooks',
        [SIGNATURE_HEADER]: signWebhook(this.secret, body),
        'x-confab-event': event,
        // The same id on every retry of one delivery: receivers drop what they already have.
        'x-confab-delivery': row.id,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => {});
    if (response.status < 200 || response.status >= 300) throw new Error(`${url} answered ${response.status}`);
  }
}
