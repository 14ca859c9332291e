// The plain-DOM baseline: the thread confab shows, prerendered in Node to one HTML string with the
// same markup a <comment-thread> produces (header, form, each comment with avatar, author, time,
// body, reactions, reply button, nested replies), in light DOM with one stylesheet. The page then
// does one innerHTML. It is the floor no component library can go below: no JavaScript per
// comment, no shadow roots, markdown already turned into HTML.

// The benchmark data is generated, not user input, and nothing here runs in confab: the baseline
// only needs the HTML that confab's markdown step produces for it (paragraphs, strong, links that
// open in a new tab with the same rel), which marked gives for this subset of markdown.
// eslint-disable-next-line no-restricted-imports
import { Marked } from 'marked';

const markdown = new Marked({ gfm: true, breaks: false, async: false });
markdown.use({
  renderer: {
    link({ href, tokens }) {
      return `<a href="${escapeHtml(href)}" target="_blank" rel="ugc nofollow noopener noreferrer">${this.parser.parseInline(tokens)}</a>`;
    },
  },
});

const THUMB =
  '<path d="M7 10.5v10M7 10.5l3.6-6.9c.4-.8 1.3-1.1 2.1-.8 1 .4 1.5 1.4 1.3 2.4L13.4 9h5.2a2 2 0 0 1 2 2.4l-1.3 7.2a2.2 2.2 0 0 1-2.2 1.9H7m0-10H4.5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1H7"/>';
const ICONS = { like: THUMB, dislike: `<g transform="rotate(180 12 12)">${THUMB}</g>` };
const REPLY_ICON =
  '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d="M6.5 3.5 2.5 7.5l4 4"/><path d="M2.5 7.5h6.5a4.5 4.5 0 0 1 4.5 4.5v.5"/></svg>';

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...word][0].toUpperCase()).join('');
}

