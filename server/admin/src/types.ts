export interface Author {
  name: string;
  url?: string | null;
}

/** A comment as the admin endpoints return it. */
export interface Row {
  id: string;
  threadId: string;
  parentId: string | null;
  author: Author;
  body: string;
  createdAt: string;
  editedAt: string | null;
  status: 'published' | 'pending' | 'deleted';
  authorEmail?: string | null;
  authorKey?: string | null;
  moderatorEditedAt?: string | null;
  reports?: { count: number; reasons: Record<string, number>; notes: string[] };
  /** listed among the deleted and rejected: how and when a moderator removed it */
  removed?: { reason: 'deleted' | 'rejected'; at: string };
}

export interface Typo {
  id: string;
  url: string;
  threadId: string | null;
  quote: { exact: string; prefix: string; suffix: string };
  suggestion: string | null;
  count: number;
  comments: string[];
  status: 'open' | 'fixed' | 'rejected';
  createdAt: string;
}

export interface Summary {
  pending: number;
  reported: number;
  typos: number;
  today: number;
  week: number;
}

export interface Ban {
  id: string;
  subject: string;
  authorName: string;
  reason: string;
  expiresAt: string | null;
  createdAt: string;
}

export type View = 'pending' | 'reported' | 'typos' | 'all' | 'people' | 'import' | 'outbox';

/** An import uploaded from the dashboard, as the server follows it. */
export interface ImportJob {
  id: string;
  name: string;
  format: 'disqus' | 'wxr' | 'json' | null;
  state: 'uploading' | 'importing' | 'done' | 'failed';
  bytes: number;
  read: number;
  imported: number;
  line: number;
  result: { imported: number; skipped: number; spam: number; droppedPlaceholders: number; reparented: number; threads: number; typos: number } | null;
  error: { message: string; line: number | null } | null;
}
export type Action = 'approve' | 'reject' | 'delete' | 'dismiss' | 'restore';
