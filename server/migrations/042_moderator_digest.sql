-- MODERATOR_DIGEST_MINUTES: moderators' notices wait here and go out as one message per period.
create table moderator_digest_items (
  id bigserial primary key,
  kind text not null check (kind in ('pending', 'reported')),
  comment_id text not null,
  thread_id text not null,
  author_name text not null,
  body text not null,
  reason text,
  -- the server's public address when the item was noted, for the digest's links
  base text not null,
  created_at timestamptz not null default now()
);

-- One row: when the collected items are due (null while none wait). The process whose worker
-- takes this row's lock (FOR UPDATE SKIP LOCKED) sends the digest; the others skip it.
create table moderator_digest (
  id integer primary key check (id = 1),
  due_at timestamptz
);
insert into moderator_digest (id, due_at) values (1, null);
