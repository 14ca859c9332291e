import { html as litHtml } from 'lit';
import type { ReactionState } from '../../model/adapter.js';
import { formatNumber, hasString, t } from '../../render/i18n.js';
import { piece, type Piece } from '../comment/template-tag.js';

/** What the reader is about to do. `commentId` is null for the thread (article) itself. */
export interface ReactDetail {
  reaction: string;
  active: boolean;
  commentId: string | null;
}

/** Fired before a reaction is set or cleared; cancel it to leave the reaction as it was. */
export class ConfabReactEvent extends CustomEvent<ReactDetail> {
  constructor(detail: ReactDetail) {
    super('confab-react', { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-react': ConfabReactEvent;
  }
}

/** `reaction.*` strings that are not reaction names. */
const NOT_REACTIONS = new Set(['label', 'group', 'error']);

/**
 * The string table's label (`reaction.like`, or one a site added with `setStrings`), else the name
 * itself with a capital: `heart` -> "Heart".
 */
export function reactionLabel(name: string, lang: string): string {
  const key = `reaction.${name}`;
  if (!NOT_REACTIONS.has(name) && hasString(key, lang)) return t(key, {}, lang);
  const spaced = name.replace(/[-_]+/g, ' ');
  return spaced.charAt(0).toLocaleUpperCase(lang) + spaced.slice(1);
}

/** What one reaction's button shows and says: pressed, the count, and its name with the count. */
export function reactionButton(name: string, state: ReactionState | undefined, lang: string): { pressed: string; label: string; count: string | undefined } {
  const label = reactionLabel(name, lang);
  const count = state ? formatNumber(state.reactions[name] ?? 0, lang) : undefined;
  return {
    pressed: state?.viewer.includes(name) ? 'true' : 'false',
    label: count === undefined ? label : t('reaction.label', { reaction: label, count }, lang),
    count,
  };
}

/**
 * The like and dislike buttons with their counts, once the counts are known: the pair a counter
 * under an article and every comment show, written into their template (a `piece`). The icons
 * are written out (dislike is the same thumb, turned over by the styles) and the count is set as
 * text: a comment of a thread of thousands carries three bindings per button and no extra nodes.
 * Pressing a button is handled by whoever renders it, through `data-action="react"` and
 * `data-reaction`.
 */
export function likeDislikeButtons(state: ReactionState, lang: string): Piece {
  const like = reactionButton('like', state, lang);
  const dislike = reactionButton('dislike', state, lang);
  return piece`<button type="button" part="reaction reaction-like" class="reaction" data-action="react" data-reaction="like" aria-pressed=${like.pressed} aria-label=${like.label}
      ><svg part="icon" class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M7 10.5v10M7 10.5l3.6-6.9c.4-.8 1.3-1.1 2.1-.8 1 .4 1.5 1.4 1.3 2.4L13.4 9h5.2a2 2 0 0 1 2 2.4l-1.3 7.2a2.2 2.2 0 0 1-2.2 1.9H7m0-10H4.5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1H7" /></svg><span part="count" class="count" .textContent=${like.count}></span></button>
    <button type="button" part="reaction reaction-dislike" class="reaction" data-action="react" data-reaction="dislike" aria-pressed=${dislike.pressed} aria-label=${dislike.label}
      ><svg part="icon" class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M7 10.5v10M7 10.5l3.6-6.9c.4-.8 1.3-1.1 2.1-.8 1 .4 1.5 1.4 1.3 2.4L13.4 9h5.2a2 2 0 0 1 2 2.4l-1.3 7.2a2.2 2.2 0 0 1-2.2 1.9H7m0-10H4.5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1H7" /></svg><span part="count" class="count" .textContent=${dislike.count}></span></button>`;
}

/** The thumb icon alone, for a like or dislike in a custom set of reactions. */
export const thumbIcon = litHtml`<svg part="icon" class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M7 10.5v10M7 10.5l3.6-6.9c.4-.8 1.3-1.1 2.1-.8 1 .4 1.5 1.4 1.3 2.4L13.4 9h5.2a2 2 0 0 1 2 2.4l-1.3 7.2a2.2 2.2 0 0 1-2.2 1.9H7m0-10H4.5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1H7" /></svg>`;
