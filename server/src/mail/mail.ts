import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Comment } from 'confab-comments/model';
import { renderBodyHtml } from 'confab-comments/ssr';
import type { OutreachConfig } from '../config.js';
import type { Database, Queryable } from '../storage/db.js';
import type { ModeratorDigest } from './digest.js';
import type { Outbox, OutboxRow } from './outbox.js';

/** A message as the outbox keeps it. */
export interface MailPayload {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** the signed one-click unsubscribe link (RFC 8058), or none for moderators' mail */
  unsubscribe: string | null;
  [key: string]: unknown;
}

/** A comment moderators are told of. */
export interface ModeratorItem {
  id: string;
  threadId: string;
  body: string;
  authorName: string;
  reason?: string | null;
}

/** What a link in a mail is signed for: one thread's replies, or everything ('' thread). */
export interface UnsubscribeScope {
  email: string;
  threadId: string;
}

const MAX_EMAIL = 254;
/** Days a confirmation link stays good. */
export const CONFIRM_DAYS = 7;
const EMAIL = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\]+$/;

/** A lower-cased address, or null when it is no plausible one. */
export function normaliseEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  return email.length <= MAX_EMAIL && EMAIL.test(email) ? email : null;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A comment body as mail HTML for moderators: its text escaped, paragraphs and line breaks kept.
 * Nothing of the body becomes markup, so a moderator judging it sees exactly what was typed
 * (a link's real address included). Readers' reply mail renders the markdown (`renderBodyHtml`).
 */
export function bodyHtml(body: string): string {
  return body
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * Reply notifications, moderators' notices and unsubscribing. Messages are composed when the
 * event happens and queued in the outbox; SMTP sends them later (nodemailer, SMTP_URL).
 */
export class Mail {
  readonly configured: boolean;
  /** collects moderators' notices into one message a period (MODERATOR_DIGEST_MINUTES), if set */
  digest: ModeratorDigest | null = null;
  private transport: { sendMail(message: Record<string, unknown>): Promise<unknown>; close(): void } | null = null;

  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly config: OutreachConfig,
    private readonly secret: string,
  ) {
    this.configured = Boolean(config.smtpUrl && config.mailFrom);
    if (this.configured) outbox.handle('mail', (row) => this.send(row));
  }

  private async send(row: OutboxRow): Promise<void> {
    if (!this.transport) {
      const { default: nodemailer } = await import('nodemailer');
      this.transport = nodemailer.createTransport(this.config.smtpUrl as string) as unknown as NonNullable<Mail['transport']>;
    }
    const mail = row.payload as MailPayload;
    const headers: Record<string, string> = { 'X-Confab-Message': row.id };
    const list = mail.unsubscribe ? { unsubscribe: { url: mail.unsubscribe, comment: 'Unsubscribe' } } : undefined;
    if (mail.unsubscribe) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers,
      list,
      // The row id is the message id: a retry after an unclear failure is recognisable as the same message.
      messageId: `<confab-${row.id}@${(this.config.mailFrom ?? 'confab').split('@').pop()?.replace(/[>\s]/g, '')}>`,
    });
  }

  close(): void {
    this.transport?.close();
  }

  // ---- signed links ----------------------------------------------------------------------------

  /** The signature of a link's payload; `purpose` keeps a token of one kind from passing as another. */
  private mac(purpose: 'unsubscribe' | 'confirm', payload: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\n${payload}`).digest('base64url');
  }

  private sign(purpose: 'unsubscribe' | 'confirm', values: unknown[]): string {
    const payload = Buffer.from(JSON.stringify(values)).toString('base64url');
    return `${payload}.${this.mac(purpose, payload)}`;
  }

  /** The values a token carries, or null when it is not one this server signed for `purpose`. */
  private verify(purpose: 'unsubscribe' | 'confirm', token: unknown): unknown[] | null {
    if (typeof token !== 'string' || token.length > 2000) return null;
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(purpose, payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const values = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
      return Array.isArray(values) ? values : null;
    } catch {
      return null;
    }
  }

  /** A token naming an address and a scope, signed: it needs no login and cannot be forged. */
  unsubscribeToken(scope: UnsubscribeScope): string {
    return this.sign('unsubscribe', [scope.email, scope.threadId]);
  }

  /** The scope of a token, or null when it is not one this server signed. */
  readToken(token: unknown): UnsubscribeScope | null {
    const [email, threadId] = this.verify('unsubscribe', token) ?? [];
    return typeof email === 'string' && typeof threadId === 'string' ? { email, threadId } : null;
  }

  async unsubscribe(scope: UnsubscribeScope): Promise<void> {
    await this.db.query('insert into mail_unsubscribed (email, thread_id) values ($1, $2) on conflict do nothing', [scope.email, scope.threadId]);
  }

  private link(base: string, scope: UnsubscribeScope): string {
    return `${base}/mail/unsubscribe?token=${this.unsubscribeToken(scope)}`;
  }

  // ---- confirming an address (MAIL_CONFIRM=1) ----------------------------------------------------

  /** A confirmation token for `email`, good until `CONFIRM_DAYS` from now. */
  confirmToken(email: string, now = Date.now()): string {
    return this.sign('confirm', [email, Math.floor(now / 1000) + CONFIRM_DAYS * 86_400]);
  }

  /**
   * The address a confirmation token names: `expired` when it was signed here but is too old,
   * null when it is not one this server signed.
   */
  readConfirmToken(token: unknown): { email: string; expired: boolean } | null {
    const [email, expires] = this.verify('confirm', token) ?? [];
    if (typeof email !== 'string' || typeof expires !== 'number') return null;
    return { email, expired: expires * 1000 < Date.now() };
  }

  /** The owner of the address followed the link: replies reach it from now on, in every thread. */
  async confirm(email: string): Promise<void> {
    await this.db.query(
      'insert into mail_addresses (email, confirmed_at) values ($1, now()) on conflict (email) do update set confirmed_at = coalesce(mail_addresses.confirmed_at, now())',
      [email],
    );
  }

  /**
   * A reader asked for replies at `email`: with MAIL_CONFIRM, an address not yet confirmed gets
   * one message with a signed link. Not again within a day (a form must not become a way to flood
   * someone's mailbox), nor to an address that unsubscribed from everything.
   */
  async requestConfirmation(email: string, base: string): Promise<void> {
    if (!this.configured || !this.config.mailConfirm) return;
    const { rows } = await this.db.query<{ email: string }>(
      `insert into mail_addresses as a (email, confirm_sent_at)
         select $1, now() where not exists (select 1 from mail_unsubscribed u where u.email = $1 and u.thread_id = '')
       on conflict (email) do update set confirm_sent_at = now()
         where a.confirmed_at is null and (a.confirm_sent_at is null or a.confirm_sent_at < now() - interval '1 day')
       returning email`,
      [email],
    );
    if (rows.length === 0) return;
    const confirm = `${base}/mail/confirm?token=${this.confirmToken(email)}`;
    const all = this.link(base, { email, threadId: '' });
    const subject = 'Confirm your e-mail address for replies';
    const text = [
      'Someone, probably you, left a comment with this address and asked to be e-mailed when someone replies.',
      '',
      `Confirm it here: ${confirm}`,
      '',
      `Until then, and if it was not you, nothing more is sent. The link works for ${CONFIRM_DAYS} days.`,
      '',
      '-- ',
      `No e-mail from us at all: ${all}`,
    ].join('\n');
    const html = [
      '<p>Someone, probably you, left a comment with this address and asked to be e-mailed when someone replies.</p>',
      `<p><a href="${escapeHtml(confirm)}">Confirm your address</a></p>`,
      `<p>Until then, and if it was not you, nothing more is sent. The link works for ${CONFIRM_DAYS} days.</p>`,
      `<hr><p><small><a href="${escapeHtml(all)}">No e-mail from us at all</a></small></p>`,
    ].join('\n');
    await this.outbox.enqueue('mail', [{ to: email, subject, text, html, unsubscribe: all } satisfies MailPayload]);
  }

  // ---- reply notifications ---------------------------------------------------------------------

  /** Records "e-mail me when someone replies" for a new comment. */
  async subscribe(input: { commentId: string; threadId: string; email: string; pageUrl: string | null }): Promise<void> {
    await this.db.query(
      'insert into mail_subscriptions (comment_id, thread_id, email, page_url) values ($1, $2, $3, $4) on conflict (comment_id) do nothing',
      [input.commentId, input.threadId, input.email, input.pageUrl],
    );
  }

  /**
   * A reply was published: the author of the comment it answers gets one message, if they asked,
   * did not unsubscribe, and did not write the reply themselves.
   */
  async replyPublished(reply: Comment, base: string): Promise<void> {
    if (!this.configured || !reply.parentId || reply.status !== 'published') return;
    const { rows } = await this.db.query<{ email: string; page_url: string | null; parent_viewer: string | null; reply_viewer: string | null; reply_email: string | null; parent_name: string }>(
      `select s.email, s.page_url, p.viewer_id as parent_viewer, p.author_name as parent_name,
              r.viewer_id as reply_viewer, lower(r.author_email) as reply_email
         from mail_subscriptions s
         join comments p on p.id = s.comment_id
         join comments r on r.id = $2
        where s.comment_id = $1
          and not exists (select 1 from mail_unsubscribed u where u.email = s.email and u.thread_id in ('', s.thread_id))
          and (not $3::boolean or exists (select 1 from mail_addresses a where a.email = s.email and a.confirmed_at is not null))`,
      [reply.parentId, reply.id, this.config.mailConfirm],
    );
    const sub = rows[0];
    if (!sub) return;
    if ((sub.parent_viewer && sub.parent_viewer === sub.reply_viewer) || sub.reply_email === sub.email) return;
    const page = this.config.threadUrl ? this.config.threadUrl.replaceAll('{threadId}', encodeURIComponent(reply.threadId)) : sub.page_url;
    const permalink = page ? `${page.split('#')[0]}#comment-${encodeURIComponent(reply.id)}` : null;
    const who = reply.author.name || 'Someone';
    const thread = this.link(base, { email: sub.email, threadId: reply.threadId });
    const all = this.link(base, { email: sub.email, threadId: '' });
    const text = [
      `${who} replied to your comment:`,
      '',
      reply.body.trim(),
      '',
      ...(permalink ? [`Read it and answer: ${permalink}`, ''] : []),
      '-- ',
      `No more replies from this discussion: ${thread}`,
      `No more e-mail from us at all: ${all}`,
    ].join('\n');
    const html = [
      `<p>${escapeHtml(who)} replied to your comment:</p>`,
      // The reply as the widgets show it: its markdown through their sanitizing rules (DOMPurify's
      // allowlist: emphasis, lists, quotes, code, http(s) and mailto links; raw HTML as text).
      `<blockquote>${renderBodyHtml(reply.body)}</blockquote>`,
      permalink ? `<p><a href="${escapeHtml(permalink)}">Read it and answer</a></p>` : '',
      `<hr><p><small><a href="${escapeHtml(thread)}">No more replies from this discussion</a> · <a href="${escapeHtml(all)}">No more e-mail from us at all</a></small></p>`,
    ].join('\n');
    const payload: MailPayload = { to: sub.email, subject: `${who} replied to your comment`, text, html, unsubscribe: thread };
    await this.outbox.enqueue('mail', [payload]);
  }

  // ---- moderators ------------------------------------------------------------------------------

  /**
   * A comment waits for approval, or was reported: every moderator gets a notice, at once, or in
   * the next digest with MODERATOR_DIGEST_MINUTES (see digest.ts).
   */
  async moderatorNotice(kind: 'pending' | 'reported', comment: ModeratorItem, base: string): Promise<void> {
    if (!this.configured || this.config.moderatorEmails.length === 0) return;
    if (this.digest) return this.digest.add(kind, comment, base);
    const subject = kind === 'pending' ? `A comment by ${comment.authorName} waits for approval` : `A comment by ${comment.authorName} was reported`;
    const why = comment.reason ? `Why: ${comment.reason}` : '';
    const text = [subject + '.', why, '', comment.body.trim(), '', `Thread: ${comment.threadId}`, `Moderate: ${base}/admin`].filter((line, i) => line || i !== 1).join('\n');
    const html = [
      `<p>${escapeHtml(subject)}.</p>`,
      why ? `<p>${escapeHtml(why)}</p>` : '',
      `<blockquote>${bodyHtml(comment.body)}</blockquote>`,
      `<p>Thread: ${escapeHtml(comment.threadId)} · <a href="${escapeHtml(base)}/admin">Moderate</a></p>`,
    ].join('\n');
    await this.outbox.enqueue('mail', await this.toModerators({ subject, text, html }, base));
  }

  /** One message for every moderator who did not unsubscribe, each with their own unsubscribe link. */
  async toModerators(message: { subject: string; text: string; html: string }, base: string, q: Queryable = this.db): Promise<MailPayload[]> {
    const { rows } = await q.query<{ email: string }>(`select email from mail_unsubscribed where thread_id = '' and email = any($1::text[])`, [this.config.moderatorEmails.map((e) => e.toLowerCase())]);
    const out = new Set(rows.map((row) => row.email));
    return this.config.moderatorEmails
      .filter((email) => !out.has(email.toLowerCase()))
      .map((email) => ({ to: email, ...message, unsubscribe: this.link(base, { email: email.toLowerCase(), threadId: '' }) }));
  }
}
