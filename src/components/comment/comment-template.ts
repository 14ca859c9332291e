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

/**
 * One comment as the reader sees it, from its data and its view's state: an `<article>` (the
 * comment's outermost element, with `data-comment-id`, the permalink anchor as its id, and a
 * label naming author and time) holding the avatar, the header, the body and the footer, then an
 * inline reply form while one is open, then the replies. A deleted comment keeps its place as a
 * placeholder when it has replies. Pure: it reads the store and the view, and needs no DOM.
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
  return html`<article part="base" id=${anchorId(comment.id)} data-comment-id=${comment.id} tabindex="-1" aria-label=${host.t('comment.by', { name, time: time.text })}
    ><div part="content" class="comment">${renderAvatar(view, comment)}<div class="main">${renderHeader(view, comment, name, time)}${renderBody(view, comment)}${renderFooter(view, comment)}${view.confirm?.render() ?? view.report?.render() ?? nothing}</div></div
    >${view.replying ? renderReplyForm(view, comment) : nothing}${renderReplies(view, comment)}</article>`;
}

function renderAvatar(view: CommentView, comment: Comment): TemplateResult {
  const html = view.host.html;
  const url = view.avatarFailed ? undefined : safeUrl(comment.author.avatarUrl);
  if (url) {
    return html`<div part="avatar" class="avatar" aria-hidden="true"><img src=${url} alt="" referrerpolicy="no-referrer" loading="lazy" decoding="async" /></div>`;
  }
  const generated = generatedAvatar(comment.author.name, comment.author.id || comment.author.name);
  return html`<div part="avatar" class="avatar" aria-hidden="true" ${styleProperties({ '--_avatar-bg': generated.color })} .textContent=${generated.initials}></div>`;
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
