// Shared set-up of the end-to-end tests: the reference server on a free loopback port with a fresh
// database folder, Debian's Chromium through playwright-core, and small waiting helpers. Each test
// file calls `useHarness()` once; its `after` hook stops the browser and the server and removes the
// database folder even when a test or the set-up failed.
/* global document, NodeFilter, requestAnimationFrame -- used inside functions that Playwright runs in the page */
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Waits on a shared 2-core machine: generous, but bounded. */
export const TIMEOUT = { server: 120_000, navigation: 60_000, action: 30_000, test: 180_000 };

/** A port the kernel just handed out on 127.0.0.1, released for the server to bind. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node server/dist/bin.js` (built by `npm run build`) on a free port with its own new data folder and waits for `/healthz`.
 * The first start of a data folder runs initdb inside WASM, which can take tens of seconds here.
 * @param {{ env?: Record<string, string>, args?: string[] }} [options] extra environment and
 *   arguments (`--demo` seeds the demo thread, as `npm start` does)
 */
export async function startServer({ env = {}, args = [] } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'confab-e2e-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['server/dist/bin.js', ...args], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', STATIC_DIR: 'demo', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const server = {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    /** The server's recent log output, for failure messages. */
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const stopped = await Promise.race([exited, delay(15_000).then(() => null)]);
        if (!stopped) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + TIMEOUT.server;
  let early = null;
  void exited.then((status) => (early = status));
  while (Date.now() < deadline) {
    if (early) {
      await server.stop();
      throw new Error(`the server exited during start-up (${JSON.stringify(early)}):\n${output}`);
    }
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  await server.stop();
  throw new Error(`the server did not answer /healthz within ${TIMEOUT.server / 1000} s:\n${output}`);
}

/** Headless Chromium from the system (CHROME_PATH overrides), never a downloaded one. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: TIMEOUT.navigation,
  });
}

/**
 * Registers `before`/`after` hooks for one test file: a server and a browser. The returned object
 * is filled in by `before`; `reader()` opens a page in a fresh browser context (its own cookies
 * and storage, like another person's browser).
 * @param {Parameters<typeof startServer>[0]} [serverOptions]
 */
export function useHarness(serverOptions) {
  const harness = {
    /** @type {Awaited<ReturnType<typeof startServer>> | null} */
    server: null,
    /** @type {import('playwright-core').Browser | null} */
    browser: null,
    /** Base URL of the server. */
    get url() {
      if (!harness.server) throw new Error('the server is not running');
      return harness.server.url;
    },
    /**
     * A page in a new browser context, recording every request URL and every page error.
     * @param {import('playwright-core').BrowserContextOptions} [options]
     */
    async reader(options = {}) {
      if (!harness.browser) throw new Error('the browser is not running');
      const context = await harness.browser.newContext(options);
      context.setDefaultTimeout(TIMEOUT.action);
      context.setDefaultNavigationTimeout(TIMEOUT.navigation);
      /** @type {string[]} */
      const requests = [];
      /** @type {string[]} */
      const errors = [];
      context.on('request', (request) => requests.push(request.url()));
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(String(error?.stack ?? error)));
      return { context, page, requests, errors };
    },
  };

  before(async () => {
    harness.server = await startServer(serverOptions);
    harness.browser = await launchBrowser();
  });

  after(async () => {
    // Each step on its own: a browser that fails to close must not leave the server running.
    await harness.browser?.close().catch((error) => console.error('closing the browser failed:', error));
    await harness.server?.stop().catch((error) => console.error('stopping the server failed:', error));
  });

  return harness;
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Retries `check` until it stops throwing (or returns a truthy value when it returns a boolean),
 * then returns its result; after `timeout` ms throws the last failure. For conditions that no
 * single Playwright wait expresses (text of a shadow part, a count reaching a value).
 * @template T
 * @param {() => Promise<T> | T} check
 * @param {{ timeout?: number, interval?: number, message?: string }} [options]
 * @returns {Promise<T>}
 */
export async function eventually(check, { timeout = TIMEOUT.action, interval = 150, message } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const result = await check();
      if (result !== false) return result;
      lastError = new Error('condition is false');
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`${message ?? 'condition not met'} within ${timeout / 1000} s: ${reason}`, { cause: lastError });
    }
    await delay(interval);
  }
}

