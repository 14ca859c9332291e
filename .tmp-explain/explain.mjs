import { openDatabase } from '/work/main/server/storage/db.js';
import { CommentStore } from '/work/main/server/storage/store.js';
import pg from 'pg';
const base = 'postgres://confab_test:confab_test@127.0.0.1:5432/confab_test';
const c = new pg.Client(base); await c.connect(); await c.query('drop schema if exists explain_t cascade'); await c.query('create schema explain_t'); await c.end();
const db = await openDatabase({ databaseUrl: base + '?options=-c%20search_path%3Dexplain_t', dataDir: '/tmp/x' });
const store = new CommentStore(db, { editWindowMinutes: 15, moderation: 'off' });
const start = Date.parse('2024-01-01T00:00:00Z');
for (let o = 0; o < 100000; o += 5000) {
  const batch = [];
  for (let i = o; i < o + 5000; i++) batch.push({ id: `b-${i}`, threadId: 'big', parentId: null, author: { name: 'R' }, body: 'x'.repeat(100), createdAt: new Date(start + i * 1000).toISOString(), status: 'published', reactions: { like: i % 13 }, viewerReactions: [] });
  await store.import(batch, null);
}
await db.query('analyze');
const V = `(status = 'published' or (status = 'deleted' and reply_count > 0) or (status = 'pending' and viewer_id = $2))`;
for (const [name, sql, params] of [
  ['page', `explain analyze select * from comments where thread_id = $1 and parent_id is null and ${V} order by created_at, id limit $3`, ['big', 'g:abc', 51]],
  ['top', `explain analyze select * from comments where thread_id = $1 and parent_id is null and ${V} order by score desc, created_at desc, id desc limit $3`, ['big', 'g:abc', 51]],
  ['pending', `explain analyze select count(*)::integer as n, count(*) filter (where parent_id is not distinct from $3)::integer as level from comments where thread_id = $1 and viewer_id = $2 and status = 'pending'`, ['big', 'g:abc', null]],
  ['reactions', `explain analyze select comment_id, reaction from reactions where viewer_id = $1 and thread_id = $2 and comment_id = any($3::text[]) order by created_at`, ['g:abc', 'big', ['b-1','b-2']]],
]) {
  const r = await db.query(sql, params);
  console.log('--', name); console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
}
let t = Date.now(); for (let i = 0; i < 200; i++) await store.list({ threadId: 'big', parentId: null, sort: 'oldest', cursor: null, limit: 50, replies: 0 }, { id: 'g:abc' }); console.log('list x200 ms', Date.now() - t);
t = Date.now(); for (let i = 0; i < 200; i++) JSON.stringify(await store.list({ threadId: 'big', parentId: null, sort: 'oldest', cursor: null, limit: 50, replies: 0 }, { id: null })); console.log('anon list x200 ms', Date.now() - t);
await db.close();
