// Large import files generated for the tests, written a piece at a time.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** @param {string} file @param {(write: (text: string) => Promise<void>) => Promise<void>} body */
async function writeFile(file, body) {
  const out = createWriteStream(file);
  let pending = '';
  const write = async (text) => {
    pending += text;
    if (pending.length < 1 << 20) return;
    const chunk = pending;
    pending = '';
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await body(write);
  out.end(pending);
  await once(out, 'finish');
}

/** Zero-padded: the export lists threads by id, the same in every collation. */
const threadId = (t) => `/posts/${String(t).padStart(5, '0')}/`;
const at = (i) => new Date(Date.parse('2020-01-01T00:00:00Z') + i * 60_000).toISOString();

/**
 * A confab export of `count` comments in `threads` threads, written as `confab-server export`
 * writes it (so exporting what it imports gives the same text): a third are replies, bodies of
 * about `bodyLength` characters, some reactions, some moderator edits, one in 30 pending.
 * @param {string} file @param {number} count @param {{ threads?: number, bodyLength?: number }} [options]
 */
export function writeJsonExport(file, count, { threads = 50, bodyLength = 600 } = {}) {
  const filler = 'Lorem ipsum dolor sit amet, “quoted” and <b>not HTML</b> — '.repeat(Math.ceil(bodyLength / 60)).slice(0, bodyLength);
  return writeFile(file, async (write) => {
    await write(`{"format":"confab-export","version":1,"exportedAt":"2026-01-01T00:00:00.000Z",\n"threads":[`);
    for (let t = 0; t < threads; t++) {
      const thread = { id: threadId(t), reactions: t % 3 ? {} : { like: t + 1 }, closed: t % 7 === 3 ? 'closed' : null, createdAt: at(t) };
      await write(`${t ? ',' : ''}\n${JSON.stringify(thread)}`);
    }
    await write('],\n"comments":[');
    for (let i = 0; i < count; i++) {
      const thread = i % threads;
      const pending = i % 30 === 29;
      const comment = {
        id: `c${i}`,
        threadId: threadId(thread),
        parentId: i % 3 === 2 && i >= threads ? `c${i - threads}` : null,
        authorName: `Reader ${i % 997}`,
        authorUrl: i % 5 ? null : `https://example.com/~${i % 997}`,
        authorAvatarUrl: null,
        authorUserId: i % 4 ? null : `user-${i % 997}`,
        authorEmail: `reader${i % 997}@example.com`,
        viewerId: i % 4 ? `g:guest-${i % 997}` : `u:user-${i % 997}`,
        body: `Comment ${i}: ${filler}`,
        status: pending ? 'pending' : 'published',
        createdAt: at(threads + i),
        editedAt: i % 11 ? null : at(threads + i + 1),
        moderatorEditedAt: i % 22 ? null : at(threads + i + 1),
        reactions: i % 6 ? {} : { like: (i % 9) + 1, heart: 1 },
      };
      await write(`${i ? ',' : ''}\n${JSON.stringify(comment)}`);
    }
    await write('],\n"typos":[]}\n');
  });
}

/**
 * A Disqus export of `count` posts in `threads` threads (a third replies, HTML bodies).
 * @param {string} file @param {number} count @param {{ threads?: number, brokenAt?: number }} [options]
 *   `brokenAt`: the post at which the XML goes wrong (an unclosed element)
 */
export function writeDisqusExport(file, count, { threads = 100, brokenAt = -1 } = {}) {
  return writeFile(file, async (write) => {
    await write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
    for (let t = 0; t < threads; t++) {
      await write(`<thread dsq:id="t${t}"><link>https://blog.example.com/posts/${t}/</link><title>Post ${t}</title></thread>\n`);
    }
    for (let i = 0; i < count; i++) {
      // ids from 100000: clear of the hand-written fixtures'
      const parent = i % 3 === 2 && i >= threads ? `<parent dsq:id="${100_000 + i - threads}"/>` : '';
      await write(
        `<post dsq:id="${100_000 + i}"><message><![CDATA[<p>Comment ${i} with <b>bold</b> and <a href="https://example.org/${i}">a link</a>.</p>]]></message>` +
          `<createdAt>${at(i)}</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>` +
          `<author><name>Reader ${i % 500}</name></author><thread dsq:id="t${i % threads}"/>${parent}${i === brokenAt ? '<broken>' : ''}</post>\n`,
      );
    }
    await write('</disqus>\n');
  });
}
