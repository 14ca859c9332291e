import { nothing, type TemplateResult } from 'lit';
import type { Comment } from '../../model/comment.js';
import { avatarColor, initials } from '../../render/avatar.js';
import { safeUrl } from '../../render/sanitize.js';
import { styleProperties } from '../shared/style-properties.js';
import { renderBody, renderDeleted } from './comment-body.js';
import { renderFooter } from './comment-footer.js';
import { authorName, renderHeader } from './comment-header.js';
import { renderReplies } from './comment-replies.js';
import type { CommentView } from './comment-view.js';
import { anchorId } from './permalinks.js';
import { piece, type Piece } from './template-tag.js';

/**
 * One comment as the reader sees it, from its data and its view's state: an `<article>` (the
 * comment's outermost element, with `data-comment-id`, the permalink anchor as its id, and a
 * label naming author and time) holding the avatar, the header, the body and the footer, then the
 * reply form while one is open, then the replies. A deleted comment keeps its place as a
 * placeholder when it has replies. Pure: it reads the store and the view, and needs no DOM.
 *
 * The header, body and footer are pieces written into this one template (see `piece`): a
 * comment is cloned once, not once per module.
 */
export function renderComment(view: CommentView): TemplateResult | typeof nothing {
  const host = view.host;
  const comment = host.store?.comment(view.id);
  if (!comment) return nothing;
  const html = host.html;
  const time = host.times.format(view, comment.createdAt, host.lang);
  if (comment.status === 'deleted') {
    return html`<article part="base" id=${anchorId(comment.id)} data-comment-id=${comment.id} tabindex="-1" aria-label=${host.term('comment.deleted')}
      ><div part="content" class="comment"><div part="avatar" class="avatar deleted" aria-hidden="true"></div><div class="main">${renderDeleted(view, time)}</div></div
      >${renderReplies(view, comment)}</article>`;
  }
  const name = authorName(view, comment);
  // schema.org Comment microdata: search engines read author, date, text and likes from the
  // markup (a reply is its parent's `comment`)
  return html`<article part="base" id=${anchorId(comment.id)} data-comment-id=${comment.id} tabindex="-1" aria-label=${host.t('comment.by', { name, time: time.text })}
    itemscope itemtype="https://schema.org/Comment" itemprop="comment"
    ><div part="content" class="comment">${renderAvatar(view, comment)}<div class="main"
      >${renderHeader(view, comment, name, time)}${renderBody(view, comment)}${renderFooter(view, comment)}${renderOpenPiece(view)}</div></div
    >${view.replying ? renderReplyForm(view, comment) : nothing}${renderReplies(view, comment)}</article>`;
}

/** The editor, the delete confirmation or the report form, when one is open (their code loads then). */
function renderOpenPiece(view: CommentView): TemplateResult | typeof nothing {
  return view.editor?.render() ?? view.confirm?.render() ?? view.report?.render() ?? nothing;
}

/**
 * The author's picture when they have one (http(s) only, no referrer), else their initials on a
 * colour of their own; a picture that fails to load gives way to the initials.
 */
function renderAvatar(view: CommentView, comment: Comment): Piece {
  const url = safeUrl(comment.author.avatarUrl);
  const generated = generatedAvatar(comment.author.name, comment.author.id || comment.author.name);
  const colour = styleProperties({ '--_avatar-bg': generated.color });
  if (url) {
    return piece`<div part="avatar" class="avatar" aria-hidden="true" ${colour}>${
      view.avatarFailed ? generated.initials : view.host.html`<img src=${url} alt="" referrerpolicy="no-referrer" loading="lazy" decoding="async" />`
    }</div>`;
  }
  return piece`<div part="avatar" class="avatar" aria-hidden="true" ${colour} .textContent=${generated.initials}></div>`;
}

function renderReplyForm(view: CommentView, comment: Comment): TemplateResult {
  const host = view.host;
  const store = host.store!;
  return host.html`<reply-form
    part="reply-form"
    class="reply-form"
    .store=${store}
    .threadId=${store.threadId}
    .parentId=${comment.id}
    .author=${host.author}
  ></reply-form>`;
}

// The same people comment again and again; splitting a name into letters is worth doing once.
const avatars = new Map<string, { initials: string; color: string }>();
const AVATAR_CACHE_SIZE = 2000;

function generatedAvatar(name: string, seed: string): { initials: string; color: string } {
  const key = `${name}\u0000${seed}`;
  let avatar = avatars.get(key);
  if (!avatar) {
    if (avatars.size >= AVATAR_CACHE_SIZE) avatars.delete(avatars.keys().next().value as string);
    avatar = { initials: initials(name), color: avatarColor(seed) };
    avatars.set(key, avatar);
  }
  return avatar;
}
