-- The site owner's side: moderator sessions, bans, closed threads, moderator edits, import ids.

create table admin_sessions (
  id text primary key,
  -- sha-256 of the ADMIN_TOKEN that opened it: a new token ends every session
  token_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);

-- A banned author: `subject` is the viewer id their comments carry ('g:…' a guest, 'u:…' a site user).
create table bans (
  id text primary key,
  subject text not null,
  author_name text not null default '',
  reason text not null default '',
  -- null: for good
  expires_at timestamptz,
  created_at timestamptz not null default now()
);
create index bans_subject on bans (subject);

-- When the thread began (its first comment), for CLOSE_AFTER_DAYS; `closed`: a moderator's
-- choice ('closed' or 'open'), null to follow CLOSE_AFTER_DAYS.
alter table threads add column created_at timestamptz not null default now();
alter table threads add column closed text check (closed in ('open', 'closed'));
update threads t set created_at = coalesce((select min(c.created_at) from comments c where c.thread_id = t.id), now());

alter table comments add column moderator_edited_at timestamptz;
create index comments_newest on comments (created_at desc, id desc);

-- Which comment an imported item became: a re-run of the same import adds nothing.
create table import_ids (
  source text not null,
  external_id text not null,
  comment_id text not null,
  primary key (source, external_id)
);
