// demo/npm.html: confab imported from the package entry points ('confab-comments', 'confab-comments/define.js'),
// bundled by the build as an app's bundler would, rendering a thread from a MemoryAdapter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentBy, commentReactions, eventually, reactionButton, shownCounts, TIMEOUT, topLevelForm, useHarness, waitForSavedComment, writeComment } from './helpers.mjs';

const harness = useHarness();

test('the npm demo renders the seeded thread from a MemoryAdapter, and posting works', { timeout: TIMEOUT.test }, async () => {
  const { page, requests, errors } = await harness.reader();
  await page.goto(`${harness.url}/npm.html`);
  const thread = page.locator('comment-thread');

  // the seeded discussion, with its reply nested and its counts
  const first = await waitForSavedComment(thread, 'Ada Okafor', 'npm install confab');
  await waitForSavedComment(first, 'Luis Prado', 'MemoryAdapter');
  await waitForSavedComment(thread, 'Mei Tanaka', 'wrote a small adapter');
  assert.equal(await eventually(() => shownCounts(commentReactions(first))), '4 0');

  // a new comment and a like go through the adapter
  const body = `Does it work with server-side rendering? (${Date.now().toString(36)})`;
  await writeComment(topLevelForm(page), { name: 'Noor Haddad', body });
  const mine = await waitForSavedComment(thread, 'Noor Haddad', body);
  assert.equal(await commentBy(thread, 'Noor Haddad').count(), 1, 'the new comment is shown once');
  const counter = commentReactions(mine);
  await reactionButton(counter, 'Like').click();
  await eventually(async () => (await shownCounts(counter)) === '1 0', { message: 'the like was not counted' });

  const paths = requests.map((url) => new URL(url).pathname);
  assert.ok(paths.includes('/dist/demo/npm-app.js'), 'the page runs the bundled app');
  assert.ok(!paths.includes('/dist/confab.bundle.js'), 'not the script-tag bundle');
  assert.deepEqual(
    paths.filter((path) => path.startsWith('/api/')),
    [],
    'the data stays in memory: no server calls',
  );
  assert.deepEqual(errors, [], 'no uncaught errors on the page');

  // the page leads back to the article
  await page.getByRole('link', { name: 'Back to the article' }).click();
  await topLevelForm(page).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
});
