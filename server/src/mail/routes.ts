import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors.js';
import { PAGE_HEADERS } from '../http/security.js';
import type { AdminSessions } from '../http/admin-session.js';
import { errors } from '../schemas/common.js';
import type { Api, Services } from '../routes/services.js';
import { escapeHtml } from './mail.js';

/** API routes of mail and spam defence: the proof-of-work challenge, undelivered messages. */
export async function outreachRoutes(app: Api, { outreach, limits, sessions }: Services & { sessions: AdminSessions }): Promise<void> {
  app.get(
    '/challenge',
    {
      schema: {
        summary: 'A proof-of-work challenge (ALTCHA) a guest post must carry solved, with SPAM_CHALLENGE=pow',
        tags: ['spam'],
        response: {
          200: Type.Object({ algorithm: Type.String(), challenge: Type.String(), maxnumber: Type.Optional(Type.Integer()), salt: Type.String(), signature: Type.String() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const pow = outreach.guard.pow;
      if (!pow) throw new HttpError(404, 'not_found', 'This server asks for no challenge.');
      // Handing out challenges costs a signature each: they count as writes of the network.
      await limits.write(request);
      return pow.create();
    },
  );

  await app.register(async (admin) => {
    // The admin token, or a moderator's session (a write on it only from this server's own pages).
    admin.addHook('onRequest', async (request) => sessions.gate(request));
    admin.get(
      '/admin/outbox/failed',
      {
        schema: {
          summary: 'Mail and webhooks that could not be delivered after every retry, newest first',
          tags: ['admin'],
          security: [{ adminToken: [] }],
          response: {
            200: Type.Object({
              messages: Type.Array(
                Type.Object({
                  id: Type.String(),
                  kind: Type.String(),
                  to: Type.Union([Type.String(), Type.Null()]),
                  subject: Type.Union([Type.String(), Type.Null()]),
                  attempts: Type.Integer(),
                  error: Type.Union([Type.String(), Type.Null()]),
                  createdAt: Type.String(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async () => ({ messages: await outreach.outbox.failed() }),
    );
    admin.post(
      '/admin/outbox/:id/retry',
      {
        schema: {
          summary: 'Queue a failed message or webhook again, with every attempt available',
          tags: ['admin'],
          security: [{ adminToken: [] }],
          params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
          response: { 204: { type: 'null', description: 'Queued; the outbox sends it in a moment' }, ...errors },
        },
      },
      async (request, reply) => {
        if (!(await outreach.outbox.retry((request.params as { id: string }).id))) {
          throw new HttpError(404, 'not_found', 'No failed message has this id: it was sent, queued again already, or removed.');
        }
        return reply.code(204).send(null);
      },
    );
  });
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>` +
  `<body style="font: 1rem/1.5 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem"><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

/**
 * The unsubscribe page, outside the API (a mail client posts to it as a form): GET shows what the
 * link stops and a button; POST (the button, or a mail client's RFC 8058 one-click
 * `List-Unsubscribe=One-Click`) records it. The signed token is the only credential.
 */
export async function unsubscribeRoutes(app: FastifyInstance, { outreach }: Pick<Services, 'outreach'>): Promise<void> {
  // The body of a one-click post says nothing the token does not: read and ignored.
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'], { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(PAGE_HEADERS);
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    done();
  });
  const scopeText = (threadId: string) => (threadId === '' ? 'every e-mail from this site' : 'e-mails about replies in this discussion');
  const refused = page('This link does not work', '<p>The unsubscribe link is incomplete or was changed. Copy the whole link from the e-mail, or use the unsubscribe button of your mail program.</p>');

  app.get('/mail/unsubscribe', { schema: { hide: true } }, async (request, reply) => {
    const token = (request.query as { token?: unknown }).token;
    const scope = outreach.mail.readToken(token);
    reply.type('text/html; charset=utf-8');
    if (!scope) return reply.code(400).send(refused);
    return page(
      'Unsubscribe',
      `<p>Stop ${scopeText(scope.threadId)} to <strong>${escapeHtml(scope.email)}</strong>?</p>` +
        `<form method="post" action="?token=${escapeHtml(String(token))}"><button type="submit">Unsubscribe</button></form>`,
    );
  });

  app.post('/mail/unsubscribe', { schema: { hide: true } }, async (request, reply) => {
    const scope = outreach.mail.readToken((request.query as { token?: unknown }).token);
    reply.type('text/html; charset=utf-8');
    if (!scope) return reply.code(400).send(refused);
    await outreach.mail.unsubscribe(scope);
    return page('Unsubscribed', `<p>${escapeHtml(scope.email)} will get no more ${scopeText(scope.threadId).replace(/^every /, '')}.</p>`);
  });

  // Confirming an address (MAIL_CONFIRM=1): GET shows a button, POST confirms. A link checker or
  // mail scanner that opens the link confirms nothing; only the owner's click does.
  const confirmRefused = page('This link does not work', '<p>The confirmation link is incomplete or was changed. Copy the whole link from the e-mail.</p>');
  const confirmExpired = page('This link has expired', '<p>The confirmation link is too old. Tick "E-mail me when someone replies" with your next comment to get a new one.</p>');
  const confirmation = (request: { query: unknown }, reply: { type(t: string): unknown; code(n: number): unknown }) => {
    const token = (request.query as { token?: unknown }).token;
    const found = outreach.mail.readConfirmToken(token);
    reply.type('text/html; charset=utf-8');
    if (!found) reply.code(400);
    else if (found.expired) reply.code(410);
    return { token: String(token), email: found && !found.expired ? found.email : null, answer: !found ? confirmRefused : confirmExpired };
  };

  app.get('/mail/confirm', { schema: { hide: true } }, async (request, reply) => {
    const { token, email, answer } = confirmation(request, reply);
    if (!email) return answer;
    return page(
      'Confirm your address',
      `<p>Send replies to your comments to <strong>${escapeHtml(email)}</strong>?</p>` +
        `<form method="post" action="?token=${escapeHtml(token)}"><button type="submit">Confirm</button></form>`,
    );
  });

  app.post('/mail/confirm', { schema: { hide: true } }, async (request, reply) => {
    const { email, answer } = confirmation(request, reply);
    if (!email) return answer;
    await outreach.mail.confirm(email);
    return page('Address confirmed', `<p>Replies to your comments will be sent to ${escapeHtml(email)}. Every message has a link to stop them.</p>`);
  });
}
