// Every element under @lit-labs/ssr in plain Node (no DOM globals), and confab-comments/ssr:
// the first page in the HTML, the data embedded once, hostile text inert in markup and island.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html } from 'lit';
import { JSDOM } from 'jsdom';
import { define, MemoryAdapter } from 'confab-comments';
import 'confab-comments/locales/ru.js';
import 'confab-comments/locales/ar.js';
import { ISLAND_ATTRIBUTE, jsonIsland, loadSnapshot, renderComments, renderThreadStream } from 'confab-comments/ssr';

const HOUR = 3_600_000;
const at = (hoursAgo) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
const HOSTILE = [
  '</script><script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<!-- </template> -->',
  '[click](javascript:alert(3))',
  '\u2028\u2029 <svg onload=alert(4)>',
].join('\n\n');

function comments() {
  return [
    { id: 'c1', threadId: 't1', parentId: null, body: 'First **bold** comment', author: { name: 'Ann' }, createdAt: at(5), reactions: { like: 3 } },
    { id: 'c2', threadId: 't1', parentId: 'c1', body: 'A reply', author: { name: 'Bob' }, createdAt: at(4) },
    { id: 'c3', threadId: 't1', parentId: null, body: HOSTILE, author: { name: '<b onmouseover=alert(5)>Eve</b>', url: 'javascript:alert(6)' }, createdAt: at(3) },
  ];
}

/** The markup without the stylesheets and Lit's markers, to assert on. */
const visible = (markup) => markup.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<!--[\s\S]*?-->/g, '');
/** Every element of the markup, declarative shadow roots (template content) included. */
function parsedElements(markup) {
  const { window } = new JSDOM(`<!doctype html><body>${markup}`);
  const found = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      found.push(element);
      if (element.localName === 'template') walk(element.content);
    }
  };
  walk(window.document);
  return found;
}

const islandOf = (markup) => /<script type="application\/json" data-confab-thread="[^"]*">([\s\S]*?)<\/script>/.exec(markup);

test('runs with no DOM globals', () => {
  for (const name of ['window', 'location', 'localStorage', 'sessionStorage', 'navigator.platform']) {
    const [first, second] = name.split('.');
    assert.equal(second ? globalThis[first]?.[second] : globalThis[first], undefined, `${name} should not exist in this test`);
  }
  assert.equal(typeof globalThis.document, 'undefined');
});

test('each of the six elements renders declarative shadow DOM from data given to it', async () => {
  define();
  const { snapshot } = await renderComments({ threadId: 't1', adapter: new MemoryAdapter({ comments: comments() }) });
  const { ThreadStore } = await import('../../dist/lib/store/thread-store.js');
  const store = new ThreadStore(new MemoryAdapter(), 't1');
  store.seed(snapshot);
  const cases = [
    [html`<comment-thread thread-id="t1" lang="en" .store=${store}></comment-thread>`, ['3 comments', 'First <strong>bold</strong> comment', 'Leave a Reply', 'A reply']],
    [html`<comment-item lang="en" .store=${store} comment-id="c1"></comment-item>`, ['Ann']],
    [html`<reply-form thread-id="t1" lang="en" .store=${store}></reply-form>`, ['Leave a Reply', 'Post comment']],
    [html`<reaction-counter thread-id="t1" lang="en" .store=${store}></reaction-counter>`, ['Like']],
    [html`<comment-count thread-id="t1" lang="en" .store=${store}></comment-count>`, ['3 comments']],
    [html`<typo-report lang="en"></typo-report>`, ['<template shadowroot']],
  ];
  for (const [template, expected] of cases) {
    const markup = await collectResult(render(template));
    assert.match(markup, /<template shadowroot="open" shadowrootmode="open">/);
    for (const text of expected) assert.ok(visible(markup).includes(text), `expected ${JSON.stringify(text)} in ${visible(markup).slice(0, 300)}`);
  }
});

test('languages come from the lang attribute: Russian and Arabic texts, no DOM needed', async () => {
  const adapter = new MemoryAdapter({ comments: comments() });
  const ru = await renderComments({ threadId: 't1', adapter, lang: 'ru' });
  assert.match(visible(ru.thread), /3 комментария/);
  const ar = await renderComments({ threadId: 't1', adapter, lang: 'ar' });
  assert.match(ar.thread, /lang="ar"/);
  assert.doesNotMatch(visible(ar.thread), /Leave a Reply|Post comment/);
  assert.doesNotMatch(visible(ru.thread), /Leave a Reply|Post comment/);
});