/**
 * The text a user sees in an element (shadow content included), whitespace collapsed. Scrolled
 * into view first: the thread lays out comments lazily (`content-visibility: auto`), and Chromium
 * reports no rendered text for a comment that is off screen.
 */
export async function visibleText(locator) {
  // Scrolling brings a skipped comment in only after a frame, and comments above it that render
  // for the first time can push it out again: scroll until the browser renders it.
  const text = await eventually(
    async () => {
      await locator.scrollIntoViewIfNeeded();
      return locator.evaluate(
        (element) =>
          new Promise((resolve) =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() =>
                resolve(element.checkVisibility({ contentVisibilityAuto: true }) ? /** @type {HTMLElement} */ (element).innerText : false),
              ),
            ),
          ),
      );
    },
    { message: 'the element is never rendered on screen' },
  );
  return text.replace(/\s+/g, ' ').trim();
}

// ---- the demo page, as a reader uses it --------------------------------------------------------

/** The reaction counter under the article's date. */
export function articleCounter(page) {
  return page.locator('.dateline reaction-counter');
}

/**
 * The reactions of one comment, as the scope `shownCounts` and `reactionButton` read: its own
 * footer (a comment's replies, rendered inside it, have reactions of their own).
 */
export function commentReactions(comment) {
  return comment.locator('[part~="comment-footer"]').first();
}

/** One reaction button of a counter ("Like", "Dislike"), by its accessible name. */
export function reactionButton(scope, reaction) {
  return scope.getByRole('button', { name: new RegExp(`^${reaction}\\b`) }).first();
}

/**
 * The counts a counter shows, in order and joined by a space ("0 0"); throws while it is still
 * loading, so `eventually` can wait for it. Read in one step so a re-render cannot split it.
 */
export async function shownCounts(counter) {
  const group = counter.getByRole('group', { name: 'Reactions' }).first();
  return group.evaluate((element) => {
    if (element.getAttribute('aria-busy') === 'true') throw new Error('the counter is still loading');
    // a counter's own parts, or a comment's in a thread (prefixed there)
    const counts = [...element.querySelectorAll('[part~="count"], [part~="comment-count"]')].map((count) => (count.textContent ?? '').trim());
    if (counts.length === 0 || counts.includes('')) throw new Error(`the counter shows no counts: ${element.textContent}`);
    return counts.join(' ');
  });
}

/** The top-level "Leave a Reply" form of the thread. */
export function topLevelForm(page) {
  return page.locator('comment-thread').getByRole('form', { name: 'Leave a Reply' });
}

/** A comment, found by its accessible name ("Comment by <name>, <time>"). */
export function commentBy(scope, name) {
  return scope.getByRole('article', { name: new RegExp(`^Comment by ${escapeRegExp(name)},`) });
}

/** Fills and sends a form as a guest: name (when asked) and text, then the given way of sending. */
export async function writeComment(form, { name, body, send = 'click' }) {
  const nameField = form.getByLabel('Name', { exact: true });
  if ((await nameField.count()) > 0) await nameField.fill(name);
  const textarea = form.getByRole('textbox', { name: 'Comment', exact: true });
  await textarea.fill(body);
  if (send === 'keyboard') {
    await textarea.focus();
    await textarea.press('Control+Enter');
  } else {
    await form.getByRole('button', { name: /^Post (comment|reply)$/ }).click();
  }
}

/**
 * Waits until the comment by `name` is shown with `body` and is saved (a comment still being
 * posted shows "Posting…" and has no actions yet).
 */
export async function waitForSavedComment(scope, name, body) {
  const comment = commentBy(scope, name).filter({ hasText: body }).first();
  await comment.getByRole('button', { name: 'Reply', exact: true }).first().waitFor({ timeout: TIMEOUT.action });
  return comment;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Selects `phrase` inside the article body, as a reader dragging over it would. */
export async function selectPhrase(page, phrase) {
  await page.locator('#article-body').getByText(phrase, { exact: false }).first().scrollIntoViewIfNeeded();
  await page.evaluate((needle) => {
    const body = document.getElementById('article-body');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const index = node.data.indexOf(needle);
      if (index === -1) continue;
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + needle.length);
      document.getSelection().removeAllRanges();
      document.getSelection().addRange(range);
      return;
    }
    throw new Error(`"${needle}" is not in the article`);
  }, phrase);
}
