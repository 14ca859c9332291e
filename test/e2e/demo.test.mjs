// The demo article as a reader uses it, through the script-tag bundle: comment, reply, react,
// reload and find everything still there, with the reference server (REST) and with localStorage.
// Then hostile input typed into the form: it must show as text, run nothing and load nothing.
/* global window -- used inside functions that Playwright runs in the page */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  articleCounter,
  commentBy,
  commentReactions,
  eventually,
  reactionButton,
  shownCounts,
  TIMEOUT,
  topLevelForm,
  useHarness,
  visibleText,
  waitForSavedComment,
  writeComment,
} from './helpers.mjs';

// Started as `npm start` starts it: the demo thread seeded with a sample discussion.
const harness = useHarness({ args: ['--demo', 'demo'] });

/** Opens the article and waits until the thread and the counter under the date have loaded. */
async function openArticle(page, url) {
  await page.goto(url);
  await topLevelForm(page).waitFor();
  const counter = articleCounter(page);
  const counts = await eventually(() => shownCounts(counter), { message: 'the counter under the date did not load' });
  return { thread: page.locator('comment-thread'), counter, counts };
}

/**
 * Waits for a saved reply nested under `parent`; a reader clicks "Show N more replies" when the
 * thread keeps it folded.
 */
async function waitForReply(parent, name, body) {
  await eventually(
    async () => {
      const more = parent.getByRole('button', { name: /^Show \d+ more repl/ });
      if ((await more.count()) > 0) await more.first().click();
      const reply = commentBy(parent, name).filter({ hasText: body }).first();
      return reply.getByRole('button', { name: 'Reply', exact: true }).first().isVisible();
    },
    { message: `the reply by ${name} is not shown under its comment` },
  );
}

async function pressedState(counter) {
  return {
    like: await reactionButton(counter, 'Like').getAttribute('aria-pressed'),
    dislike: await reactionButton(counter, 'Dislike').getAttribute('aria-pressed'),
  };
}

/**
 * The whole reader flow on one page: returns after checking, following a reload, that the
 * comment, its nested reply, both likes and their pressed state came back from the adapter.
 */
async function discussThenReload(page, url) {
  const stamp = Date.now().toString(36);
  const commentText = `Took my radio down to the repair café: fixed in ten minutes (${stamp}).`;
  const replyText = `Good to hear. Did they need any spare parts? (${stamp})`;

  const { thread, counter, counts } = await openArticle(page, url);
  assert.equal(counts, '0 0', 'the counter under the date starts at "0 0"');
  assert.deepEqual(await pressedState(counter), { like: 'false', dislike: 'false' });

  // the comment count beside the date links to the thread and follows it
  const badge = page.locator('.dateline comment-count [part~="count"]');
  const shownTotal = async () => Number(/^(\d+) comments?$/.exec((await badge.textContent({ timeout: 1000 }))?.trim() ?? '')?.[1] ?? NaN);
  const before = await eventually(async () => { const total = await shownTotal(); return Number.isInteger(total) ? total : false; }, { message: 'the count beside the date did not show a number' });
  assert.equal(await page.locator('.dateline comment-count a[part~="link"]').getAttribute('href'), '#comments');

  // a top-level comment
  const form = topLevelForm(page);
  await writeComment(form, { name: 'Ana Lima', body: commentText });
  const comment = await waitForSavedComment(thread, 'Ana Lima', commentText);
  await eventually(async () => (await form.getByRole('textbox', { name: 'Comment', exact: true }).inputValue()) === '', {
    message: 'the form was not cleared after posting',
  });

  // a reply through the inline form, sent with Ctrl+Enter
  await comment.getByRole('button', { name: 'Reply', exact: true }).first().click();
  const replyForm = comment.getByRole('form', { name: /^Reply to Ana Lima/ });
  await replyForm.waitFor();
  const replyBox = replyForm.getByRole('textbox', { name: 'Comment', exact: true });
  await eventually(() => replyBox.evaluate((element) => element.matches(':focus')), {
    message: 'focus did not move into the reply form',
  });
  await writeComment(replyForm, { name: 'Ben Okoro', body: replyText, send: 'keyboard' });
  await waitForSavedComment(comment, 'Ben Okoro', replyText);
  await eventually(async () => (await shownTotal()) === before + 2, { message: 'the count beside the date did not count the comment and the reply' });

  // likes on the article and on the comment
  await reactionButton(counter, 'Like').click();
  await eventually(async () => (await shownCounts(counter)) === '1 0', { message: 'the article like was not counted' });
  const commentCounter = commentReactions(comment);
  assert.equal(await shownCounts(commentCounter), '0 0');
  await reactionButton(commentCounter, 'Like').click();
  await eventually(async () => (await shownCounts(commentCounter)) === '1 0', { message: 'the comment like was not counted' });
  assert.deepEqual(await pressedState(counter), { like: 'true', dislike: 'false' });
  assert.deepEqual(await pressedState(commentCounter), { like: 'true', dislike: 'false' });

  // everything is still there after a reload
  await page.reload();
  const again = await openArticle(page, url);
  assert.equal(again.counts, '1 0', 'the article like survives a reload');
  assert.deepEqual(await pressedState(again.counter), { like: 'true', dislike: 'false' });

  const commentAgain = await waitForSavedComment(again.thread, 'Ana Lima', commentText);
  await waitForReply(commentAgain, 'Ben Okoro', replyText);
  assert.equal(await commentBy(again.thread, 'Ben Okoro').count(), 1, 'the reply is shown once, nested under its comment');
  assert.equal(await commentBy(again.thread, 'Ana Lima').count(), 1, 'the comment is shown once');

  const counterAgain = commentReactions(commentAgain);
  assert.equal(await eventually(() => shownCounts(counterAgain)), '1 0', 'the comment like survives a reload');
  assert.deepEqual(await pressedState(counterAgain), { like: 'true', dislike: 'false' });
}