function avatarColor(seed) {
  let hash = 0;
  for (const char of seed) hash = (Math.imul(hash, 31) + char.codePointAt(0)) | 0;
  return `hsl(${Math.abs(hash) % 360} 45% 42%)`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' });
const UNITS = [
  ['year', 31_536_000_000],
  ['month', 2_592_000_000],
  ['week', 604_800_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

function relativeTime(iso, now) {
  const ms = Date.parse(iso) - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(ms) >= size) return relative.format(Math.round(ms / size), unit);
  }
  return 'just now';
}

function reactionButton(name, count) {
  const label = name === 'like' ? 'Like' : 'Dislike';
  return `<button type="button" class="reaction" data-reaction="${name}" aria-pressed="false" aria-label="${label}: ${count}"><svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[name]}</svg><span>${count}</span></button>`;
}

/**
 * What the baseline shows of one comment, as data: for pages that build the same comment with
 * templates (scripts/bench/page/floor.js). The text is not escaped; templates escape it.
 */
export function commentParts(comment, now = Date.now()) {
  return {
    id: comment.id,
    parentId: comment.parentId,
    name: comment.author.name,
    initials: initials(comment.author.name),
    color: avatarColor(comment.author.id || comment.author.name),
    time: relativeTime(comment.createdAt, now),
    title: absolute.format(new Date(comment.createdAt)),
    datetime: comment.createdAt,
    body: markdown.parse(comment.body),
    like: comment.reactions.like ?? 0,
    dislike: comment.reactions.dislike ?? 0,
  };
}

function renderComment(comment, children, hidden, now) {
  const name = escapeHtml(comment.author.name);
  const time = relativeTime(comment.createdAt, now);
  const anchor = `comment-${comment.id}`;
  const author = comment.author.url
    ? `<a class="author" href="${escapeHtml(comment.author.url)}" rel="ugc nofollow noopener" target="_blank" title="${name}"><bdi>${name}</bdi></a>`
    : `<span class="author" title="${name}"><bdi>${name}</bdi></span>`;
  const edited = comment.editedAt ? `<span title="${absolute.format(new Date(comment.editedAt))}">edited</span>` : '';
  const replies = children.length ? `<div class="replies"><div role="list">${children.join('')}</div></div>` : '';
  const more = hidden > 0
    ? `<div class="more"><button class="text-button" type="button">Show ${hidden} more ${hidden === 1 ? 'reply' : 'replies'}</button></div>`
    : '';
  return `<article class="comment-item" id="${anchor}" tabindex="-1" aria-label="Comment by ${name}, ${time}"><div class="comment"><div class="avatar" aria-hidden="true" style="--avatar-bg:${avatarColor(comment.author.id || comment.author.name)}">${escapeHtml(initials(comment.author.name))}</div><div class="main"><div class="header">${author}<span class="meta"><a class="permalink" href="#${anchor}"><time datetime="${comment.createdAt}" title="${absolute.format(new Date(comment.createdAt))}">${time}</time><span class="visually-hidden">, Link to this comment</span></a>${edited}</span></div><div class="body">${markdown.parse(comment.body)}</div><div class="footer"><div class="reactions" role="group" aria-label="Reactions">${reactionButton('like', comment.reactions.like ?? 0)}${reactionButton('dislike', comment.reactions.dislike ?? 0)}<span role="alert"></span></div><div class="actions"><button class="action" type="button" aria-expanded="false">${REPLY_ICON}Reply</button></div></div></div></div>${replies}${more}</article>`;
}

/** The thread's header and "Leave a Reply" form, as plain HTML. */
function renderChrome(total) {
  return `<div class="thread-header"><div class="title" role="heading" aria-level="2">${total.toLocaleString('en')} comments</div><label class="sort">Sort by <select><option value="oldest" selected>Oldest</option><option value="newest">Newest</option><option value="top">Top</option></select></label></div><form class="reply-form" novalidate aria-labelledby="form-heading"><div id="form-heading" role="heading" aria-level="3">Leave a Reply</div><div class="editor"><div role="tablist"><button type="button" role="tab" aria-selected="true">Write</button> <button type="button" role="tab" aria-selected="false" tabindex="-1">Preview</button></div><div role="tabpanel"><label for="body" class="visually-hidden">Comment</label><textarea id="body" name="body" placeholder="Write a comment… Markdown is supported."></textarea></div><div role="tabpanel" hidden></div><div><span>0 / 5,000</span></div></div><div class="fields"><div class="field"><label for="name">Name</label><input id="name" name="name" type="text" autocomplete="name" required></div><div class="field"><label for="email">Email (optional, never shown)</label><input id="email" name="email" type="email" autocomplete="email"></div></div><div class="honeypot" aria-hidden="true"><label for="website">Leave this field empty</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div><div class="actions"><span aria-hidden="true">Ctrl+Enter to send</span><div class="buttons"><button type="submit">Post comment</button></div></div><div role="status" class="visually-hidden"></div></form>`;
}

/**
 * The comments of `comments` that are in `visibleIds` (all when absent) as articles, replies nested
 * under their parents. A comment whose replies are not all shown gets the same "Show N more
 * replies" button confab draws.
 */
export function renderFeedItems(comments, { visibleIds, now = Date.now() } = {}) {
  const visible = visibleIds ? new Set(visibleIds) : undefined;
  const shown = visible ? comments.filter((comment) => visible.has(comment.id)) : comments;
  const shownIds = new Set(shown.map((comment) => comment.id));
  const children = new Map();
  const roots = [];
  for (const comment of shown) {
    // a reply whose parent is not in the set is a root of this fragment
    if (comment.parentId === null || !shownIds.has(comment.parentId)) {
      roots.push(comment);
      continue;
    }
    if (!children.has(comment.parentId)) children.set(comment.parentId, []);
    children.get(comment.parentId).push(comment);
  }
  const render = (comment) => {
    const replies = (children.get(comment.id) ?? []).map(render);
    return renderComment(comment, replies, comment.replyCount - replies.length, now);
  };
  return roots.map(render).join('');
}

/**
 * The baseline HTML of a thread: header, form and the feed of the comments in `visibleIds` (what
 * confab showed for the same data, so both sides paint the same comments).
 */
export function renderBaseline(comments, { visibleIds, now = Date.now() } = {}) {
  return `${renderChrome(comments.length)}<div class="feed" role="feed">${renderFeedItems(comments, { visibleIds, now })}</div>`;
}
