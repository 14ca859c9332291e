-- Mail and webhooks leave through this table: a post only inserts a row, a worker in every server
-- process claims due rows (FOR UPDATE SKIP LOCKED, so two processes never take the same one),
-- sends, and retries with backoff until `attempts` reaches OUTBOX_ATTEMPTS.
create table outbox (
  id bigserial primary key,
  kind text not null check (kind in ('mail', 'webhook')),
  payload jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  attempts integer not null default 0,
  -- when a queued row is due; a claimed row is pushed ahead by a lease, so a crashed sender's row
  -- comes back by itself
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_due on outbox (next_attempt_at, id) where status = 'queued';
create index outbox_failed on outbox (created_at) where status = 'failed';

-- "E-mail me when someone replies": the address of a comment's author, for replies to it.
create table mail_subscriptions (
  -- no foreign key: the test reset truncates these apart from comments; a removed comment gets no replies
  comment_id text primary key,
  thread_id text not null,
  email text not null,
  -- the page the comment was written on (THREAD_URL overrides it)
  page_url text,
  created_at timestamptz not null default now()
);

-- Addresses that said no: thread_id '' means every message.
create table mail_unsubscribed (
  email text not null,
  thread_id text not null,
  created_at timestamptz not null default now(),
  primary key (email, thread_id)
);

-- Why a comment was held for moderation by the spam rules (moderators see it in the queue).
create table spam_holds (
  -- no foreign key: the test reset truncates these apart from comments; a removed comment gets no replies
  comment_id text primary key,
  reason text not null,
  created_at timestamptz not null default now()
);

-- Bodies recently posted (their hash), for "the same body from many viewers" rule.
create table spam_bodies (
  hash text not null,
  viewer_id text not null,
  created_at timestamptz not null default now(),
  primary key (hash, viewer_id)
);
create index spam_bodies_created on spam_bodies (created_at);

-- Proof-of-work solutions already used: each challenge is good for one post.
create table spent_challenges (
  signature text primary key,
  expires_at timestamptz not null
);
