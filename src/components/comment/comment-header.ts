import { nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Comment } from '../../model/comment.js';
import { safeUrl } from '../../render/sanitize.js';
import { formatRelative, type RelativeTime } from '../../render/time.js';
import type { CommentView } from './comment-view.js';
import { anchorId } from './permalinks.js';
import { EMPTY, piece, text, type Piece } from './template-tag.js';

/** The author's name as shown: the name given, or "Anonymous". */
export function authorName(view: CommentView, comment: Comment): string {
  return comment.author.name.trim() || view.host.term('comment.anonymous');
}

/**
 * The line above the text: the author (a link when they gave a web address; the name is
 * bidi-isolated, so a right-to-left override cannot flip the text around it), the time as the
 * comment's permalink ("Posting…" while it has no id yet), and the "edited" and "pending" marks;
 * in a continued thread, whom the comment answers.
 */
export function renderHeader(view: CommentView, comment: Comment, name: string, time: RelativeTime): Piece {
  const url = safeUrl(comment.author.url);
  return piece`<div part="header" class="header"
    >${url
      ? piece`<a part="author" class="author" href=${url} rel="ugc nofollow noopener" target="_blank" title=${name} itemprop="author" itemscope itemtype="https://schema.org/Person"><bdi itemprop="name" .textContent=${name}></bdi></a>`
      : piece`<span part="author" class="author" title=${name} itemprop="author" itemscope itemtype="https://schema.org/Person"><bdi itemprop="name" .textContent=${name}></bdi></span>`}<span part="meta" class="meta"
      >${view.temporary ? piece`<span>${text(view.host.term('form.posting'))}</span>` : renderPermalink(view, comment, time)}${
        comment.editedAt || comment.status === 'pending' ? renderMarks(view, comment) : nothing
      }</span
    ></div
    >${view.flat ? renderInReplyTo(view, comment) : EMPTY}`;
}

/** The time, linking to the comment itself (`#comment-<id>`, see permalinks.ts). */
function renderPermalink(view: CommentView, comment: Comment, time: RelativeTime): Piece {
  return piece`<a part="permalink" class="permalink" href="#${anchorId(comment.id)}" data-action="permalink"
    ><time part="time" itemprop="dateCreated" datetime=${ifDefined(time.datetime)} title=${ifDefined(time.title || undefined)} .textContent=${time.text}></time
    ><span class="visually-hidden">${text(`, ${view.host.term('comment.permalinkLabel')}`)}</span></a>`;
}

/** "edited" and "pending moderation": they come and go with the comment, so a template of their own. */
function renderMarks(view: CommentView, comment: Comment): TemplateResult {
  const host = view.host;
  const edited = comment.editedAt ? formatRelative(comment.editedAt, Date.now(), host.lang) : undefined;
  return host.html`${edited ? piece`<span part="edited" title=${ifDefined(edited.title || undefined)}>${text(host.term('comment.edited'))}</span>` : EMPTY}${
    comment.status === 'pending' ? piece`<span part="pending" class="badge">${text(host.term('comment.pending'))}</span>` : EMPTY
  }`;
}

function renderInReplyTo(view: CommentView, comment: Comment): Piece {
  const host = view.host;
  const parent = comment.parentId ? host.store?.comment(comment.parentId) : undefined;
  if (!parent) return EMPTY;
  const name = parent.status === 'deleted' ? host.term('comment.deleted') : authorName(view, parent);
  return piece`<div part="in-reply-to" class="in-reply-to" title=${name} .textContent=${host.t('comment.inReplyTo', { name: '\u2068' + name + '\u2069' })}></div>`;
}