test('with the reference server, a reader comments, replies and reacts, and finds it all after a reload', { timeout: TIMEOUT.test }, async () => {
  const { page, requests, errors } = await harness.reader();
  await discussThenReload(page, `${harness.url}/`);

  const paths = requests.map((url) => new URL(url).pathname);
  assert.ok(paths.includes('/dist/confab.bundle.js'), 'the page loads the script-tag bundle');
  assert.ok(
    paths.some((path) => path.startsWith('/api/')),
    'the data comes from the server',
  );
  // the sample discussion the server seeded, with its nested reply
  const seeded = await waitForSavedComment(page.locator('comment-thread'), 'Mirela from Tanner Street', 'loose terminal');
  await waitForReply(seeded, 'Jonas Berg', 'zip on my daughter');
  assert.deepEqual(errors, [], 'no uncaught errors on the page');
});

test('with localStorage, a reader comments, replies and reacts, and finds it all after a reload', { timeout: TIMEOUT.test }, async () => {
  const { page, requests, errors } = await harness.reader();
  await discussThenReload(page, `${harness.url}/?adapter=local`);

  const paths = requests.map((url) => new URL(url).pathname);
  assert.ok(paths.includes('/dist/confab.bundle.js'), 'the page loads the script-tag bundle');
  assert.deepEqual(
    paths.filter((path) => path.startsWith('/api/')),
    [],
    'the local variant never calls the server',
  );
  // the sample discussion is seeded on the first visit
  await commentBy(page.locator('comment-thread'), 'Mirela from Tanner Street').first().waitFor();
  assert.deepEqual(errors, [], 'no uncaught errors on the page');
});

test('hostile text typed into the form shows as text, runs nothing and loads nothing', { timeout: TIMEOUT.test }, async () => {
  const { page, requests, errors } = await harness.reader();
  const hostileName = '<svg onload=window.__xss=1>';
  const hostileImage = '<img src=x onerror=window.__xss=1>';
  const hostileBody = `${hostileImage} and [x](javascript:window.__xss=1) and <a href="javascript:window.__xss=1">y</a>`;

  const { thread } = await openArticle(page, `${harness.url}/`);
  const form = topLevelForm(page);
  await form.getByLabel('Name', { exact: true }).fill(hostileName);
  await form.getByRole('textbox', { name: 'Comment', exact: true }).fill(hostileBody);

  // the preview renders through the same sanitizer
  await form.getByRole('tab', { name: 'Preview' }).click();
  const preview = form.getByRole('tabpanel', { name: 'Preview' });
  await eventually(async () => (await visibleText(preview)).includes(hostileImage), {
    message: 'the preview does not show the typed HTML as text',
  });
  await preview.click();
  await form.getByRole('tab', { name: 'Write' }).click();
  await form.getByRole('button', { name: 'Post comment' }).click();

  const comment = await waitForSavedComment(thread, hostileName, hostileImage);
  await checkShownAsText(page, comment);

  // click around: the text where the links were, the author, the reply form and back
  await comment.locator('[part~="comment-body"]').first().click();
  await comment.getByText(/^y$|^x$|javascript/).first().click();
  await comment.getByText(hostileName).first().click();
  await comment.getByRole('button', { name: 'Reply', exact: true }).first().click();
  await comment.getByRole('form', { name: /^Reply to / }).waitFor();
  await page.keyboard.press('Escape');

  // and once more as stored by the server
  await page.reload();
  await openArticle(page, `${harness.url}/`);
  await checkShownAsText(page, await waitForSavedComment(thread, hostileName, hostileImage));

  assert.equal(await page.evaluate(() => /** @type {any} */ (window).__xss), undefined, 'no injected script ran');
  const outside = requests.filter((url) => {
    const { protocol, hostname } = new URL(url);
    return !['data:', 'blob:'].includes(protocol) && hostname !== '127.0.0.1';
  });
  assert.deepEqual(outside, [], 'no request leaves 127.0.0.1');
  const fromMarkup = requests.filter((url) => new URL(url).pathname === '/x');
  assert.deepEqual(fromMarkup, [], 'the typed <img> was never loaded');
  assert.deepEqual(errors, [], 'no uncaught errors on the page');
});

/** The comment shows the markup as text, and neither it nor anything else became live markup. */
async function checkShownAsText(page, comment) {
  const body = comment.locator('[part~="comment-body"]').first();
  const text = await visibleText(body);
  assert.ok(text.includes('<img src=x onerror=window.__xss=1>'), `the typed HTML shows as text, got: ${text}`);
  assert.equal(await body.locator('img, svg, script, iframe, [onerror], [onload]').count(), 0, 'no element was made from the text');
  assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0, 'no javascript: link anywhere on the page');
  assert.equal(await page.locator('comment-thread svg[onload]').count(), 0, 'the name did not become markup');
}
