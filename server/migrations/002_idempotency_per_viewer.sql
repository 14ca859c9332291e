-- Idempotency keys belong to the viewer who sent them: another viewer's post with the same key is
-- a post of its own, and never learns that the key exists.
alter table comments drop constraint comments_idempotency_key_key;
create unique index comments_idempotency on comments (viewer_id, idempotency_key);
