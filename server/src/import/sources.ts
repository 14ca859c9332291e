import { createReadStream } from 'node:fs';
import { checkText, checkTimestamp, MAX_NAME_LENGTH } from 'confab-comments/model';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { autoParagraphs, htmlToMarkdown } from './html.js';

/** Longest body an import may bring: other systems allowed more than a post may have. */
export const MAX_IMPORTED_BODY = 100_000;
const DSQ = 'http://disqus.com/disqus-internals';

/** A comment as it is stored, every column. */
export interface FullComment {
  id: string;
  threadId: string;
  parentId: string | null;
  authorName: string;
  authorUrl: string | null;
  authorAvatarUrl: string | null;
  authorUserId: string | null;
  authorEmail: string | null;
  viewerId: string | null;
  body: string;
  status: 'published' | 'pending' | 'deleted';
  createdAt: string;
  editedAt: string | null;
  moderatorEditedAt: string | null;
  reactions: Record<string, number>;
}

/** What stops an import: the reason and where in the file. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'ImportError';
  }
}

/** Which thread an article's comments go to: the article URL's path by default, or the mapping's. */
export class ThreadMapper {
  constructor(private readonly mapping: Record<string, string> = {}) {}

  threadId(link: string, line: number): string {
    const mapped = this.mapping[link];
    if (mapped !== undefined) return this.check(mapped, line);
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new ImportError(`the article address "${link.slice(0, 200)}" is not a URL (give its thread in a mapping file)`, line);
    }
    // The path alone: query strings (tracking tags, ?replytocom=…) would split an article's comments.
    const path = url.pathname;
    return this.check(this.mapping[path] ?? path, line);
  }

  private check(id: string, line: number): string {
    try {
      return checkText(id, 'threadId', { max: 200, trim: false });
    } catch (err) {
      throw new ImportError(`thread id "${id.slice(0, 200)}": ${(err as Error).message}`, line);
    }
  }
}

/** One record of a source: a comment to store, or a comment not imported (spam). */
export type SourceRecord = { kind: 'comment'; comment: FullComment; line: number } | { kind: 'spam'; id: string };

/**
 * Reads an XML file with a streaming (SAX) parser, 256 kB at a time, handing the records the
 * `setup` handlers emit to the caller one chunk's worth at a time: memory stays flat whatever the
 * file's size, and the caller's writes pace the reading. A malformed file stops with its line.
 */
async function* streamXml(file: string, setup: (parser: SaxesParser<{ xmlns: true; position: true }>, emit: (record: SourceRecord) => void) => void): AsyncGenerator<SourceRecord[]> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const out: SourceRecord[] = [];
  setup(parser, (record) => out.push(record));
  const fail = (err: unknown): never => {
    if (err instanceof ImportError) throw err;
    const message = (err as Error).message.replace(/^[^:]*:\d+:\d+: /, '');
    throw new ImportError(`malformed XML: ${message}`, parser.line);
  };
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    try {
      parser.write(chunk as string);
    } catch (err) {
      fail(err);
    }
    if (out.length > 0) yield out.splice(0);
  }
  try {
    parser.close();
  } catch (err) {
    fail(err);
  }
  if (out.length > 0) yield out.splice(0);
}

/** Element text (text and CDATA) collected for the innermost open element. */
function collector(parser: SaxesParser<{ xmlns: true; position: true }>) {
  const stack: string[] = [];
  let text = '';
  parser.on('text', (t) => (text += t));
  parser.on('cdata', (t) => (text += t));
  return {
    stack,
    open(tag: SaxesTagNS) {
      stack.push(tag.local);
      text = '';
    },
    /** closes the innermost element; returns its path and text */
    close(): { path: string; text: string } {
      const path = stack.join('/');
      stack.pop();
      const value = text;
      text = '';
      return { path, text: value };
    },
  };
}

const bool = (value: string | undefined) => value?.trim() === 'true';

