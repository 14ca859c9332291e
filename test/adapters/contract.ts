/**
 * The adapter contract: the behaviour every `CommentAdapter` must show, as one reusable mocha
 * suite. An adapter is done when `runAdapterContract` passes against it.
 *
 * The factory gets plain `Comment` seeds (a backend imports them as given: ids, times, counts,
 * statuses) and the ids of two viewers. Seeds use those ids as `author.id` to mark a viewer's own
 * comments, so the adapter it returns must act as `viewerId`, and `otherViewer()` must return an
 * adapter on the same data acting as `otherViewerId`. `viewer.reactions` of a seed belong to
 * `viewerId`.
 *
 * Choices the suite pins down, beyond the interface's doc comments:
 * - `total` counts the items a level lists (a placeholder with replies is one); `threadTotal` and
 *   `count()` count visible comments only (no placeholders, no pending comments of others).
 * - A placeholder is listed only while it has replies.
 * - A filled honeypot is rejected with `validation` (field `honeypot`) and stores nothing.
 * - Zero reaction counts may be absent: the suite reads `reactions.like ?? 0`.
 */
import { expect } from '@open-wc/testing';
import {
  AdapterError,
  type AdapterErrorCode,
  type AdapterEvent,
  type CommentAdapter,
  type ListRequest,
  type PostRequest,
  type ReportCommentRequest,
  type TypoReportRequest,
} from '../../src/model/adapter.js';
import type { Comment, SortOrder } from '../../src/model/comment.js';

export interface ContractViewers {
  viewerId: string;
  otherViewerId: string;
}

export interface ContractSetup {
  /** acts as `viewers.viewerId` */
  adapter: CommentAdapter;
  /** another adapter on the same data, acting as `viewers.otherViewerId` */
  otherViewer(): Promise<CommentAdapter>;
  cleanup?(): Promise<void>;
}

/** Creates a fresh adapter holding exactly `seed` (nothing from earlier tests). */
export type ContractFactory = (seed: Comment[], viewers: ContractViewers) => Promise<ContractSetup>;

export interface ContractOptions {
  /** How long live events need after `subscribe` before they flow (e.g. an SSE handshake). Default 0. */
  subscribeSettleMs?: number;
  /** How long to wait for a live event. Default 2000 ms. */
  eventTimeoutMs?: number;
}

export const VIEWERS: ContractViewers = { viewerId: 'viewer-a', otherViewerId: 'viewer-b' };

const BASE_TIME = Date.parse('2024-03-01T08:00:00.000Z');

/** An ISO time `minutes` after a fixed base, so seeds sort predictably and lie in the past. */
export function at(minutes: number): string {
  return new Date(BASE_TIME + minutes * 60_000).toISOString();
}

/** A published top-level comment of thread `t1`, with `fields` on top. */
export function seedComment(fields: Partial<Comment> & { id: string }): Comment {
  return {
    threadId: 't1',
    parentId: null,
    author: { name: `Author of ${fields.id}` },
    body: `Body of ${fields.id}`,
    createdAt: at(0),
    editedAt: null,
    status: 'published',
    reactions: {},
    replyCount: 0,
    ...fields,
  };
}

/** A valid post request, with `fields` on top. */
export function postRequest(fields: Partial<PostRequest> = {}): PostRequest {
  return {
    threadId: 't1',
    parentId: null,
    body: 'A fresh comment',
    author: { name: 'Grace' },
    idempotencyKey: `key-${Math.random().toString(36).slice(2)}`,
    ...fields,
  };
}

