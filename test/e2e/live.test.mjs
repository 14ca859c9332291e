// Two readers, each in their own browser (own cookies), on the demo article served by the
// reference server: what one posts or likes reaches the other's open page through server-sent
// events, without a reload.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  articleCounter,
  commentReactions,
  eventually,
  reactionButton,
  shownCounts,
  topLevelForm,
  TIMEOUT,
  useHarness,
  waitForSavedComment,
  writeComment,
} from './helpers.mjs';

const harness = useHarness();

/** A reader with the article open, its live event stream connected; counts page loads. */
async function openReader() {
  const reader = await harness.reader();
  const { page } = reader;
  let loads = 0;
  page.on('load', () => (loads += 1));
  const stream = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/events'), {
    timeout: TIMEOUT.navigation,
  });
  await page.goto(`${harness.url}/`);
  await topLevelForm(page).waitFor();
  const response = await stream;
  assert.equal(response.status(), 200, 'the live event stream opened');
  await eventually(() => shownCounts(articleCounter(page)), { message: 'the counter under the date did not load' });
  return { ...reader, thread: page.locator('comment-thread'), loads: () => loads };
}

test('a comment, a reply and likes made by one reader appear on the other reader\'s open page', { timeout: TIMEOUT.test }, async () => {
  const alice = await openReader();
  const bob = await openReader();
  const stamp = Date.now().toString(36);
  const commentText = `Is the seed bank open on Sundays too? (${stamp})`;
  const replyText = `Only on Saturdays, according to the sign at the desk. (${stamp})`;

  // Alice comments; Bob sees it arrive
  await writeComment(topLevelForm(alice.page), { name: 'Alice Moreau', body: commentText });
  await waitForSavedComment(alice.thread, 'Alice Moreau', commentText);
  const commentAtBob = await waitForSavedComment(bob.thread, 'Alice Moreau', commentText);

  // Bob replies; Alice sees the reply nested under her comment
  await commentAtBob.getByRole('button', { name: 'Reply', exact: true }).first().click();
  await writeComment(commentAtBob.getByRole('form', { name: /^Reply to Alice Moreau/ }), {
    name: 'Bob Lindgren',
    body: replyText,
    send: 'keyboard',
  });
  await waitForSavedComment(commentAtBob, 'Bob Lindgren', replyText);
  const commentAtAlice = await waitForSavedComment(alice.thread, 'Alice Moreau', commentText);
  await waitForSavedComment(commentAtAlice, 'Bob Lindgren', replyText);

  // Bob likes Alice's comment; Alice sees the count, not pressed for her
  const counterAtBob = commentReactions(commentAtBob);
  await reactionButton(counterAtBob, 'Like').click();
  await eventually(async () => (await shownCounts(counterAtBob)) === '1 0', { message: "Bob's like was not counted" });
  const counterAtAlice = commentReactions(commentAtAlice);
  await eventually(async () => (await shownCounts(counterAtAlice)) === '1 0', {
    message: "Bob's like on the comment did not reach Alice",
  });
  assert.equal(await reactionButton(counterAtAlice, 'Like').getAttribute('aria-pressed'), 'false', "Bob's like is not Alice's");

  // Alice likes and then Bob dislikes the article; each sees the other's reaction
  await reactionButton(articleCounter(alice.page), 'Like').click();
  await eventually(async () => (await shownCounts(articleCounter(bob.page))) === '1 0', {
    message: "Alice's like on the article did not reach Bob",
  });
  assert.equal(await reactionButton(articleCounter(bob.page), 'Like').getAttribute('aria-pressed'), 'false');
  await reactionButton(articleCounter(bob.page), 'Dislike').click();
  await eventually(async () => (await shownCounts(articleCounter(alice.page))) === '1 1', {
    message: "Bob's dislike on the article did not reach Alice",
  });
  assert.equal(await reactionButton(articleCounter(alice.page), 'Like').getAttribute('aria-pressed'), 'true');

  assert.equal(alice.loads(), 1, "Alice's page was never reloaded");
  assert.equal(bob.loads(), 1, "Bob's page was never reloaded");
  assert.deepEqual([...alice.errors, ...bob.errors], [], 'no uncaught errors on either page');
});