function name(value: string | undefined, fallback: string): string {
  const cleaned = (value ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  return cleaned || fallback;
}

function body(html: string, deleted: boolean, line: number): string {
  if (deleted) return '';
  const markdown = htmlToMarkdown(html) || '(no text)';
  try {
    return checkText(markdown, 'body', { max: MAX_IMPORTED_BODY, multiline: true });
  } catch (err) {
    throw new ImportError(`the comment's text: ${(err as Error).message}`, line);
  }
}

function timestamp(value: string | undefined, line: number, what: string): string {
  try {
    return checkTimestamp(value?.trim(), what);
  } catch (err) {
    throw new ImportError((err as Error).message, line);
  }
}

/**
 * A Disqus XML export: `<thread>` elements (dsq:id, link), then `<post>` elements (message HTML,
 * createdAt, isDeleted, isSpam, author, the thread's and parent's dsq:id). Comment ids become
 * `disqus-<dsq:id>`, so a re-run finds them.
 */
export function readDisqus(file: string, threads: ThreadMapper): AsyncGenerator<SourceRecord[]> {
  return streamXml(file, (parser, emit) => {
    const at = collector(parser);
    const threadIds = new Map<string, string>();
    let thread: { dsqId: string; line: number; link?: string } | null = null;
    let post: { dsqId: string; line: number; fields: Record<string, string>; thread?: string; parent?: string } | null = null;
    parser.on('opentag', (tag) => {
      at.open(tag);
      const depth = at.stack.length;
      if (depth === 1 && tag.local !== 'disqus') throw new ImportError(`this is not a Disqus export (its root element is <${tag.name}>)`, parser.line);
      const dsqId = Object.values(tag.attributes).find((a) => a.uri === DSQ && a.local === 'id')?.value;
      if (depth === 2 && tag.local === 'thread') thread = { dsqId: dsqId ?? '', line: parser.line };
      else if (depth === 2 && tag.local === 'post') {
        if (!dsqId) throw new ImportError('a <post> without dsq:id', parser.line);
        post = { dsqId, line: parser.line, fields: {} };
      } else if (depth === 3 && post && tag.local === 'thread') post.thread = dsqId;
      else if (depth === 3 && post && tag.local === 'parent') post.parent = dsqId;
    });
    parser.on('closetag', () => {
      const { path, text } = at.close();
      if (thread && path === 'disqus/thread/link') thread.link = text.trim();
      else if (thread && path === 'disqus/thread') {
        if (thread.dsqId && thread.link) threadIds.set(thread.dsqId, threads.threadId(thread.link, thread.line));
        thread = null;
      } else if (post && path.startsWith('disqus/post/')) post.fields[path.slice(12)] = text;
      else if (post && path === 'disqus/post') {
        const p = post;
        post = null;
        if (bool(p.fields.isSpam)) {
          emit({ kind: 'spam', id: `disqus-${p.dsqId}` });
          return;
        }
        const threadId = p.thread === undefined ? undefined : threadIds.get(p.thread);
        if (threadId === undefined) throw new ImportError(`post ${p.dsqId} belongs to thread ${p.thread ?? '(none)'}, which the file does not describe`, p.line);
        const deleted = bool(p.fields.isDeleted);
        emit({
          kind: 'comment',
          line: p.line,
          comment: {
            id: `disqus-${p.dsqId}`,
            threadId,
            parentId: p.parent ? `disqus-${p.parent}` : null,
            authorName: deleted ? '' : name(p.fields['author/name'], name(p.fields['author/username'], 'Anonymous')),
            authorUrl: null,
            authorAvatarUrl: null,
            authorUserId: null,
            authorEmail: deleted ? null : p.fields['author/email']?.trim() || null,
            viewerId: null,
            body: body(p.fields.message ?? '', deleted, p.line),
            status: deleted ? 'deleted' : 'published',
            createdAt: timestamp(p.fields.createdAt, p.line, 'createdAt'),
            editedAt: null,
            moderatorEditedAt: null,
            reactions: {},
          },
        });
      }
    });
  });
}

/**
 * A WordPress export (WXR): `<item>`s (the article's `<link>`) holding `<wp:comment>`s (id, author,
 * email, url, GMT date, content as typed, approved 1/0/spam/trash, type, parent). Pingbacks and
 * trackbacks are left out; ids become `wp-<comment_id>`.
 */
export function readWxr(file: string, threads: ThreadMapper): AsyncGenerator<SourceRecord[]> {
  return streamXml(file, (parser, emit) => {
    const at = collector(parser);
    let item: { line: number; link?: string; threadId?: string } | null = null;
    let comment: { line: number; fields: Record<string, string> } | null = null;
    parser.on('opentag', (tag) => {
      at.open(tag);
      const depth = at.stack.length;
      if (depth === 1 && tag.local !== 'rss') throw new ImportError(`this is not a WordPress export (its root element is <${tag.name}>)`, parser.line);
      if (depth === 3 && tag.local === 'item') item = { line: parser.line };
      else if (depth === 4 && item && tag.local === 'comment') comment = { line: parser.line, fields: {} };
    });
    parser.on('closetag', () => {
      const { path, text } = at.close();
      if (item && !comment && path === 'rss/channel/item/link') item.link = text.trim();
      else if (comment && path.startsWith('rss/channel/item/comment/')) comment.fields[path.slice(25)] = text;
      else if (comment && item && path === 'rss/channel/item/comment') {
        const c = comment;
        comment = null;
        const f = c.fields;
        const id = `wp-${(f.comment_id ?? '').trim()}`;
        if (id === 'wp-') throw new ImportError('a comment without wp:comment_id', c.line);
        const type = (f.comment_type ?? '').trim();
        if (type === 'pingback' || type === 'trackback') return;
        const approved = (f.comment_approved ?? '1').trim();
        if (approved === 'spam') {
          emit({ kind: 'spam', id });
          return;
        }
        if (!item.link) throw new ImportError('a comment of an item without <link>', c.line);
        item.threadId ??= threads.threadId(item.link, item.line);
        const deleted = approved === 'trash';
        const parent = (f.comment_parent ?? '0').trim();
        const gmt = (f.comment_date_gmt ?? '').trim();
        const date = gmt && !gmt.startsWith('0000') ? `${gmt.replace(' ', 'T')}Z` : f.comment_date?.trim();
        const url = (f.comment_author_url ?? '').trim();
        emit({
          kind: 'comment',
          line: c.line,
          comment: {
            id,
            threadId: item.threadId,
            parentId: parent && parent !== '0' ? `wp-${parent}` : null,
            authorName: deleted ? '' : name(f.comment_author, 'Anonymous'),
            authorUrl: deleted || !/^https?:\/\/[^\s]+$/i.test(url) || url.length > 2000 ? null : url,
            authorAvatarUrl: null,
            authorUserId: null,
            authorEmail: deleted ? null : f.comment_author_email?.trim() || null,
            viewerId: null,
            body: body(autoParagraphs(f.comment_content ?? ''), deleted, c.line),
            status: deleted ? 'deleted' : approved === '1' ? 'published' : 'pending',
            createdAt: timestamp(date, c.line, 'comment_date_gmt'),
            editedAt: null,
            moderatorEditedAt: null,
            reactions: {},
          },
        });
      } else if (item && path === 'rss/channel/item') item = null;
    });
  });
}
