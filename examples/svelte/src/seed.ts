import type { Comment } from 'confab-comments';

/** The thread's first comment, as an adapter would return it. */
export const comments: Comment[] = [
  {
    id: 'c1',
    threadId: 'eastside-library',
    parentId: null,
    author: { name: 'Ana Lima' },
    body: 'Finally! The reading room looks **great**.',
    createdAt: '2026-11-26T09:30:00.000Z',
    status: 'published',
    reactions: { like: 2 },
    replyCount: 0,
  },
];
