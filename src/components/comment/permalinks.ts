/**
 * Permalinks: `#comment-<id>` in the page's address names one comment. The comments live in shadow
 * roots, where the browser's own fragment navigation cannot see, so this module follows the
 * page's hash (one `hashchange` listener for the page) and asks the elements showing comments to
 * reveal the one it names. An element that shows comments registers as a `PermalinkHost` while it
 * is connected; nothing here reaches into an element: hosts are asked through the interface.
 *
 * `anchorId` and `commentIdFromHash` are pure and safe anywhere (server rendering included); the
 * registry reads `location` only once a host connects, in the browser.
 */

/**
 * The element id (and permalink fragment) of a comment. Ids come from the adapter: characters
 * outside `A-Z a-z 0-9 _ . -` are written as `~hex~`, which keeps distinct ids distinct (`~` itself
 * is escaped) and the fragment free of anything a URL or an HTML attribute would read specially.
 */
export function anchorId(commentId: string): string {
  return `comment-${commentId.replace(/[^A-Za-z0-9_.-]/gu, (char) => `~${char.codePointAt(0)!.toString(16)}~`)}`;
}

/** The comment id a hash (`#comment-…`, decoded or not) names as a permalink (see `anchorId`), or null. */
export function commentIdFromHash(hash: string): string | null {
  const match = /^#?comment-((?:[\w.-]|~[\da-f]{1,6}~)+)$/u.exec(decodeHash(hash));
  try {
    return match ? match[1].replace(/~(\w+)~/gu, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))) : null;
  } catch {
    // a code point beyond Unicode: no id maps to it
    return null;
  }
}

/** An element showing comments, as the permalinks see it. */
export interface PermalinkHost {
  /** Scrolls to, highlights and focuses the comment if this element shows it; false when it does not. */
  revealComment(commentId: string): boolean;
  /** Continues the thread ("Continue this thread") at each of these comments this element shows. */
  expandComments(commentIds: ReadonlySet<string>): void;
  /** The page's address changed to link to `commentId`, or to no comment (null). */
  linkChanged?(commentId: string | null): void;
}

class Permalinks {
  private readonly _hosts = new Set<PermalinkHost>();
  /** the comment the page's address links to, read once per change instead of once per comment */
  private _linked: string | null = null;
  /** the linked comment once it was revealed: each link is followed once */
  private _revealed: string | null = null;
  /** a comment to reveal once it renders, besides the linked one (see `reveal`) */
  private _next: string | null = null;
  private _expand: ReadonlySet<string> = new Set();

  private readonly _onHashChange = (): void => {
    this._readHash();
    const linked = this._linked;
    for (const host of this._hosts) host.linkChanged?.(linked);
    if (linked !== null) this._revealNow(linked);
  };

  /** A host starts showing comments (call from `connectedCallback`, in the browser). */
  connect(host: PermalinkHost): void {
    if (this._hosts.size === 0) {
      // hosts arriving on an empty page (a new thread, a page of an app) follow the hash afresh
      this._readHash();
      addEventListener('hashchange', this._onHashChange);
    }
    this._hosts.add(host);
  }

  disconnect(host: PermalinkHost): void {
    if (this._hosts.delete(host) && this._hosts.size === 0) removeEventListener('hashchange', this._onHashChange);
  }

  /** The comment the page's address links to, or null. */
  get linked(): string | null {
    return this._linked;
  }

  /** Reveals a comment now if a host shows it, else as soon as one renders it. */
  reveal(commentId: string): void {
    this._next = commentId;
    this._revealNow(commentId);
  }

  /**
   * Continues the thread at each of these comments, now and when they render later: the way down
   * to a linked comment nested deeper than `max-depth`.
   */
  expand(commentIds: readonly string[]): void {
    this._expand = new Set(commentIds);
    for (const host of this._hosts) host.expandComments(this._expand);
  }

  /** Whether a comment rendering now should start continued (see `expand`). */
  shouldExpand(commentId: string): boolean {
    return this._expand.size > 0 && this._expand.has(commentId);
  }

  /** A host rendered a comment for the first time: reveals it when it is the one wanted. */
  rendered(host: PermalinkHost, commentId: string): void {
    if (commentId !== this._next && (commentId !== this._linked || commentId === this._revealed)) return;
    if (host.revealComment(commentId)) this._markRevealed(commentId);
  }

  private _revealNow(commentId: string): void {
    for (const host of this._hosts) {
      if (host.revealComment(commentId)) {
        this._markRevealed(commentId);
        return;
      }
    }
  }

  private _markRevealed(commentId: string): void {
    if (commentId === this._linked) this._revealed = commentId;
    if (commentId === this._next) this._next = null;
  }

  private _readHash(): void {
    this._linked = commentIdFromHash(location.hash);
    this._revealed = null;
  }
}

/** The page's one permalink registry. */
export const permalinks = new Permalinks();

function decodeHash(hash: string): string {
  try {
    return decodeURIComponent(hash);
  } catch {
    return hash;
  }
}
