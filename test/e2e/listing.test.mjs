// A blog index with a comment badge per story, the API on the site's own origin (as `npm start`
// serves it): the badges share one live event stream, so the page's other requests to that
// origin are not left waiting for a free connection (browsers keep about six per origin), and a
// comment posted elsewhere still reaches its badge.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { eventually, TIMEOUT, useHarness } from './helpers.mjs';

const adminToken = randomBytes(18).toString('base64url');
const harness = useHarness({ env: { ADMIN_TOKEN: adminToken } });

const THREADS = Array.from({ length: 12 }, (_, i) => `story-${i + 1}`);

/** The index page: twelve stories, each with its `<comment-count>` configured by attributes. */
const INDEX = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Latest stories</title><script type="module" src="/dist/confab.bundle.js"></script></head>
<body><h1>Latest stories</h1><ul>
${THREADS.map((id, i) => `<li><a href="/stories/${id}">Story ${i + 1}</a> <comment-count thread-id="${id}" adapter="rest" endpoint="/api"></comment-count></li>`).join('\n')}
</ul></body>
</html>`;

test('twelve badges over REST hold one event stream, leave the origin free, and count a new comment live', { timeout: TIMEOUT.test }, async () => {
  // Story n has n comments.
  const seed = THREADS.flatMap((threadId, i) =>
    Array.from({ length: i + 1 }, (_, n) => ({
      id: `${threadId}-c${n}`,
      threadId,
      parentId: null,
      author: { name: 'Reader' },
      body: `Comment ${n}`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
      status: 'published',
    })),
  );
  const imported = await fetch(`${harness.url}/api/admin/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(seed),
  });
  assert.equal(imported.status, 200, await imported.text());

  const { page, requests, errors } = await harness.reader();
  await page.route(`${harness.url}/index-of-stories.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: INDEX }),
  );
  await page.goto(`${harness.url}/index-of-stories.html`);
  const badge = (/** @type {string} */ id) => page.locator(`comment-count[thread-id="${id}"] [part~="count"]`);
  for (const [i, id] of THREADS.entries()) {
    await eventually(async () => (await badge(id).textContent())?.trim() === `${i + 1} ${i === 0 ? 'comment' : 'comments'}`, {
      message: `the badge of ${id} did not show its count`,
    });
  }
  const streams = () => requests.filter((url) => new URL(url).pathname.endsWith('/events'));
  await eventually(() => streams().length > 0, { message: 'no event stream opened' });

  // Eight requests to the origin at once, more than the connections a browser keeps for it: all
  // answer, as the badges' live events take one connection, not twelve.
  const waited = await page.evaluate(async () => {
    const started = performance.now();
    const answers = await Promise.race([
      Promise.all(Array.from({ length: 8 }, () => fetch('/api/config', { cache: 'no-store' }).then((response) => response.status))),
      new Promise((resolve) => setTimeout(() => resolve('no answer'), 5000)),
    ]);
    return { answers, ms: performance.now() - started };
  });
  assert.deepEqual(waited.answers, Array(8).fill(200), `requests to the page's origin waited: ${JSON.stringify(waited)}`);
  assert.ok(waited.ms < 2000, `they took ${Math.round(waited.ms)} ms`);

  const opened = streams();
  assert.equal(opened.length, 1, `one event stream for the page: ${opened.join(', ')}`);
  assert.deepEqual(new URL(opened[0]).searchParams.getAll('thread').sort(), [...THREADS].sort());

  // Someone else comments on story 7.
  const posted = await fetch(`${harness.url}/api/threads/story-7/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `elsewhere-${Date.now()}` },
    body: JSON.stringify({ body: 'Posted from another browser', author: { name: 'Elsewhere' } }),
  });
  assert.equal(posted.status, 201);
  await eventually(async () => (await badge('story-7').textContent())?.trim() === '8 comments', {
    message: 'the new comment did not reach its badge',
  });
  assert.equal((await badge('story-6').textContent())?.trim(), '6 comments', 'the other badges are unchanged');
  assert.equal(streams().length, 1, 'still one stream');
  assert.deepEqual(errors, []);
});
