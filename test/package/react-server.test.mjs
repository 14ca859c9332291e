// confab-comments/react under react-dom/server in Node: rendering the wrappers (and the bare tags)
// to a string does not throw, and gives the elements for the browser to upgrade. The elements'
// content renders in the browser for now (server rendering is a later entry, confab-comments/ssr).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement, version } from 'react';
import { renderToString } from 'react-dom/server';
import { MemoryAdapter } from 'confab-comments';
import * as confabReact from 'confab-comments/react';

const adapter = new MemoryAdapter({ comments: [] });
const tags = {
  CommentThread: 'comment-thread',
  CommentItem: 'comment-item',
  ReplyForm: 'reply-form',
  ReactionCounter: 'reaction-counter',
  CommentCount: 'comment-count',
  TypoReport: 'typo-report',
};

test(`React ${version}: the entry exports one component per element`, () => {
  assert.deepEqual(Object.keys(confabReact).sort(), Object.keys(tags).sort());
});

for (const [name, tag] of Object.entries(tags)) {
  test(`renderToString(<${name}>) gives <${tag}> without throwing`, () => {
    const html = renderToString(
      createElement(confabReact[name], { threadId: 'a-42', adapter, theme: 'dark', className: 'confab', onPosted: () => {} }),
    );
    assert.match(html, new RegExp(`^<${tag}\\b[^>]*></${tag}>$`));
    assert.match(html, /class="confab"/);
    assert.match(html, /theme="dark"/);
    assert.doesNotMatch(html, /\[object Object\]/, 'the adapter is a property, never an attribute');
  });
}

test('renderToString of the bare tags keeps their attributes', () => {
  const html = renderToString(createElement('comment-count', { 'thread-id': 'a-42', href: '' }));
  assert.equal(html, '<comment-count thread-id="a-42" href=""></comment-count>');
});
