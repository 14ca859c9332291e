-- What moderators removed (a delete, a rejection, a ban that removed an author's comments), kept
-- as it was so that it can be restored: `saved` is the comment's row, `reactions` its readers'
-- reactions. `reason`: 'deleted' (it was published), 'rejected' (it was pending), 'placeholder'
-- (an empty placeholder that went with its last reply: brought back only as the parent of a
-- restored reply). Kept for 90 days.
create table removed_comments (
  id text primary key,
  thread_id text not null,
  reason text not null check (reason in ('deleted', 'rejected', 'placeholder')),
  saved jsonb not null,
  reactions jsonb not null default '[]'::jsonb,
  removed_at timestamptz not null default now()
);
create index removed_comments_newest on removed_comments (removed_at desc, id desc);