test('renderComments: thread, reactions and count, with the first page and an island once', async () => {
  const adapter = new MemoryAdapter({ comments: comments() });
  const result = await renderComments({ threadId: 't1', adapter, attributes: { adapter: 'rest', endpoint: '/api' } });
  // the island first (an element upgraded while the page parses finds it), then the thread
  assert.match(result.thread, /^<script type="application\/json" data-confab-thread="t1">[^<]*<\/script><!--lit-part[^>]*--><!--lit-node 0--><comment-thread\s+thread-id="t1" lang="en" sort="oldest" page-size="20" adapter="rest" endpoint="\/api">/);
  assert.equal(result.thread.match(/data-confab-thread=/g).length, 1);
  assert.match(visible(result.count), /3 comments/);
  assert.match(visible(result.reactions), /<reaction-counter[^>]*thread-id="t1"/);
  // every shown comment's text is in the markup, outside any script
  const outside = result.thread.replace(/<script[\s\S]*?<\/script>/g, '');
  for (const text of ['First', 'A reply', 'Ann', 'Bob']) assert.ok(outside.includes(text), text);
  // permalink anchors the no-JS page and other tests rely on
  assert.match(result.thread, /id="comment-c1"/);
  assert.match(result.thread, /id="comment-c2"/);
});

test('hostile comment text stays inert in the markup and cannot close the island', async () => {
  const adapter = new MemoryAdapter({ comments: comments() });
  const { thread, snapshot } = await renderComments({ threadId: 't1', adapter });
  const island = islandOf(thread);
  assert.ok(island, 'island present');
  assert.equal(island.index, 0);
  const markup = thread.slice(island[0].length);
  // no element or attribute the text asked for: parsed as a browser would, only text
  const elements = parsedElements(markup);
  assert.ok(elements.some((element) => element.localName === 'article'));
  for (const element of elements) {
    assert.ok(!['script', 'img', 'iframe', 'object'].includes(element.localName), element.outerHTML);
    // confab's own icons are the only svg
    if (element.localName === 'svg') assert.equal(element.getAttribute('aria-hidden'), 'true', element.outerHTML);
    for (const attribute of element.attributes) {
      assert.doesNotMatch(attribute.name, /^on/i, element.outerHTML);
      assert.doesNotMatch(attribute.value, /javascript:/i, element.outerHTML);
    }
  }
  assert.match(visible(markup), /&lt;\/script&gt;&lt;script&gt;alert\(1\)/);
  assert.match(visible(markup), /&lt;img src=x onerror=alert\(2\)&gt;/);
  // the island: one script, nothing inside that ends it or opens a comment
  assert.equal(thread.match(/<script/g).length, 1);
  assert.doesNotMatch(island[1], /<|>|\u2028|\u2029/);
  assert.deepEqual(JSON.parse(island[1]), JSON.parse(JSON.stringify(snapshot)));
  assert.equal(JSON.parse(island[1]).page.comments[1].body, HOSTILE);
});

test('a hostile thread id is escaped in the island attribute', () => {
  const markup = jsonIsland({ threadId: '"><script>x</script>', sort: 'oldest', pageSize: 20, page: { comments: [], nextCursor: null, total: 0, threadTotal: 0 } });
  assert.equal(markup.match(/<script/g).length, 1);
  assert.match(markup, new RegExp(`${ISLAND_ATTRIBUTE}="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"`));
});

test('the snapshot carries nothing personal and asks the adapter once for the page', async () => {
  const adapter = new MemoryAdapter({ comments: comments() });
  const snapshot = await loadSnapshot({ threadId: 't1', adapter, sort: 'newest', pageSize: 1 });
  assert.equal(adapter.calls.list, 1);
  assert.equal(snapshot.sort, 'newest');
  assert.equal(snapshot.page.comments.length, 1);
  assert.equal(typeof snapshot.page.nextCursor, 'string');
  for (const comment of snapshot.page.comments) assert.equal('viewer' in comment, false);
  // rendering from the snapshot makes no adapter call at all
  const { thread } = await renderComments({ threadId: 't1', snapshot });
  assert.equal(adapter.calls.list, 1);
  assert.match(visible(thread), /Load more comments/);
});

