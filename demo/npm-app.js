// The npm usage of confab-comments: import the adapters from the package root and register the elements
// with 'confab-comments/define.js'. `npm run build` bundles this file into dist/demo/npm-app.js, resolving
// 'confab-comments' through the package's "exports" exactly as it resolves for an app that installed it.
import { MemoryAdapter } from 'confab-comments';
import 'confab-comments/define.js';

const threadId = 'npm-demo';

/** @type {import('confab-comments').Comment[]} */
const comments = [
  {
    id: 'npm-1',
    threadId,
    parentId: null,
    author: { name: 'Ada Okafor' },
    body: 'Installed it with `npm install confab-comments` and had a thread on our staging site in ten minutes.',
    createdAt: '2026-11-20T09:15:00Z',
    status: 'published',
    reactions: { like: 4 },
    replyCount: 1,
  },
  {
    id: 'npm-2',
    threadId,
    parentId: 'npm-1',
    author: { name: 'Luis Prado' },
    body: 'Same here. The *MemoryAdapter* made our component tests painless: latency and failures are options.',
    createdAt: '2026-11-20T10:02:00Z',
    status: 'published',
    reactions: { like: 2 },
    replyCount: 0,
  },
  {
    id: 'npm-3',
    threadId,
    parentId: null,
    author: { name: 'Mei Tanaka' },
    body: 'Our backend speaks its own API, so we wrote a small adapter for it. The contract suite told us when it was done.',
    createdAt: '2026-11-21T16:40:00Z',
    status: 'published',
    reactions: { like: 3, dislike: 1 },
    replyCount: 0,
  },
];

const thread = document.querySelector('comment-thread');
if (thread) thread.adapter = new MemoryAdapter({ comments, latency: { min: 150, max: 400 } });
