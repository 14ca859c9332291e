-- confab schema, version 1. The same SQL runs on PGlite and on PostgreSQL (15 or newer).

create table threads (
  id text primary key,
  -- published comments, all levels (the header count and /counts)
  comment_count integer not null default 0,
  -- top-level comments that are listed (published or deleted placeholders)
  top_count integer not null default 0,
  reactions jsonb not null default '{}'::jsonb
);

create table comments (
  id text primary key,
  thread_id text not null,
  parent_id text references comments (id) deferrable initially deferred,
  author_name text not null,
  author_url text,
  author_avatar_url text,
  author_user_id text,
  -- stored for moderators, never returned by public endpoints
  author_email text,
  -- who may edit, delete and see it while pending
  viewer_id text,
  body text not null,
  status text not null check (status in ('published', 'pending', 'deleted')),
  created_at timestamptz not null,
  edited_at timestamptz,
  -- direct replies that are listed (published or deleted placeholders)
  reply_count integer not null default 0,
  reactions jsonb not null default '{}'::jsonb,
  score integer generated always as (
    coalesce((reactions ->> 'like')::integer, 0) - coalesce((reactions ->> 'dislike')::integer, 0)
  ) stored,
  idempotency_key text unique
);

-- Keyset pagination of top-level comments: oldest/newest scan this index forwards/backwards,
-- top scans the score index backwards. Replies always list oldest first.
create index comments_top_by_time on comments (thread_id, created_at, id) where parent_id is null;
create index comments_top_by_score on comments (thread_id, score, created_at, id) where parent_id is null;
create index comments_replies on comments (parent_id, created_at, id) where parent_id is not null;
create index comments_pending on comments (thread_id, viewer_id) where status = 'pending';
create index comments_pending_queue on comments (created_at, id) where status = 'pending';

create table reactions (
  viewer_id text not null,
  thread_id text not null,
  -- '' for a reaction on the thread (article) itself
  comment_id text not null,
  reaction text not null,
  created_at timestamptz not null default now(),
  primary key (viewer_id, thread_id, comment_id, reaction)
);
create index reactions_target on reactions (thread_id, comment_id);

create table comment_reports (
  comment_id text not null references comments (id) on delete cascade,
  viewer_id text not null,
  reason text not null,
  note text,
  created_at timestamptz not null default now(),
  primary key (comment_id, viewer_id)
);

create table typo_reports (
  id text primary key,
  fingerprint text not null unique,
  url text not null,
  thread_id text,
  exact text not null,
  prefix text not null,
  suffix text not null,
  suggestion text,
  status text not null default 'open' check (status in ('open', 'fixed', 'rejected')),
  report_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index typo_reports_status on typo_reports (status, report_count desc);

create table typo_votes (
  report_id text not null references typo_reports (id) on delete cascade,
  viewer_id text not null,
  comment text,
  created_at timestamptz not null default now(),
  primary key (report_id, viewer_id)
);

-- Live events, kept for a while so a reconnecting client can resume with Last-Event-ID and
-- so other server processes can read an event too large for a NOTIFY payload.
create table events (
  id bigserial primary key,
  thread_id text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);
create index events_thread on events (thread_id, id);
create index events_created on events (created_at);