test('markdown bodies render through the sanitizer: links are nofollow, unsafe links dropped', async () => {
  const adapter = new MemoryAdapter({ comments: [{ id: 'm', threadId: 't2', parentId: null, body: 'see [site](https://example.com) and [bad](javascript:alert(1)) `code`', author: { name: 'A' }, createdAt: at(1) }] });
  const { thread } = await renderComments({ threadId: 't2', adapter });
  assert.match(thread, /<a href="https:\/\/example.com\/" target="_blank" rel="ugc nofollow noopener noreferrer">site<\/a>/);
  assert.match(thread, /<code>code<\/code>/);
  assert.doesNotMatch(thread.replace(/<script[\s\S]*?<\/script>/, ''), /javascript:/);
});

test('renderThreadStream streams the same thread and island', async () => {
  const adapter = new MemoryAdapter({ comments: comments() });
  const stream = await renderThreadStream({ threadId: 't1', adapter });
  let markup = '';
  for await (const chunk of stream) markup += chunk;
  assert.match(visible(markup), /First <strong>bold<\/strong> comment/);
  assert.ok(islandOf(markup));
});

test('an adapter that fails: the error reaches the caller, nothing half-rendered', async () => {
  const adapter = new MemoryAdapter({ comments: comments(), fail: { list: 1 } });
  await assert.rejects(renderComments({ threadId: 't1', adapter }));
});

test('each comment carries schema.org Comment microdata: author, date, text, likes; replies nest', async () => {
  const adapter = new MemoryAdapter({ comments: comments() });
  const { thread } = await renderComments({ threadId: 't1', adapter });
  const elements = parsedElements(thread);
  const items = elements.filter((element) => element.getAttribute('itemtype') === 'https://schema.org/Comment');
  assert.equal(items.length, 3);
  const first = items.find((element) => element.id === 'comment-c1');
  const own = (prop) => [...first.querySelectorAll(`[itemprop="${prop}"]`)].filter((element) => element.parentElement.closest('[itemtype="https://schema.org/Comment"]') === first);
  assert.equal(own('author')[0].querySelector('[itemprop="name"]').textContent, 'Ann');
  assert.match(own('dateCreated')[0].getAttribute('datetime'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.match(own('text')[0].textContent, /First bold comment/);
  assert.equal(own('upvoteCount')[0].getAttribute('content'), '3');
  // the reply is the first comment's `comment`
  const reply = items.find((element) => element.id === 'comment-c2');
  assert.equal(reply.getAttribute('itemprop'), 'comment');
  assert.equal(reply.parentElement.closest('[itemtype="https://schema.org/Comment"]'), first);
});

test('a closed thread renders "Comments are closed" instead of its form; a further page starts at its cursor', async () => {
  const adapter = new MemoryAdapter({ comments: comments() });
  const closed = {
    list: async (request) => ({ ...(await adapter.list(request)), closed: true }),
    getReactions: (target) => adapter.getReactions(target),
  };
  const { thread } = await renderComments({ threadId: 't1', adapter: closed });
  assert.match(visible(thread), /Comments are closed/);
  assert.doesNotMatch(thread, /<textarea/);
  assert.equal(JSON.parse(islandOf(thread)[1]).page.closed, true);

  const first = await loadSnapshot({ threadId: 't1', adapter, pageSize: 1 });
  assert.ok(first.page.nextCursor);
  const second = await renderComments({ threadId: 't1', adapter, pageSize: 1, cursor: first.page.nextCursor, pageUrl: 'https://blog.example/post' });
  assert.equal(second.snapshot.cursor, first.page.nextCursor);
  assert.deepEqual(second.snapshot.page.comments.map((comment) => comment.id), ['c3']);
  assert.match(second.thread, /href="https:\/\/blog\.example\/post#comments"/);
  // an address without its site works the same, and stays without it
  const relative = await renderComments({ threadId: 't1', adapter, pageSize: 1, pageUrl: '/post?x=1' });
  assert.match(relative.thread, /<form class="more-form" method="get" action="\/post#comments">/);
  assert.match(relative.thread, /name="x" value="1"/);
  assert.match(relative.thread, new RegExp(`name="confab-cursor" value="${first.page.nextCursor}"`));
});