/** Awaits `promise`, expecting it to fail with an AdapterError of `code`; returns that error. */
export async function expectAdapterError(promise: Promise<unknown>, code: AdapterErrorCode): Promise<AdapterError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected an AdapterError "${code}"`).to.be.instanceOf(AdapterError);
  expect((caught as AdapterError).code).to.equal(code);
  return caught as AdapterError;
}

/** Every page of a listing, following `nextCursor`; `between` runs after each page. */
export async function listAll(
  adapter: CommentAdapter,
  request: ListRequest,
  between: (pageIndex: number) => Promise<void> = async () => {},
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = request.cursor ?? null;
  let pages = 0;
  do {
    const page = await adapter.list({ ...request, cursor });
    ids.push(...page.comments.map((c) => c.id));
    cursor = page.nextCursor;
    pages += 1;
    expect(pages, 'pagination does not end').to.be.below(1000);
    if (cursor) await between(pages);
  } while (cursor);
  return { ids, pages };
}

const ids = (comments: Comment[]): string[] => comments.map((c) => c.id);
const like = (c: { reactions: Record<string, number> }): number => c.reactions.like ?? 0;
const dislike = (c: { reactions: Record<string, number> }): number => c.reactions.dislike ?? 0;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Five top-level comments with ties and reactions, and two replies to `b`:
 * oldest a b c d e, newest e d c b a, top e b a d c.
 */
function sortSeed(): Comment[] {
  return [
    seedComment({ id: 'a', createdAt: at(1), reactions: { like: 1 } }),
    seedComment({ id: 'b', createdAt: at(2), reactions: { like: 5, dislike: 1 }, replyCount: 2 }),
    seedComment({ id: 'c', createdAt: at(2) }),
    seedComment({ id: 'd', createdAt: at(3), reactions: { like: 2, dislike: 2 } }),
    seedComment({ id: 'e', createdAt: at(4), reactions: { like: 4 } }),
    seedComment({ id: 'r1', parentId: 'b', createdAt: at(5) }),
    seedComment({ id: 'r2', parentId: 'b', createdAt: at(6) }),
  ];
}

/** `count` top-level comments; several share a time so ties must be broken by id. */
function manySeed(count: number, fields: Partial<Comment> = {}): Comment[] {
  return Array.from({ length: count }, (_, i) =>
    seedComment({
      id: `m${String(i).padStart(3, '0')}`,
      createdAt: at(Math.floor(i / 3)),
      reactions: { like: (i * 7) % 5, dislike: (i * 3) % 4 },
      ...fields,
    }),
  );
}

/** Registers the contract tests for one adapter. Call it at the top level of a test file. */
export function runAdapterContract(name: string, factory: ContractFactory, options: ContractOptions = {}): void {
  const settleMs = options.subscribeSettleMs ?? 0;
  const eventTimeoutMs = options.eventTimeoutMs ?? 2000;

  describe(`${name}: adapter contract`, () => {
    const cleanups: (() => Promise<void>)[] = [];

    async function open(seed: Comment[] = []): Promise<ContractSetup> {
      const setup = await factory(seed, VIEWERS);
      if (setup.cleanup) cleanups.push(() => setup.cleanup!());
      return setup;
    }

    afterEach(async () => {
      while (cleanups.length) await cleanups.pop()!();
    });

    /** Records a subscription's events; `next` waits for one that matches. */
    async function record(adapter: CommentAdapter, threadId: string) {
      expect(adapter.subscribe, 'subscribe').to.be.a('function');
      const events: AdapterEvent[] = [];
      const unsubscribe = adapter.subscribe!(threadId, (event) => events.push(event));
      if (settleMs) await sleep(settleMs);
      const next = async <T extends AdapterEvent>(match: (event: AdapterEvent) => event is T): Promise<T> => {
        const deadline = Date.now() + eventTimeoutMs;
        for (;;) {
          const found = events.find(match);
          if (found) return found;
          if (Date.now() > deadline)
            throw new Error(`no matching event; got ${JSON.stringify(events.map((e) => e.type))}`);
          await sleep(10);
        }
      };
      return { events, unsubscribe, next };
    }

    describe('list', () => {
      const orders: Record<SortOrder, string[]> = {
        oldest: ['a', 'b', 'c', 'd', 'e'],
        newest: ['e', 'd', 'c', 'b', 'a'],
        top: ['e', 'b', 'a', 'd', 'c'],
      };
      for (const [sort, expected] of Object.entries(orders) as [SortOrder, string[]][]) {
        it(`sorts top-level comments ${sort} first, ties broken by id`, async () => {
          const { adapter } = await open(sortSeed());
          const page = await adapter.list({ threadId: 't1', sort });
          expect(ids(page.comments)).to.deep.equal(expected);
          expect(page.nextCursor).to.equal(null);
          expect(page.total).to.equal(5);
          expect(page.threadTotal).to.equal(7);
        });
      }

      it('sorts oldest first when no sort is given and keeps seeded fields as given', async () => {
        const seed = sortSeed();
        const { adapter } = await open(seed);
        const page = await adapter.list({ threadId: 't1' });
        expect(ids(page.comments)).to.deep.equal(orders.oldest);
        const b = page.comments[1];
        expect(b.createdAt).to.equal(seed[1].createdAt);
        expect(b.body).to.equal('Body of b');
        expect(b.author.name).to.equal('Author of b');
        expect(b.replyCount).to.equal(2);
        expect(like(b)).to.equal(5);
        expect(dislike(b)).to.equal(1);
        expect(b.parentId).to.equal(null);
        expect(b.status).to.equal('published');
      });

      it('lists the direct replies of a comment oldest first, whatever the sort', async () => {
        const { adapter } = await open(sortSeed());
        for (const sort of ['oldest', 'newest', 'top'] as const) {
          const page = await adapter.list({ threadId: 't1', parentId: 'b', sort });
          expect(ids(page.comments), sort).to.deep.equal(['r1', 'r2']);
          expect(page.total).to.equal(2);
          expect(page.threadTotal).to.equal(7);
          expect(page.comments.every((c) => c.parentId === 'b')).to.equal(true);
        }
        const leaf = await adapter.list({ threadId: 't1', parentId: 'a' });
        expect(leaf.comments).to.deep.equal([]);
        expect(leaf.total).to.equal(0);
      });

      it('returns an empty page for a thread nobody commented on', async () => {
        const { adapter } = await open(sortSeed());
        const page = await adapter.list({ threadId: 'nobody-here' });
        expect(page).to.deep.include({ comments: [], nextCursor: null, total: 0, threadTotal: 0 });
      });

      it('keeps threads apart', async () => {
        const { adapter } = await open([...sortSeed(), seedComment({ id: 'x', threadId: 't2' })]);
        expect(ids((await adapter.list({ threadId: 't2' })).comments)).to.deep.equal(['x']);
        expect((await adapter.list({ threadId: 't1' })).total).to.equal(5);
      });

      it('fails with not_found for the replies of an unknown comment', async () => {
        const { adapter } = await open(sortSeed());
        await expectAdapterError(adapter.list({ threadId: 't1', parentId: 'nope' }), 'not_found');
      });

      it('pages 20 by default and never more than 100', async () => {
        const { adapter } = await open(manySeed(120));
        const first = await adapter.list({ threadId: 't1' });
        expect(first.comments).to.have.length(20);
        expect(first.nextCursor).to.be.a('string');
        expect(first.total).to.equal(120);
        const huge = await adapter.list({ threadId: 't1', limit: 500 });
        expect(huge.comments).to.have.length(100);
        const tiny = await adapter.list({ threadId: 't1', limit: 3 });
        expect(tiny.comments).to.have.length(3);
      });

      for (const sort of ['oldest', 'newest', 'top'] as const) {
        it(`pages through 53 comments sorted ${sort} without losing or repeating one`, async () => {
          const { adapter } = await open(manySeed(53));
          const whole = await adapter.list({ threadId: 't1', sort, limit: 100 });
          const paged = await listAll(adapter, { threadId: 't1', sort, limit: 7 });
          expect(paged.pages).to.equal(8);
          expect(paged.ids).to.deep.equal(ids(whole.comments));
          expect(new Set(paged.ids).size).to.equal(53);
        });
      }

      it('neither repeats nor loses a comment when one is posted between pages (oldest)', async () => {
        const { adapter } = await open(manySeed(30));
        let posted = '';
        const paged = await listAll(adapter, { threadId: 't1', limit: 8 }, async (pageIndex) => {
          if (pageIndex === 1) posted = (await adapter.post(postRequest())).id;
        });
        expect(paged.ids).to.have.length(31);
        expect(new Set(paged.ids).size).to.equal(31);
        expect(paged.ids[30]).to.equal(posted);
      });

      it('neither repeats nor loses a seeded comment when one is posted between pages (newest)', async () => {
        const { adapter } = await open(manySeed(30));
        const paged = await listAll(adapter, { threadId: 't1', sort: 'newest', limit: 8 }, async (pageIndex) => {
          if (pageIndex === 2) await adapter.post(postRequest());
        });
        expect(paged.ids.filter((id) => id.startsWith('m'))).to.have.length(30);
        expect(new Set(paged.ids).size).to.equal(paged.ids.length);
      });

      it('continues after the last comment of a page even when that comment was deleted', async () => {
        const { adapter } = await open(manySeed(12, { author: { id: VIEWERS.viewerId, name: 'Me' } }));
        const first = await adapter.list({ threadId: 't1', limit: 5 });
        const last = first.comments[4].id;
        await adapter.delete!({ threadId: 't1', commentId: last });
        const rest = await listAll(adapter, { threadId: 't1', limit: 5, cursor: first.nextCursor });
        const all = [...ids(first.comments), ...rest.ids];
        expect(rest.ids).not.to.include(last);
        expect(all.filter((id) => id !== last)).to.have.length(11);
        expect(new Set(all).size).to.equal(12);
      });

      it('rejects a cursor it did not make with validation', async () => {
        const { adapter } = await open(manySeed(10));
        await expectAdapterError(adapter.list({ threadId: 't1', cursor: 'not-a-cursor!' }), 'validation');
      });

      it('pages through the replies of a comment', async () => {
        const seed = [
          seedComment({ id: 'p', replyCount: 5 }),
          ...Array.from({ length: 5 }, (_, i) => seedComment({ id: `q${i}`, parentId: 'p', createdAt: at(10 + i) })),
        ];
        const { adapter } = await open(seed);
        const paged = await listAll(adapter, { threadId: 't1', parentId: 'p', limit: 2 });
        expect(paged.ids).to.deep.equal(['q0', 'q1', 'q2', 'q3', 'q4']);
        expect(paged.pages).to.equal(3);
      });

      it('embeds up to n replies per listed comment, level by level, when asked', async () => {
        const seed = [
          seedComment({ id: 'p1', createdAt: at(1), replyCount: 3 }),
          seedComment({ id: 'p2', createdAt: at(2) }),
          seedComment({ id: 'q1', parentId: 'p1', createdAt: at(3), replyCount: 3 }),
          seedComment({ id: 'q2', parentId: 'p1', createdAt: at(4) }),
          seedComment({ id: 'q3', parentId: 'p1', createdAt: at(5) }),
          seedComment({ id: 'g1', parentId: 'q1', createdAt: at(6) }),
          seedComment({ id: 'g2', parentId: 'q1', createdAt: at(7) }),
          seedComment({ id: 'g3', parentId: 'q1', createdAt: at(8) }),
        ];
        const { adapter } = await open(seed);
        const page = await adapter.list({ threadId: 't1', replies: 2 });
        expect(ids(page.comments)).to.deep.equal(['p1', 'p2']);
        expect(ids(page.replies ?? []).sort()).to.deep.equal(['g1', 'g2', 'q1', 'q2']);
        expect(page.threadTotal).to.equal(8);
        const plain = await adapter.list({ threadId: 't1' });
        expect(plain.replies ?? []).to.deep.equal([]);
      });
    });

    describe('post', () => {
      it('creates a top-level comment owned by the viewer and lists it', async () => {
        const { adapter } = await open(sortSeed());
        const before = Date.now();
        const comment = await adapter.post(
          postRequest({ body: 'Hello **there**', author: { name: '  Grace  ', url: 'https://grace.example/' } }),
        );
        expect(comment.id).to.be.a('string').and.not.equal('');
        expect(comment).to.deep.include({
          threadId: 't1',
          parentId: null,
          body: 'Hello **there**',
          status: 'published',
          replyCount: 0,
        });
        expect(comment.author.name).to.equal('Grace');
        expect(comment.author.url).to.equal('https://grace.example/');
        expect(like(comment) + dislike(comment)).to.equal(0);
        expect(Date.parse(comment.createdAt)).to.be.within(before - 2000, Date.now() + 2000);
        expect(comment.viewer).to.deep.include({ reactions: [], canEdit: true, canDelete: true });

        const page = await adapter.list({ threadId: 't1', sort: 'newest' });
        expect(page.comments[0].id).to.equal(comment.id);
        expect(page.comments[0].viewer?.canEdit).to.equal(true);
        expect(page.total).to.equal(6);
        expect(page.threadTotal).to.equal(8);
      });

      it('does not hand the email address back', async () => {
        const { adapter } = await open();
        const comment = await adapter.post(postRequest({ author: { name: 'Grace', email: 'grace@example.com' } }));
        expect(JSON.stringify(comment)).not.to.contain('grace@example.com');
        const page = await adapter.list({ threadId: 't1' });
        expect(JSON.stringify(page)).not.to.contain('grace@example.com');
      });

      it('posts a reply under its parent and counts it there', async () => {
        const { adapter } = await open(sortSeed());
        const reply = await adapter.post(postRequest({ parentId: 'a', body: 'I agree' }));
        expect(reply.parentId).to.equal('a');
        const replies = await adapter.list({ threadId: 't1', parentId: 'a' });
        expect(ids(replies.comments)).to.deep.equal([reply.id]);
        const top = await adapter.list({ threadId: 't1' });
        expect(top.comments.find((c) => c.id === 'a')?.replyCount).to.equal(1);
        expect(top.total).to.equal(5);
        expect(top.threadTotal).to.equal(8);
      });

      it('returns the same comment for a retried post and stores it once', async () => {
        const { adapter } = await open();
        const request = postRequest({ idempotencyKey: 'retry-me' });
        const first = await adapter.post(request);
        const second = await adapter.post({ ...request });
        expect(second.id).to.equal(first.id);
        const page = await adapter.list({ threadId: 't1' });
        expect(ids(page.comments)).to.deep.equal([first.id]);
        expect(page.threadTotal).to.equal(1);
      });

      it('stores two concurrent posts with one key once', async () => {
        const { adapter } = await open();
        const request = postRequest({ idempotencyKey: 'twice-at-once' });
        const [one, two] = await Promise.all([adapter.post(request), adapter.post({ ...request })]);
        expect(two.id).to.equal(one.id);
        expect((await adapter.list({ threadId: 't1' })).threadTotal).to.equal(1);
      });

      it('keeps posts with different keys apart, even with the same text', async () => {
        const { adapter } = await open();
        const one = await adapter.post(postRequest({ body: 'Same' }));
        const two = await adapter.post(postRequest({ body: 'Same' }));
        expect(two.id).not.to.equal(one.id);
        expect((await adapter.list({ threadId: 't1' })).total).to.equal(2);
      });

      it('lists comments posted one after another in posting order (oldest)', async () => {
        const { adapter } = await open();
        const posted: string[] = [];
        for (let i = 0; i < 5; i++) posted.push((await adapter.post(postRequest({ body: `n${i}` }))).id);
        expect(ids((await adapter.list({ threadId: 't1' })).comments)).to.deep.equal(posted);
        expect(ids((await adapter.list({ threadId: 't1', sort: 'newest' })).comments)).to.deep.equal(
          [...posted].reverse(),
        );
      });

      it('fails with not_found when the parent does not exist', async () => {
        const { adapter } = await open(sortSeed());
        await expectAdapterError(adapter.post(postRequest({ parentId: 'ghost' })), 'not_found');
        expect((await adapter.list({ threadId: 't1' })).threadTotal).to.equal(7);
      });

      const invalid: [string, Partial<PostRequest>, AdapterErrorCode, string][] = [
        ['an empty body', { body: '' }, 'validation', 'body'],
        ['a body of only spaces', { body: '  \n\t ' }, 'validation', 'body'],
        ['a body with control characters', { body: 'Hi\u0000there' }, 'validation', 'body'],
        ['a missing name', { author: { name: '' } }, 'validation', 'author.name'],
        ['a name of only spaces', { author: { name: '   ' } }, 'validation', 'author.name'],
        ['a name of 300 characters', { author: { name: 'n'.repeat(300) } }, 'validation', 'author.name'],
        ['a javascript: website', { author: { name: 'Eve', url: 'javascript:alert(1)' } }, 'validation', 'author.url'],
        ['a website that is no URL', { author: { name: 'Eve', url: 'not a url' } }, 'validation', 'author.url'],
        ['a filled honeypot', { honeypot: 'http://spam.example' }, 'validation', 'honeypot'],
      ];
      for (const [what, fields, code, field] of invalid) {
        it(`rejects ${what} with ${code} and stores nothing`, async () => {
          const { adapter } = await open();
          const error = await expectAdapterError(adapter.post(postRequest(fields)), code);
          expect(error.field).to.equal(field);
          expect(error.message).to.be.a('string').and.not.equal('');
          expect(error.retryable).to.equal(false);
          expect((await adapter.list({ threadId: 't1' })).threadTotal).to.equal(0);
        });
      }

      it('rejects a body over 5000 characters with too_large, naming the limit, and accepts 5000', async () => {
        const { adapter } = await open();
        const error = await expectAdapterError(adapter.post(postRequest({ body: 'x'.repeat(5001) })), 'too_large');
        expect(error.message).to.contain('5000');
        expect(error.field).to.equal('body');
        const longest = await adapter.post(postRequest({ body: 'x'.repeat(5000) }));
        expect(longest.body).to.have.length(5000);
        expect((await adapter.list({ threadId: 't1' })).threadTotal).to.equal(1);
      });

      it('counts characters as the reader sees them: 5000 emoji fit, whitespace around does not count', async () => {
        const { adapter } = await open();
        const emoji = await adapter.post(postRequest({ body: '\u{1F600}'.repeat(5000) }));
        expect([...emoji.body]).to.have.length(5000);
        await expectAdapterError(adapter.post(postRequest({ body: '\u{1F600}'.repeat(5001) })), 'too_large');
        const padded = await adapter.post(postRequest({ body: `\n  ${'y'.repeat(5000)}  \n\n` }));
        expect(padded.body.trim()).to.have.length(5000);
      });

      it('accepts an http website, a name in any script and a multi-line body', async () => {
        const { adapter } = await open();
        const comment = await adapter.post(
          postRequest({
            body: 'Line one\n\n\tLine two',
            author: { name: 'Zoë 李 n'.padEnd(60, 'n'), url: 'http://plain.example/x' },
          }),
        );
        expect(comment.author.name).to.equal('Zoë 李 n'.padEnd(60, 'n'));
        expect(comment.author.url).to.equal('http://plain.example/x');
        expect(comment.body).to.equal('Line one\n\n\tLine two');
      });

      it('fails with aborted when the signal has already fired, and stores nothing', async () => {
        const { adapter } = await open();
        const controller = new AbortController();
        controller.abort();
        await expectAdapterError(adapter.post(postRequest({ signal: controller.signal })), 'aborted');
        await expectAdapterError(adapter.list({ threadId: 't1', signal: controller.signal }), 'aborted');
        expect((await adapter.list({ threadId: 't1' })).threadTotal).to.equal(0);
      });
    });

    describe('edit', () => {
      const mine = (): Comment[] => [
        seedComment({ id: 'own', author: { id: VIEWERS.viewerId, name: 'Me' }, createdAt: at(1) }),
        seedComment({ id: 'theirs', author: { id: VIEWERS.otherViewerId, name: 'Them' }, createdAt: at(2) }),
      ];

      it('changes the body of an own comment and marks it edited', async () => {
        const { adapter } = await open(mine());
        const edited = await adapter.edit!({ threadId: 't1', commentId: 'own', body: 'Better words' });
        expect(edited.body).to.equal('Better words');
        expect(edited.editedAt).to.be.a('string');
        expect(Date.parse(edited.editedAt!)).to.be.above(Date.parse(at(1)));
        const listed = (await adapter.list({ threadId: 't1' })).comments.find((c) => c.id === 'own');
        expect(listed?.body).to.equal('Better words');
        expect(listed?.editedAt).to.equal(edited.editedAt);
      });

      it('accepts the version the editor started from and rejects a stale one with conflict', async () => {
        const { adapter } = await open(mine());
        const first = await adapter.edit!({
          threadId: 't1',
          commentId: 'own',
          body: 'Second',
          expectedEditedAt: at(1),
        });
        const second = await adapter.edit!({
          threadId: 't1',
          commentId: 'own',
          body: 'Third',
          expectedEditedAt: first.editedAt,
        });
        expect(second.body).to.equal('Third');
        const error = await expectAdapterError(
          adapter.edit!({
            threadId: 't1',
            commentId: 'own',
            body: 'From a stale tab',
            expectedEditedAt: first.editedAt,
          }),
          'conflict',
        );
        expect(error.current?.body).to.equal('Third');
        expect(error.current?.editedAt).to.equal(second.editedAt);
        const listed = (await adapter.list({ threadId: 't1' })).comments.find((c) => c.id === 'own');
        expect(listed?.body).to.equal('Third');
      });

      it("forbids editing someone else's comment", async () => {
        const { adapter } = await open(mine());
        const theirs = (await adapter.list({ threadId: 't1' })).comments.find((c) => c.id === 'theirs');
        expect(theirs?.viewer?.canEdit).to.equal(false);
        expect(theirs?.viewer?.canDelete).to.equal(false);
        await expectAdapterError(adapter.edit!({ threadId: 't1', commentId: 'theirs', body: 'Hijacked' }), 'forbidden');
      });

      it('forbids another viewer to edit a comment this viewer posted', async () => {
        const { adapter, otherViewer } = await open();
        const comment = await adapter.post(postRequest());
        const other = await otherViewer();
        const seen = (await other.list({ threadId: 't1' })).comments[0];
        expect(seen.viewer?.canEdit).to.equal(false);
        await expectAdapterError(other.edit!({ threadId: 't1', commentId: comment.id, body: 'Hijacked' }), 'forbidden');
        expect((await adapter.list({ threadId: 't1' })).comments[0].body).to.equal('A fresh comment');
      });

      it('validates the new body like a post', async () => {
        const { adapter } = await open(mine());
        await expectAdapterError(adapter.edit!({ threadId: 't1', commentId: 'own', body: '   ' }), 'validation');
        await expectAdapterError(
          adapter.edit!({ threadId: 't1', commentId: 'own', body: 'y'.repeat(5001) }),
          'too_large',
        );
        expect((await adapter.list({ threadId: 't1' })).comments[0].body).to.equal('Body of own');
      });

      it('fails with not_found for an unknown comment', async () => {
        const { adapter } = await open(mine());
        await expectAdapterError(adapter.edit!({ threadId: 't1', commentId: 'ghost', body: 'x' }), 'not_found');
      });
    });

    describe('delete', () => {
      it('removes an own comment without replies and lowers the counts', async () => {
        const { adapter } = await open(sortSeed());
        const reply = await adapter.post(postRequest({ parentId: 'a' }));
        expect(await adapter.delete!({ threadId: 't1', commentId: reply.id })).to.equal(null);
        const top = await adapter.list({ threadId: 't1' });
        expect(top.comments.find((c) => c.id === 'a')?.replyCount).to.equal(0);
        expect(top.threadTotal).to.equal(7);
        expect((await adapter.list({ threadId: 't1', parentId: 'a' })).comments).to.deep.equal([]);
      });

      it('keeps a placeholder in place of a comment with replies', async () => {
        const { adapter, otherViewer } = await open(sortSeed());
        const parent = await adapter.post(postRequest({ body: 'Soon gone' }));
        await adapter.react({ threadId: 't1', commentId: parent.id, reaction: 'like', active: true });
        const other = await otherViewer();
        const reply = await other.post(postRequest({ parentId: parent.id, body: 'An answer' }));

        const placeholder = await adapter.delete!({ threadId: 't1', commentId: parent.id });
        expect(placeholder).to.not.equal(null);
        expect(placeholder).to.deep.include({ id: parent.id, status: 'deleted', body: '' });
        expect(JSON.stringify(placeholder)).not.to.contain('Grace');

        const top = await adapter.list({ threadId: 't1' });
        const listed = top.comments.find((c) => c.id === parent.id);
        expect(listed).to.deep.include({ status: 'deleted', body: '' });
        expect(like(listed!)).to.equal(0);
        expect(listed?.viewer?.canEdit).to.equal(false);
        expect(top.total).to.equal(6);
        expect(top.threadTotal).to.equal(8);
        expect(ids((await adapter.list({ threadId: 't1', parentId: parent.id })).comments)).to.deep.equal([reply.id]);

        // Once its last reply is gone, nothing is left to hold in place.
        await other.delete!({ threadId: 't1', commentId: reply.id });
        const after = await adapter.list({ threadId: 't1' });
        expect(ids(after.comments)).not.to.include(parent.id);
        expect(after.total).to.equal(5);
        expect(after.threadTotal).to.equal(7);
      });

      it("forbids deleting someone else's comment", async () => {
        const { adapter, otherViewer } = await open();
        const comment = await adapter.post(postRequest());
        const other = await otherViewer();
        await expectAdapterError(other.delete!({ threadId: 't1', commentId: comment.id }), 'forbidden');
        expect((await adapter.list({ threadId: 't1' })).total).to.equal(1);
      });

      it('fails with not_found for an unknown or already deleted comment', async () => {
        const { adapter } = await open();
        const comment = await adapter.post(postRequest());
        await adapter.delete!({ threadId: 't1', commentId: comment.id });
        await expectAdapterError(adapter.delete!({ threadId: 't1', commentId: comment.id }), 'not_found');
        await expectAdapterError(adapter.delete!({ threadId: 't1', commentId: 'ghost' }), 'not_found');
      });
    });

    describe('reactions', () => {
      it('counts one reaction per viewer on the thread itself', async () => {
        const { adapter, otherViewer } = await open();
        const start = await adapter.getReactions({ threadId: 't1', commentId: null });
        expect(like(start) + dislike(start)).to.equal(0);
        expect(start.viewer).to.deep.equal([]);

        const liked = await adapter.react({ threadId: 't1', commentId: null, reaction: 'like', active: true });
        expect(like(liked)).to.equal(1);
        expect(liked.viewer).to.deep.equal(['like']);
        const again = await adapter.react({ threadId: 't1', commentId: null, reaction: 'like', active: true });
        expect(like(again)).to.equal(1);
        expect(again.viewer).to.deep.equal(['like']);

        const other = await otherViewer();
        const theirs = await other.react({ threadId: 't1', commentId: null, reaction: 'like', active: true });
        expect(like(theirs)).to.equal(2);
        expect(theirs.viewer).to.deep.equal(['like']);

        const mineNow = await adapter.getReactions({ threadId: 't1', commentId: null });
        expect(like(mineNow)).to.equal(2);
        expect(mineNow.viewer).to.deep.equal(['like']);
        expect((await adapter.getReactions({ threadId: 't2', commentId: null })).viewer).to.deep.equal([]);
      });

      it('makes like and dislike exclusive and clears a reaction on request', async () => {
        const { adapter } = await open();
        const target = { threadId: 't1', commentId: null };
        await adapter.react({ ...target, reaction: 'like', active: true });
        const switched = await adapter.react({ ...target, reaction: 'dislike', active: true });
        expect(like(switched)).to.equal(0);
        expect(dislike(switched)).to.equal(1);
        expect(switched.viewer).to.deep.equal(['dislike']);
        const cleared = await adapter.react({ ...target, reaction: 'dislike', active: false });
        expect(dislike(cleared)).to.equal(0);
        expect(cleared.viewer).to.deep.equal([]);
        const clearedAgain = await adapter.react({ ...target, reaction: 'dislike', active: false });
        expect(like(clearedAgain) + dislike(clearedAgain)).to.equal(0);
      });

      it('lets reactions outside an exclusive group stand side by side', async () => {
        const { adapter } = await open();
        const target = { threadId: 't1', commentId: null };
        await adapter.react({ ...target, reaction: 'like', active: true });
        const both = await adapter.react({ ...target, reaction: 'heart', active: true });
        expect([...both.viewer].sort()).to.deep.equal(['heart', 'like']);
        expect(both.reactions.heart).to.equal(1);
        expect(like(both)).to.equal(1);
      });

      it("adds to a comment's seeded counts and shows up in later lists, per viewer", async () => {
        const { adapter, otherViewer } = await open(sortSeed());
        const state = await adapter.react({ threadId: 't1', commentId: 'a', reaction: 'like', active: true });
        expect(like(state)).to.equal(2);
        expect(state.viewer).to.deep.equal(['like']);
        const mine = (await adapter.list({ threadId: 't1' })).comments.find((c) => c.id === 'a');
        expect(like(mine!)).to.equal(2);
        expect(mine?.viewer?.reactions).to.deep.equal(['like']);

        const other = await otherViewer();
        const theirs = (await other.list({ threadId: 't1' })).comments.find((c) => c.id === 'a');
        expect(like(theirs!)).to.equal(2);
        expect(theirs?.viewer?.reactions ?? []).to.deep.equal([]);
        const fromOther = await other.getReactions({ threadId: 't1', commentId: 'a' });
        expect(fromOther.viewer).to.deep.equal([]);
        expect(like(fromOther)).to.equal(2);
      });

      it('reorders the top sort when reactions change', async () => {
        const { adapter, otherViewer } = await open(sortSeed());
        const other = await otherViewer();
        for (const reactor of [adapter, other]) {
          await reactor.react({ threadId: 't1', commentId: 'c', reaction: 'like', active: true });
        }
        await adapter.react({ threadId: 't1', commentId: 'e', reaction: 'dislike', active: true });
        // c: 2, e: 4 - 1 = 3, b: 4, a: 1, d: 0
        expect(ids((await adapter.list({ threadId: 't1', sort: 'top' })).comments)).to.deep.equal([
          'b',
          'e',
          'c',
          'a',
          'd',
        ]);
      });

      it('fails with not_found for an unknown comment', async () => {
        const { adapter } = await open(sortSeed());
        await expectAdapterError(
          adapter.react({ threadId: 't1', commentId: 'ghost', reaction: 'like', active: true }),
          'not_found',
        );
        await expectAdapterError(adapter.getReactions({ threadId: 't1', commentId: 'ghost' }), 'not_found');
      });
    });

    describe('count', () => {
      it('counts the visible comments of many threads in one call', async () => {
        const { adapter } = await open([
          ...sortSeed(),
          seedComment({ id: 'x1', threadId: 't2', replyCount: 1 }),
          seedComment({ id: 'x2', threadId: 't2', parentId: 'x1' }),
          seedComment({ id: 'gone', threadId: 't2', status: 'deleted', body: '', createdAt: at(9) }),
          seedComment({ id: 'hidden', threadId: 't2', status: 'pending', author: { id: 'stranger', name: 'S' } }),
        ]);
        expect(await adapter.count(['t1', 't2', 'empty'])).to.deep.equal({ t1: 7, t2: 2, empty: 0 });
        await adapter.post(postRequest({ threadId: 'empty' }));
        expect(await adapter.count(['empty'])).to.deep.equal({ empty: 1 });
      });
    });

    describe('visibility', () => {
      const seed = (): Comment[] => [
        seedComment({ id: 'pub', createdAt: at(1) }),
        seedComment({ id: 'pa', createdAt: at(2), status: 'pending', author: { id: VIEWERS.viewerId, name: 'A' } }),
        seedComment({
          id: 'pb',
          createdAt: at(3),
          status: 'pending',
          author: { id: VIEWERS.otherViewerId, name: 'B' },
        }),
      ];

      it('shows a pending comment to its author only', async () => {
        const { adapter, otherViewer } = await open(seed());
        const mine = await adapter.list({ threadId: 't1' });
        expect(ids(mine.comments)).to.deep.equal(['pub', 'pa']);
        expect(mine.comments[1].status).to.equal('pending');
        expect(mine.total).to.equal(2);
        expect(mine.threadTotal).to.equal(2);
        expect(await adapter.count(['t1'])).to.deep.equal({ t1: 2 });

        const other = await otherViewer();
        const theirs = await other.list({ threadId: 't1' });
        expect(ids(theirs.comments)).to.deep.equal(['pub', 'pb']);
        await expectAdapterError(
          other.react({ threadId: 't1', commentId: 'pa', reaction: 'like', active: true }),
          'not_found',
        );
        await expectAdapterError(other.post(postRequest({ parentId: 'pa' })), 'not_found');
      });

      it('lists a seeded deleted comment only while it has replies', async () => {
        const { adapter } = await open([
          seedComment({
            id: 'kept',
            createdAt: at(1),
            status: 'deleted',
            body: '',
            author: { name: '' },
            replyCount: 1,
          }),
          seedComment({ id: 'child', parentId: 'kept', createdAt: at(2) }),
          seedComment({ id: 'dropped', createdAt: at(3), status: 'deleted', body: '', author: { name: '' } }),
          seedComment({ id: 'alive', createdAt: at(4) }),
        ]);
        const page = await adapter.list({ threadId: 't1' });
        expect(ids(page.comments)).to.deep.equal(['kept', 'alive']);
        expect(page.total).to.equal(2);
        expect(page.threadTotal).to.equal(2);
        expect(ids((await adapter.list({ threadId: 't1', parentId: 'kept' })).comments)).to.deep.equal(['child']);
      });
    });

    describe('locate', () => {
      const seed = (): Comment[] => [
        seedComment({ id: 'top', createdAt: at(1), replyCount: 1 }),
        seedComment({ id: 'other-top', createdAt: at(2) }),
        seedComment({ id: 'l1', parentId: 'top', createdAt: at(3), replyCount: 1 }),
        seedComment({
          id: 'l2',
          parentId: 'l1',
          createdAt: at(4),
          status: 'deleted',
          body: '',
          author: { name: '' },
          replyCount: 1,
        }),
        seedComment({ id: 'l3', parentId: 'l2', createdAt: at(5), reactions: { like: 2 }, viewer: { reactions: ['like'], canEdit: false, canDelete: false } }),
        seedComment({ id: 'gone', parentId: 'top', createdAt: at(6), status: 'deleted', body: '', author: { name: '' } }),
        seedComment({ id: 'mine', parentId: 'other-top', createdAt: at(7), status: 'pending', author: { id: VIEWERS.viewerId, name: 'A' } }),
        seedComment({ id: 'elsewhere', threadId: 't2', createdAt: at(8) }),
      ];

      it('returns a comment with its ancestors, top-level first, as the viewer sees them', async () => {
        const { adapter } = await open(seed());
        expect(adapter.locate, 'locate').to.be.a('function');
        const chain = await adapter.locate!({ threadId: 't1', commentId: 'l3' });
        expect(ids(chain)).to.deep.equal(['top', 'l1', 'l2', 'l3']);
        expect(chain[0].parentId).to.equal(null);
        expect(chain[2].status).to.equal('deleted');
        expect(chain[2].body).to.equal('');
        expect(chain[3].body).to.equal('Body of l3');
        expect(like(chain[3])).to.equal(2);
        expect(chain[3].viewer?.reactions).to.deep.equal(['like']);
        expect(ids(await adapter.locate!({ threadId: 't1', commentId: 'top' }))).to.deep.equal(['top']);
      });

      it('finds a pending comment for its author only', async () => {
        const { adapter, otherViewer } = await open(seed());
        const own = await adapter.locate!({ threadId: 't1', commentId: 'mine' });
        expect(ids(own)).to.deep.equal(['other-top', 'mine']);
        expect(own[1].status).to.equal('pending');
        const other = await otherViewer();
        await expectAdapterError(other.locate!({ threadId: 't1', commentId: 'mine' }), 'not_found');
      });

      it('fails with not_found for an unknown comment, a deleted one without replies, or one of another thread', async () => {
        const { adapter } = await open(seed());
        await expectAdapterError(adapter.locate!({ threadId: 't1', commentId: 'nope' }), 'not_found');
        await expectAdapterError(adapter.locate!({ threadId: 't1', commentId: 'gone' }), 'not_found');
        await expectAdapterError(adapter.locate!({ threadId: 't1', commentId: 'elsewhere' }), 'not_found');
        await expectAdapterError(adapter.locate!({ threadId: 't2', commentId: 'l3' }), 'not_found');
      });

      it('finds a reply posted after the seed, and fails with aborted when the signal has fired', async () => {
        const { adapter } = await open(seed());
        const reply = await adapter.post(postRequest({ parentId: 'l3', body: 'Deeper still' }));
        expect(ids(await adapter.locate!({ threadId: 't1', commentId: reply.id }))).to.deep.equal(['top', 'l1', 'l2', 'l3', reply.id]);
        const controller = new AbortController();
        controller.abort();
        await expectAdapterError(adapter.locate!({ threadId: 't1', commentId: 'l3', signal: controller.signal }), 'aborted');
      });
    });

    describe('subscribe', () => {
      it("delivers another viewer's changes as live events", async () => {
        const { adapter, otherViewer } = await open(sortSeed());
        const other = await otherViewer();
        const live = await record(adapter, 't1');
        try {
          const posted = await other.post(postRequest({ body: 'Live from elsewhere' }));
          const created = await live.next(
            (e): e is Extract<AdapterEvent, { type: 'created' }> => e.type === 'created' && e.comment.id === posted.id,
          );
          expect(created.comment.body).to.equal('Live from elsewhere');
          expect(created.comment.viewer?.canEdit ?? false).to.equal(false);

          await other.edit!({ threadId: 't1', commentId: posted.id, body: 'Edited live' });
          const edited = await live.next(
            (e): e is Extract<AdapterEvent, { type: 'edited' }> => e.type === 'edited' && e.comment.id === posted.id,
          );
          expect(edited.comment.body).to.equal('Edited live');

          await other.react({ threadId: 't1', commentId: 'a', reaction: 'like', active: true });
          const reacted = await live.next(
            (e): e is Extract<AdapterEvent, { type: 'reactions' }> => e.type === 'reactions' && e.commentId === 'a',
          );
          expect(like(reacted)).to.equal(2);

          await other.react({ threadId: 't1', commentId: null, reaction: 'dislike', active: true });
          const threadReacted = await live.next(
            (e): e is Extract<AdapterEvent, { type: 'reactions' }> => e.type === 'reactions' && e.commentId === null,
          );
          expect(dislike(threadReacted)).to.equal(1);

          await other.delete!({ threadId: 't1', commentId: posted.id });
          const deleted = await live.next(
            (e): e is Extract<AdapterEvent, { type: 'deleted' }> => e.type === 'deleted' && e.commentId === posted.id,
          );
          expect(deleted.placeholder).to.equal(null);
          expect(deleted.threadId).to.equal('t1');
        } finally {
          live.unsubscribe();
        }
      });

      it('sends no events of other threads, and none after unsubscribing', async () => {
        const { adapter, otherViewer } = await open(sortSeed());
        const other = await otherViewer();
        const live = await record(adapter, 't1');
        await other.post(postRequest({ threadId: 't2' }));
        const marker = await other.post(postRequest({ body: 'marker' }));
        await live.next((e): e is AdapterEvent => e.type === 'created' && e.comment.id === marker.id);
        expect(live.events.filter((e) => e.type === 'created' && e.comment.threadId !== 't1')).to.deep.equal([]);

        live.unsubscribe();
        const count = live.events.length;
        await other.post(postRequest({ body: 'after unsubscribe' }));
        await sleep(Math.min(300, eventTimeoutMs));
        expect(live.events).to.have.length(count);
      });

      it("does not announce another viewer's pending comment", async () => {
        const { adapter, otherViewer } = await open([
          seedComment({ id: 'pb', status: 'pending', author: { id: VIEWERS.otherViewerId, name: 'B' }, replyCount: 0 }),
        ]);
        const other = await otherViewer();
        const live = await record(adapter, 't1');
        try {
          await other.edit!({ threadId: 't1', commentId: 'pb', body: 'Still pending' });
          const marker = await other.post(postRequest({ body: 'marker' }));
          await live.next((e): e is AdapterEvent => e.type === 'created' && e.comment.id === marker.id);
          expect(live.events.some((e) => 'comment' in e && e.comment.id === 'pb')).to.equal(false);
        } finally {
          live.unsubscribe();
        }
      });
    });

    describe('reports', () => {
      it('accepts a report of a comment and rejects one of an unknown comment', async () => {
        const { adapter } = await open(sortSeed());
        expect(adapter.reportComment, 'reportComment').to.be.a('function');
        await adapter.reportComment!({ threadId: 't1', commentId: 'a', reason: 'spam', note: 'Buy now links' });
        await expectAdapterError(
          adapter.reportComment!({ threadId: 't1', commentId: 'ghost', reason: 'abuse' }),
          'not_found',
        );
      });

      it('merges identical typo reports into one, counting distinct reporters', async () => {
        const { adapter, otherViewer } = await open();
        expect(adapter.reportTypo, 'reportTypo').to.be.a('function');
        const typo = {
          url: 'https://news.example/a-42',
          threadId: 'a-42',
          quote: { exact: 'teh', prefix: 'This is ', suffix: ' end' },
          suggestion: 'the',
        };
        const first = await adapter.reportTypo!(typo);
        expect(first.count).to.equal(1);
        const repeated = await adapter.reportTypo!({ ...typo });
        expect(repeated).to.deep.equal({ id: first.id, count: 1 });
        const other = await otherViewer();
        const second = await other.reportTypo!({ ...typo, comment: 'Also elsewhere' });
        expect(second).to.deep.equal({ id: first.id, count: 2 });
        const otherSuggestion = await adapter.reportTypo!({ ...typo, suggestion: 'tea' });
        expect(otherSuggestion.count).to.equal(1);
        expect(otherSuggestion.id).not.to.equal(first.id);
        const otherContext = await adapter.reportTypo!({ ...typo, quote: { ...typo.quote, prefix: 'Elsewhere ' } });
        expect(otherContext.id).not.to.equal(first.id);
      });

      it('rejects a typo report without text or with a non-http page', async () => {
        const { adapter } = await open();
        const quote = { exact: 'teh', prefix: '', suffix: '' };
        await expectAdapterError(adapter.reportTypo!({ url: 'javascript:alert(1)', quote }), 'validation');
        await expectAdapterError(
          adapter.reportTypo!({ url: 'https://news.example/', quote: { ...quote, exact: ' ' } }),
          'validation',
        );
      });
    });

    describe('the same rules as every other adapter (src/model/rules.ts)', () => {
      // One table of requests, each with the verdict every adapter (and the reference server,
      // through RestAdapter) must give: accepted, or refused with this code and field.
      type Verdict = 'ok' | [AdapterErrorCode, string];
      const long = (n: number, unit = 'x') => unit.repeat(n);
      const posts: [string, Partial<PostRequest>, Verdict][] = [
        ['a body of exactly 5000 characters', { body: long(5000) }, 'ok'],
        ['a body of 5001 characters', { body: long(5001) }, ['too_large', 'body']],
        ['a body with a tab and line breaks', { body: 'a\tb\r\nc' }, 'ok'],
        ['a body with a bell character', { body: 'ding\u0007' }, ['validation', 'body']],
        ['a body with a right-to-left override', { body: 'txt\u202Egnp.exe' }, ['validation', 'body']],
        ['a body with a bidi isolate', { body: 'a\u2066b\u2069' }, ['validation', 'body']],
        ['a body in Arabic without bidi controls', { body: 'مرحبا بالعالم' }, 'ok'],
        ['a body with a lone surrogate', { body: 'broken \uD800 text' }, ['validation', 'body']],
        ['a name of 100 characters', { author: { name: long(100, 'n') } }, 'ok'],
        ['a name of 101 characters', { author: { name: long(101, 'n') } }, ['validation', 'author.name']],
        ['a name over two lines', { author: { name: 'Ann\nSmith' } }, ['validation', 'author.name']],
        ['a name with a left-to-right override', { author: { name: 'Ann\u202D' } }, ['validation', 'author.name']],
        ['an e-mail without a dot in the domain', { author: { name: 'Ann', email: 'ann@localhost' } }, ['validation', 'author.email']],
        ['an e-mail without an @', { author: { name: 'Ann', email: 'ann.example.com' } }, ['validation', 'author.email']],
        ['an e-mail of 255 characters', { author: { name: 'Ann', email: `${long(243, 'a')}@example.com` } }, ['validation', 'author.email']],
        ['an ordinary e-mail', { author: { name: 'Ann', email: 'ann@example.com' } }, 'ok'],
        ['an ftp website', { author: { name: 'Ann', url: 'ftp://files.example/' } }, ['validation', 'author.url']],
        ['a website of 2001 characters', { author: { name: 'Ann', url: `https://a.example/${long(1983)}` } }, ['validation', 'author.url']],
        ['a website of 2000 characters', { author: { name: 'Ann', url: `https://a.example/${long(1982)}` } }, 'ok'],
        ['a parent id of 201 characters', { parentId: long(201, 'p') }, ['validation', 'parentId']],
        ['an idempotency key of 7 characters', { idempotencyKey: 'short-7' }, ['validation', 'idempotencyKey']],
        ['an idempotency key with a space', { idempotencyKey: 'has a space' }, ['validation', 'idempotencyKey']],
      ];
      for (const [what, fields, verdict] of posts) {
        it(`post: ${what} → ${verdict === 'ok' ? 'accepted' : verdict.join(' ')}`, async () => {
          const { adapter } = await open();
          await expectVerdict(adapter.post(postRequest(fields)), verdict);
        });
      }

      const reports: [string, { reason: string; note?: string }, Verdict][] = [
        ['an unknown reason', { reason: 'boring' }, ['validation', 'reason']],
        ['a note of 500 characters', { reason: 'other', note: long(500) }, 'ok'],
        ['a note of 501 characters', { reason: 'other', note: long(501) }, ['validation', 'note']],
        ['a note with a right-to-left override', { reason: 'spam', note: '\u202Eevil' }, ['validation', 'note']],
      ];
      for (const [what, fields, verdict] of reports) {
        it(`comment report: ${what} → ${verdict === 'ok' ? 'accepted' : verdict.join(' ')}`, async () => {
          const { adapter } = await open(sortSeed());
          const request = { threadId: 't1', commentId: 'a', ...fields } as ReportCommentRequest;
          await expectVerdict(adapter.reportComment!(request), verdict);
        });
      }

      const quote = { exact: 'teh', prefix: 'This is ', suffix: ' end' };
      const typos: [string, Partial<TypoReportRequest>, Verdict][] = [
        ['a quote of 300 characters', { quote: { ...quote, exact: long(300) } }, 'ok'],
        ['a quote of 301 characters', { quote: { ...quote, exact: long(301) } }, ['validation', 'quote.exact']],
        ['a quote of spaces only', { quote: { ...quote, exact: '   ' } }, ['validation', 'quote.exact']],
        ['context of 65 characters', { quote: { ...quote, prefix: long(65) } }, ['validation', 'quote.prefix']],
        ['a suggestion of 301 characters', { suggestion: long(301) }, ['validation', 'suggestion']],
        ['a note of 1000 characters', { comment: long(1000) }, 'ok'],
        ['a note of 1001 characters', { comment: long(1001) }, ['validation', 'comment']],
        ['a data: page address', { url: 'data:text/html,hi' }, ['validation', 'url']],
      ];
      for (const [what, fields, verdict] of typos) {
        it(`typo report: ${what} → ${verdict === 'ok' ? 'accepted' : verdict.join(' ')}`, async () => {
          const { adapter } = await open();
          await expectVerdict(adapter.reportTypo!({ url: 'https://news.example/a-42', quote, ...fields }), verdict);
        });
      }

      async function expectVerdict(promise: Promise<unknown>, verdict: Verdict): Promise<void> {
        if (verdict === 'ok') {
          await promise;
          return;
        }
        const error = await expectAdapterError(promise, verdict[0]);
        expect(error.field).to.equal(verdict[1]);
        expect(error.message).to.be.a('string').and.not.equal('');
      }
    });

    describe('copies', () => {
      it('hands out copies: changing a result changes nothing stored', async () => {
        const seed = sortSeed();
        const { adapter } = await open(seed);
        // The seed itself is also copied on the way in.
        seed[0].body = 'changed seed';
        seed[0].reactions.like = 50;

        const page = await adapter.list({ threadId: 't1', replies: 1 });
        const first = page.comments[0];
        first.body = 'tampered';
        first.author.name = 'tampered';
        first.reactions.like = 99;
        first.viewer?.reactions.push('like');
        page.replies![0].body = 'tampered';
        page.comments.push(first);

        const posted = await adapter.post(postRequest({ body: 'Original' }));
        posted.body = 'tampered';
        posted.author.name = 'tampered';
        const state = await adapter.getReactions({ threadId: 't1', commentId: 'a' });
        state.reactions.like = 77;
        state.viewer.push('dislike');

        const again = await adapter.list({ threadId: 't1', replies: 1 });
        const a = again.comments[0];
        expect(a.body).to.equal('Body of a');
        expect(a.author.name).to.equal('Author of a');
        expect(like(a)).to.equal(1);
        expect(a.viewer?.reactions ?? []).to.deep.equal([]);
        expect(again.replies![0].body).to.equal('Body of r1');
        expect(again.comments).to.have.length(6);
        const mine = again.comments.find((c) => c.id === posted.id);
        expect(mine?.body).to.equal('Original');
        expect(mine?.author.name).to.equal('Grace');
        const fresh = await adapter.getReactions({ threadId: 't1', commentId: 'a' });
        expect(like(fresh)).to.equal(1);
        expect(fresh.viewer).to.deep.equal([]);
      });
    });
  });
}
