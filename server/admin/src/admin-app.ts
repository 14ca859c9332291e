import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
// The one sanitizing door of the widgets: a comment renders here exactly as it does on the article.
import { renderMarkdown } from '../../../src/render/sanitize.js';
import { api, ApiError } from './api.js';
import { styles } from './styles.js';
import './outbox-panel.js';
import type { Action, Ban, ImportJob, Row, Summary, Typo, View } from './types.js';

/** How long an action can be taken back before it is sent. */
export const UNDO_MS = 5000;
const PAGE_SIZE = 50;

const VIEWS: { id: View; label: string; key: string }[] = [
  { id: 'pending', label: 'Pending', key: '1' },
  { id: 'reported', label: 'Reported', key: '2' },
  { id: 'typos', label: 'Typo reports', key: '3' },
  { id: 'all', label: 'All comments', key: '4' },
  { id: 'people', label: 'Bans and threads', key: '5' },
  { id: 'import', label: 'Import', key: '6' },
  { id: 'outbox', label: 'Failed mail', key: '7' },
];

const SHORTCUTS: [string, string][] = [
  ['j / k', 'next / previous item'],
  ['x', 'select or unselect the item'],
  ['a', 'approve (the selection, or the item)'],
  ['r', 'reject'],
  ['d', 'delete'],
  ['s', 'dismiss reports'],
  ['o', 'restore (All comments, showing deleted and rejected)'],
  ['e', 'edit the text'],
  ['f / o', 'typo report: mark fixed / reopen'],
  ['b', 'ban the author'],
  ['u', 'undo the last action'],
  ['/', 'search (All comments)'],
  ['1 – 7', 'switch view'],
  ['?', 'this list'],
];

const PAST: Record<Action, string> = { approve: 'Approved', reject: 'Rejected', delete: 'Deleted', dismiss: 'Dismissed the reports of', restore: 'Restored' };

const FORMAT_NAMES = { disqus: 'Disqus', wxr: 'WordPress', json: 'confab JSON' };
const number = (n: number) => n.toLocaleString('en');
/** How often a running import is asked how far it got. */
const IMPORT_POLL_MS = 500;

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A thread id that is an article's path or address links to the comment on that page. */
function articleLink(row: Row): string | null {
  if (/^https?:\/\//.test(row.threadId) || row.threadId.startsWith('/')) return `${row.threadId}#comment-${encodeURIComponent(row.id)}`;
  return null;
}

interface Undoable {
  action: Action;
  rows: Row[];
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The moderation dashboard at /admin: sign-in, the queues (pending, reported, typo reports, all
 * comments), actions with undo, bans, closed threads; live while open. Keyboard first: every action
 * has a key (`?` lists them), and focus follows the current item.
 */
@customElement('confab-admin')
export class ConfabAdmin extends LitElement {
  static override styles = styles;

  @state() private signedIn: boolean | null = null;
  @state() private signInError = '';
  @state() private signingIn = false;
  @state() private view: View = 'pending';
  @state() private rows: Row[] = [];
  @state() private typos: Typo[] = [];
  @state() private bans: Ban[] = [];
  @state() private nextCursor: string | null = null;
  @state() private loading = false;
  @state() private error = '';
  @state() private current = 0;
  @state() private selected = new Set<string>();
  @state() private summary: Summary | null = null;
  @state() private toast: { message: string; undo: boolean } | null = null;
  @state() private helpOpen = false;
  @state() private editing: { id: string; body: string; saving: boolean; error: string } | null = null;
  @state() private banning: { row: Row; days: string; remove: boolean; reason: string; error: string } | null = null;
  /** `status`: '' for the comments on the site, 'removed' for what moderators deleted or rejected */
  @state() private search = { q: '', author: '', thread: '', status: '' };
  @state() private threadQuery = '';
  @state() private threadState: { threadId: string; closed: boolean; setting: string | null; closesAt: string | null } | null = null;
  @state() private announcement = '';
  @state() private typoStatus: Typo['status'] = 'open';
  @state() private importJob: ImportJob | null = null;
  /** the file on its way to the server: the share sent, 0–100 */
  @state() private uploading: number | null = null;
  @state() private importError = '';

  @query('#token') private tokenInput?: HTMLInputElement;
  @query('#q') private searchInput?: HTMLInputElement;
  @query('dialog.help') private helpDialog?: HTMLDialogElement;
  @query('dialog.ban') private banDialog?: HTMLDialogElement;

  private undoable: Undoable | null = null;
  private importTimer: ReturnType<typeof setTimeout> | null = null;
  private events: EventSource | null = null;
  private loadController: AbortController | null = null;
  private readonly onKey = (event: KeyboardEvent) => this.keydown(event);
  private readonly onHide = () => this.commit();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.onKey);
    addEventListener('pagehide', this.onHide);
    void this.checkSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onKey);
    removeEventListener('pagehide', this.onHide);
    this.events?.close();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('summary') && this.summary) {
      const waiting = this.summary.pending + this.summary.reported;
      document.title = waiting > 0 ? `(${waiting}) confab moderation` : 'confab moderation';
    }
    if (changed.has('helpOpen')) {
      if (this.helpOpen && !this.helpDialog?.open) this.helpDialog?.showModal();
      if (!this.helpOpen && this.helpDialog?.open) this.helpDialog.close();
    }
    if (changed.has('banning')) {
      if (this.banning && !this.banDialog?.open) this.banDialog?.showModal();
      if (!this.banning && this.banDialog?.open) this.banDialog.close();
    }
  }

  // ---- session ---------------------------------------------------------------------------------

  private async checkSession(): Promise<void> {
    try {
      const session = await api<{ signedIn: boolean }>('GET', '/admin/session');
      this.signedIn = session.signedIn;
    } catch (err) {
      this.signedIn = false;
      this.signInError = (err as Error).message;
    }
    if (this.signedIn) this.start();
    else await this.updateComplete.then(() => this.tokenInput?.focus());
  }

  private async signIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const token = this.tokenInput?.value ?? '';
    if (!token) {
      this.signInError = 'Enter the admin token.';
      return;
    }
    this.signingIn = true;
    this.signInError = '';
    try {
      await api('POST', '/admin/session', { token });
      if (this.tokenInput) this.tokenInput.value = '';
      this.signedIn = true;
      this.start();
    } catch (err) {
      this.signInError = (err as Error).message;
      this.tokenInput?.select();
    } finally {
      this.signingIn = false;
    }
  }

  private async signOut(): Promise<void> {
    await this.commit();
    this.events?.close();
    this.events = null;
    try {
      await api('DELETE', '/admin/session');
    } catch {
      // the cookie is cleared by the answer; a failure leaves an expiring session, nothing more
    }
    this.signedIn = false;
    this.rows = [];
    this.summary = null;
    document.title = 'confab moderation';
  }

  /** A request failed because the session ended: back to the sign-in form, saying why. */
  private lost(err: unknown): boolean {
    if (err instanceof ApiError && err.status === 401) {
      this.signedIn = false;
      this.signInError = err.message;
      this.events?.close();
      this.events = null;
      return true;
    }
    return false;
  }

  private start(): void {
    void this.refreshSummary();
    void this.load();
    this.events?.close();
    this.events = new EventSource(new URL('../api/admin/events', location.href));
    this.events.addEventListener('queue', () => {
      void this.refreshSummary();
      // New items join the queue on screen unless the moderator is in the middle of something.
      if ((this.view === 'pending' || this.view === 'reported') && !this.editing && !this.banning && !this.undoable && this.selected.size === 0) {
        void this.load({ keepFocus: true });
      }
    });
  }

  // ---- loading ---------------------------------------------------------------------------------

  private async refreshSummary(): Promise<void> {
    try {
      this.summary = await api<Summary>('GET', '/admin/summary');
    } catch (err) {
      this.lost(err);
    }
  }

  private async load({ more = false, keepFocus = false } = {}): Promise<void> {
    this.loadController?.abort();
    const controller = (this.loadController = new AbortController());
    const focusedId = keepFocus ? this.items()[this.current]?.id : undefined;
    this.loading = true;
    this.error = '';
    try {
      const signal = controller.signal;
      if (this.view === 'typos') {
        this.typos = (await api<{ typos: Typo[] }>('GET', `/admin/typos?status=${this.typoStatus}`, undefined, { signal })).typos;
      } else if (this.view === 'outbox') {
        // the panel loads its own list
      } else if (this.view === 'people') {
        this.bans = (await api<{ bans: Ban[] }>('GET', '/admin/bans', undefined, { signal })).bans;
      } else if (this.view === 'import') {
        await this.followImport();
      } else {
        const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
        let path = '/admin/comments';
        if (this.view === 'all') {
          path = '/admin/search';
          for (const [key, value] of Object.entries(this.search)) if (value.trim()) params.set(key, value.trim());
        } else params.set('status', this.view);
        if (more && this.nextCursor) params.set('cursor', this.nextCursor);
        const page = await api<{ comments: Row[]; nextCursor: string | null }>('GET', `${path}?${params}`, undefined, { signal });
        const hidden = new Set(this.undoable?.rows.map((row) => row.id));
        const fresh = page.comments.filter((row) => !hidden.has(row.id));
        this.rows = more ? [...this.rows, ...fresh] : fresh;
        this.nextCursor = page.nextCursor;
      }
      if (!more) {
        const at = focusedId ? this.items().findIndex((item) => item.id === focusedId) : -1;
        this.current = at >= 0 ? at : Math.min(this.current, Math.max(0, this.items().length - 1));
        if (!keepFocus) this.current = 0;
      }
    } catch (err) {
      if (controller.signal.aborted) return;
      if (!this.lost(err)) this.error = (err as Error).message;
    } finally {
      if (this.loadController === controller) {
        this.loading = false;
        this.loadController = null;
      }
    }
  }

  private items(): { id: string }[] {
    return this.view === 'typos' ? this.typos : this.view === 'people' ? this.bans : this.view === 'import' ? [] : this.rows;
  }

  // ---- import ----------------------------------------------------------------------------------

  /** Asks how far the import got, again and again while it runs (and this view is open). */
  private async followImport(): Promise<void> {
    if (this.importTimer) clearTimeout(this.importTimer);
    this.importTimer = null;
    try {
      const { job } = await api<{ job: ImportJob | null }>('GET', '/admin/imports/current');
      const was = this.importJob;
      this.importJob = job;
      if (job && was?.id === job.id && was.state === 'importing' && job.state !== 'importing') {
        this.say(this.importSummary(job));
        void this.refreshSummary();
      }
    } catch (err) {
      if (this.lost(err)) return;
      this.importError = (err as Error).message;
    }
    if (this.view === 'import' && this.importJob?.state === 'importing') {
      this.importTimer = setTimeout(() => void this.followImport(), IMPORT_POLL_MS);
    }
  }

  /** Sends the chosen file as it is (the server streams it to disk), showing the share sent. */
  private startImport(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const file = (form.elements.namedItem('import-file') as HTMLInputElement).files?.[0];
    const format = (form.elements.namedItem('import-format') as HTMLSelectElement).value;
    if (!file) {
      this.importError = 'Choose the file to import.';
      return;
    }
    this.importError = '';
    this.uploading = 0;
    const request = new XMLHttpRequest();
    const url = new URL(`../api/admin/imports?${new URLSearchParams({ format, name: file.name })}`, location.href);
    request.open('POST', url);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.setRequestHeader('accept', 'application/json');
    request.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) this.uploading = Math.floor((e.loaded / e.total) * 100);
    });
    request.addEventListener('load', () => {
      this.uploading = null;
      type Answer = { job?: ImportJob; error?: { message?: string } } | null;
      let body: Answer = null;
      try {
        body = JSON.parse(request.responseText) as Answer;
      } catch {
        // not JSON: said below
      }
      if (request.status === 202 && body?.job) {
        this.importJob = body.job;
        this.say(`Importing ${file.name}.`);
        void this.followImport();
      } else if (request.status === 401) {
        this.lost(new ApiError(body?.error?.message ?? 'Your admin session has ended. Sign in again.', 'unauthorized', 401));
      } else {
        this.importError = body?.error?.message ?? `The server answered ${request.status}.`;
      }
    });
    request.addEventListener('error', () => {
      this.uploading = null;
      this.importError = 'The upload did not complete: the server could not be reached. Nothing was imported.';
    });
    request.send(file);
  }

  private importSummary(job: ImportJob): string {
    if (job.state === 'failed') return `The import of ${job.name} stopped: ${job.error?.message ?? 'unknown error'}. Nothing of it was kept.`;
    const r = job.result;
    if (job.state !== 'done' || !r) return '';
    return (
      `Imported ${plural(r.imported, 'comment')} from ${job.name} into ${plural(r.threads, 'thread')}; ${number(r.skipped)} already there, ` +
      `${number(r.spam)} spam left out${r.typos ? `, ${plural(r.typos, 'typo report')}` : ''}.`
    );
  }

  private async switchView(view: View): Promise<void> {
    if (view === this.view) return;
    await this.commit();
    this.view = view;
    this.rows = [];
    this.typos = [];
    this.selected = new Set();
    this.current = 0;
    this.editing = null;
    await this.load();
    this.focusCurrent();
  }

  // ---- actions ---------------------------------------------------------------------------------

  /** What an action applies to: the selection, or else the current item. */
  private targets(): Row[] {
    if (this.selected.size > 0) return this.rows.filter((row) => this.selected.has(row.id));
    const row = this.rows[this.current];
    return row ? [row] : [];
  }

  /** Takes the rows off the screen now; sends the action when the undo time is over. */
  private async act(action: Action): Promise<void> {
    if (this.view === 'typos' || this.view === 'people') return;
    // Removed comments can only be restored; comments on the site, not restored.
    const rows = this.targets().filter((row) => (action === 'restore') === Boolean(row.removed));
    if (rows.length === 0) {
      if (action === 'restore') this.say('Only removed comments can be restored: in All comments, show the deleted and rejected ones.');
      return;
    }
    if (action === 'approve' && rows.every((row) => row.status !== 'pending')) {
      this.say('Only pending comments can be approved.');
      return;
    }
    await this.commit();
    const ids = new Set(rows.map((row) => row.id));
    this.rows = this.rows.filter((row) => !ids.has(row.id));
    this.selected = new Set();
    this.current = Math.min(this.current, Math.max(0, this.rows.length - 1));
    const message = `${PAST[action]} ${plural(rows.length, 'comment')}.`;
    this.undoable = { action, rows, timer: setTimeout(() => void this.commit(), UNDO_MS) };
    this.toast = { message, undo: true };
    this.say(`${message} Press u to undo.`);
    this.focusCurrent();
  }

  private undo(): void {
    const pending = this.undoable;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.undoable = null;
    const order = new Map(this.rows.map((row, i) => [row.id, i]));
    this.rows = [...this.rows, ...pending.rows].sort((a, b) => (order.get(a.id) ?? -1) - (order.get(b.id) ?? -1) || (a.createdAt < b.createdAt ? -1 : 1));
    const newest = (row: Row) => row.removed?.at ?? row.createdAt;
    this.rows = this.view === 'all' ? [...this.rows].sort((a, b) => (newest(a) < newest(b) ? 1 : -1)) : this.rows;
    this.current = Math.max(0, this.rows.findIndex((row) => row.id === pending.rows[0]?.id));
    this.toast = { message: 'Undone.', undo: false };
    this.say('Undone.');
    this.focusCurrent();
  }

  /** Sends the action waiting for its undo time, now (before another action, a view change, leaving). */
  private async commit(): Promise<void> {
    const pending = this.undoable;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.undoable = null;
    if (this.toast?.undo) this.toast = { message: this.toast.message, undo: false };
    try {
      const { results } = await api<{ results: { id: string; ok: boolean; error?: string }[] }>(
        'POST',
        '/admin/actions',
        { action: pending.action, ids: pending.rows.map((row) => row.id) },
        { keepalive: true },
      );
      const failed = results.filter((result) => !result.ok);
      if (failed.length > 0) {
        this.toast = { message: `${plural(failed.length, 'comment')} could not be changed: ${failed[0]?.error ?? ''}`, undo: false };
        await this.load({ keepFocus: true });
      }
    } catch (err) {
      if (this.lost(err)) return;
      this.toast = { message: `Not saved: ${(err as Error).message}`, undo: false };
      await this.load({ keepFocus: true });
    }
    void this.refreshSummary();
  }

  private async saveEdit(): Promise<void> {
    const editing = this.editing;
    if (!editing) return;
    this.editing = { ...editing, saving: true, error: '' };
    try {
      const updated = await api<Row>('PATCH', `/admin/comments/${encodeURIComponent(editing.id)}`, { body: editing.body });
      this.rows = this.rows.map((row) => (row.id === updated.id ? { ...row, ...updated } : row));
      this.editing = null;
      this.say('Saved. The comment is marked as edited by a moderator.');
      this.focusCurrent();
    } catch (err) {
      if (!this.lost(err)) this.editing = { ...editing, saving: false, error: (err as Error).message };
    }
  }

  private async confirmBan(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const banning = this.banning;
    if (!banning) return;
    try {
      const result = await api<{ removed: number }>('POST', '/admin/bans', {
        commentId: banning.row.id,
        days: banning.days === 'forever' ? null : Number(banning.days),
        reason: banning.reason,
        removeComments: banning.remove,
      });
      this.banning = null;
      const message = `${banning.row.author.name || 'The author'} is banned${banning.days === 'forever' ? ' for good' : ` for ${plural(Number(banning.days), 'day')}`}${banning.remove ? `; ${plural(result.removed, 'comment')} removed` : ''}.`;
      this.toast = { message, undo: false };
      this.say(message);
      if (banning.remove) await this.load({ keepFocus: true });
      void this.refreshSummary();
      this.focusCurrent();
    } catch (err) {
      if (!this.lost(err)) this.banning = { ...banning, error: (err as Error).message };
    }
  }

  private async setTypo(typo: Typo, status: Typo['status']): Promise<void> {
    try {
      const updated = await api<Typo>('PATCH', `/admin/typos/${encodeURIComponent(typo.id)}`, { status });
      // It stays in view with its new status (Reopen takes the place of the pressed button).
      this.typos = this.typos.map((t) => (t.id === typo.id ? updated : t));
      const done = status === 'fixed' ? 'Marked fixed' : status === 'rejected' ? 'Rejected' : 'Reopened';
      this.say(`${done}: “${typo.quote.exact}”.`);
      void this.refreshSummary();
      const index = this.typos.findIndex((t) => t.id === typo.id);
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-index="${index}"] .actions button`)?.focus());
    } catch (err) {
      if (!this.lost(err)) this.toast = { message: (err as Error).message, undo: false };
    }
  }

  private async lookUpThread(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const id = this.threadQuery.trim();
    if (!id) return;
    try {
      this.threadState = await api('GET', `/admin/threads/${encodeURIComponent(id)}`);
    } catch (err) {
      if (!this.lost(err)) this.toast = { message: (err as Error).message, undo: false };
    }
  }

  private async setThread(setting: 'open' | 'closed' | null): Promise<void> {
    if (!this.threadState) return;
    try {
      this.threadState = await api('PUT', `/admin/threads/${encodeURIComponent(this.threadState.threadId)}`, { setting });
      this.say(this.threadState?.closed ? 'The thread is closed.' : 'The thread is open.');
    } catch (err) {
      if (!this.lost(err)) this.toast = { message: (err as Error).message, undo: false };
    }
  }

  private async liftBan(ban: Ban): Promise<void> {
    try {
      await api('DELETE', `/admin/bans/${encodeURIComponent(ban.id)}`);
      this.bans = this.bans.filter((b) => b.id !== ban.id);
      this.say('The ban is lifted.');
    } catch (err) {
      if (!this.lost(err)) this.toast = { message: (err as Error).message, undo: false };
    }
  }

  // ---- keyboard --------------------------------------------------------------------------------

  private keydown(event: KeyboardEvent): void {
    if (!this.signedIn || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.composedPath()[0] as HTMLElement | undefined;
    const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
    if (typing || this.banning || this.editing) return;
    if (this.helpOpen) return;
    const key = event.key;
    const count = this.items().length;
    const handled = (fn: () => void) => {
      event.preventDefault();
      fn();
    };
    const view = VIEWS.find((v) => v.key === key);
    if (view) return handled(() => void this.switchView(view.id));
    switch (key) {
      case 'j':
        return handled(() => this.move(Math.min(this.current + 1, count - 1)));
      case 'k':
        return handled(() => this.move(Math.max(this.current - 1, 0)));
      case '?':
        return handled(() => (this.helpOpen = true));
      case 'u':
        return handled(() => this.undo());
      case '/':
        if (this.view === 'all') return handled(() => this.searchInput?.focus());
        return handled(() => void this.switchView('all').then(() => this.searchInput?.focus()));
    }
    if (this.view === 'typos') {
      const typo = this.typos[this.current];
      if (!typo) return;
      if (key === 'f') return handled(() => void this.setTypo(typo, 'fixed'));
      if (key === 'r') return handled(() => void this.setTypo(typo, 'rejected'));
      if (key === 'o') return handled(() => void this.setTypo(typo, 'open'));
      return;
    }
    if (this.view === 'people' || this.view === 'import') return;
    const row = this.rows[this.current];
    switch (key) {
      case 'x':
        return handled(() => row && this.toggle(row.id));
      case 'a':
        return handled(() => void this.act('approve'));
      case 'r':
        return handled(() => void this.act('reject'));
      case 'd':
        return handled(() => void this.act('delete'));
      case 's':
        return handled(() => void this.act('dismiss'));
      case 'o':
        return handled(() => void this.act('restore'));
      case 'e':
        return handled(() => row && this.startEdit(row));
      case 'b':
        return handled(() => row && this.startBan(row));
    }
  }

  private move(index: number): void {
    if (index < 0) return;
    this.current = index;
    this.focusCurrent();
  }

  private focusCurrent(): void {
    void this.updateComplete.then(() => {
      const item = this.renderRoot.querySelector<HTMLElement>(`[data-index="${this.current}"]`);
      item?.focus();
      item?.scrollIntoView({ block: 'nearest' });
    });
  }

  private toggle(id: string): void {
    const next = new Set(this.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selected = next;
    this.say(`${plural(next.size, 'comment')} selected.`);
  }

  private startEdit(row: Row): void {
    if (row.status === 'deleted' || row.removed) return;
    this.editing = { id: row.id, body: row.body, saving: false, error: '' };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('.editor textarea')?.focus());
  }

  private startBan(row: Row): void {
    if (row.removed) return;
    if (!row.authorKey) {
      this.toast = { message: 'This comment was imported: its author has no identity here to ban.', undo: false };
      return;
    }
    this.banning = { row, days: '7', remove: false, reason: '', error: '' };
  }

  private say(message: string): void {
    // The same text twice must be announced twice.
    this.announcement = this.announcement === message ? `${message}\u00a0` : message;
  }

  // ---- rendering -------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    if (this.signedIn === null) return html`<main><p role="status">Loading…</p></main>`;
    if (!this.signedIn) return this.renderSignIn();
    const s = this.summary;
    return html`
      <header>
        <h1>Moderation</h1>
        <dl class="counts" aria-label="At a glance">
          <div><dt>Pending</dt><dd>${s?.pending ?? '–'}</dd></div>
          <div><dt>Reported</dt><dd>${s?.reported ?? '–'}</dd></div>
          <div><dt>Typo reports</dt><dd>${s?.typos ?? '–'}</dd></div>
          <div><dt>Today</dt><dd>${s?.today ?? '–'}</dd></div>
          <div><dt>This week</dt><dd>${s?.week ?? '–'}</dd></div>
        </dl>
        <div class="tools">
          <button type="button" @click=${() => (this.helpOpen = true)}>Shortcuts <kbd>?</kbd></button>
          <button type="button" class="sign-out" @click=${() => void this.signOut()}>Sign out</button>
        </div>
      </header>
      <nav aria-label="Queues">
        ${VIEWS.map(
          (v) => html`<button type="button" aria-current=${this.view === v.id ? 'page' : 'false'} @click=${() => void this.switchView(v.id)}>
            ${v.label}${this.badge(v.id)}
          </button>`,
        )}
      </nav>
      <main>
        <h2>${VIEWS.find((v) => v.id === this.view)?.label}</h2>
        ${this.view === 'all' ? this.renderSearch() : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error} <button type="button" @click=${() => void this.load()}>Try again</button></p>` : nothing}
        ${this.view === 'outbox' ? html`<confab-outbox-panel></confab-outbox-panel>` : this.view === 'typos' ? this.renderTypos() : this.view === 'people' ? this.renderPeople() : this.view === 'import' ? this.renderImport() : this.renderRows()}
      </main>
      ${this.toast
        ? html`<div class="toast">
            <span>${this.toast.message}</span>
            ${this.toast.undo ? html`<button type="button" @click=${() => this.undo()}>Undo <kbd>u</kbd></button>` : nothing}
            <button type="button" aria-label="Close the message" @click=${() => (this.toast = null)}>×</button>
          </div>`
        : nothing}
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${this.renderHelp()} ${this.renderBan()}
    `;
  }

  private badge(view: View): TemplateResult | typeof nothing {
    const s = this.summary;
    const n = !s ? 0 : view === 'pending' ? s.pending : view === 'reported' ? s.reported : view === 'typos' ? s.typos : 0;
    return n > 0 ? html` <span class="badge">${n}</span>` : nothing;
  }

  private renderSignIn(): TemplateResult {
    return html`<main class="sign-in">
      <h1>confab moderation</h1>
      <form @submit=${(e: SubmitEvent) => void this.signIn(e)}>
        <label for="token">Admin token</label>
        <input id="token" type="password" autocomplete="current-password" required aria-describedby="sign-in-error" />
        <button type="submit" ?disabled=${this.signingIn}>${this.signingIn ? 'Signing in…' : 'Sign in'}</button>
        <p id="sign-in-error" class="error" role="alert">${this.signInError}</p>
      </form>
      <p class="note">The token is the server's <code>ADMIN_TOKEN</code>. It is not kept by this page: signing in starts a session that ends by itself.</p>
    </main>`;
  }

  private renderSearch(): TemplateResult {
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const form = e.target as HTMLFormElement;
      const data = new FormData(form);
      this.search = {
        q: String(data.get('q') ?? ''),
        author: String(data.get('author') ?? ''),
        thread: String(data.get('thread') ?? ''),
        status: String(data.get('status') ?? ''),
      };
      void this.load().then(() => this.say(`${plural(this.rows.length, 'comment')}${this.nextCursor ? ' and more' : ''} found.`));
    };
    return html`<form class="search" role="search" @submit=${submit}>
      <label>Text <input id="q" name="q" type="search" .value=${this.search.q} /></label>
      <label>Author <input name="author" type="search" .value=${this.search.author} /></label>
      <label>Thread <input name="thread" type="search" .value=${this.search.thread} /></label>
      <label
        >Show
        <select name="status" .value=${this.search.status} @change=${(e: Event) => (e.target as HTMLSelectElement).form?.requestSubmit()}>
          <option value="">Comments on the site</option>
          <option value="removed">Deleted and rejected</option>
        </select></label
      >
      <button type="submit">Search</button>
    </form>`;
  }

  private renderRows(): TemplateResult {
    if (this.loading && this.rows.length === 0) return html`<p role="status">Loading…</p>`;
    if (this.rows.length === 0) return html`<p class="empty">${this.view === 'pending' ? 'Nothing waits for approval.' : this.view === 'reported' ? 'No reported comments.' : this.search.status === 'removed' ? 'Nothing deleted or rejected by moderators in the last 90 days.' : 'No comments found.'}</p>`;
    return html`<ol class="rows" aria-label="Comments">
        ${this.rows.map((row, i) => this.renderRow(row, i))}
      </ol>
      ${this.nextCursor
        ? html`<button type="button" class="more" ?disabled=${this.loading} @click=${() => void this.load({ more: true, keepFocus: true })}>
            ${this.loading ? 'Loading…' : 'Load more'}
          </button>`
        : nothing}`;
  }

  private renderRow(row: Row, i: number): TemplateResult {
    const link = articleLink(row);
    const editing = this.editing?.id === row.id ? this.editing : null;
    const selected = this.selected.has(row.id);
    const name = row.author.name || '(no name)';
    return html`<li
      class="row ${i === this.current ? 'current' : ''} ${selected ? 'selected' : ''}"
      data-index=${i}
      tabindex=${i === this.current ? 0 : -1}
      aria-label=${`Comment by ${name}`}
      @focus=${() => (this.current = i)}
    >
      <div class="meta">
        <input type="checkbox" .checked=${selected} aria-label=${`Select the comment by ${name}`} @change=${() => this.toggle(row.id)} />
        <strong>${name}</strong>
        ${row.authorEmail ? html`<span class="muted">${row.authorEmail}</span>` : nothing}
        <span class="muted">in <code>${row.threadId}</code></span>
        <time datetime=${row.createdAt}>${date.format(new Date(row.createdAt))}</time>
        ${row.removed
          ? html`<span class="status">${row.removed.reason === 'rejected' ? 'rejected' : 'deleted'} by a moderator,
              <time datetime=${row.removed.at}>${date.format(new Date(row.removed.at))}</time></span>`
          : row.status !== 'published'
            ? html`<span class="status">${row.status}</span>`
            : nothing}
        ${row.moderatorEditedAt ? html`<span class="status">edited by a moderator</span>` : nothing}
        ${link ? html`<a href=${link} target="_blank" rel="noopener noreferrer">View on the article</a>` : nothing}
      </div>
      ${row.reports
        ? html`<p class="reports">
            Reported by ${plural(row.reports.count, 'reader')}:
            ${Object.entries(row.reports.reasons)
              .map(([reason, n]) => `${reason} (${n})`)
              .join(', ')}
            ${row.reports.notes.length ? html`<br />Notes: ${row.reports.notes.map((note) => html`<q>${note}</q> `)}` : nothing}
          </p>`
        : nothing}
      ${editing
        ? html`<form class="editor" @submit=${(e: SubmitEvent) => (e.preventDefault(), void this.saveEdit())}>
            <label for="edit-${i}">Text of the comment</label>
            <textarea
              id="edit-${i}"
              .value=${editing.body}
              @input=${(e: InputEvent) => (this.editing = { ...editing, body: (e.target as HTMLTextAreaElement).value })}
              @keydown=${(e: KeyboardEvent) => {
                if (e.key === 'Escape') {
                  this.editing = null;
                  this.focusCurrent();
                } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void this.saveEdit();
              }}
            ></textarea>
            ${editing.error ? html`<p class="error" role="alert">${editing.error}</p>` : nothing}
            <button type="submit" ?disabled=${editing.saving}>Save <kbd>Ctrl+Enter</kbd></button>
            <button type="button" @click=${() => ((this.editing = null), this.focusCurrent())}>Cancel <kbd>Esc</kbd></button>
          </form>`
        : html`<div class="body">${row.status === 'deleted' ? html`<em>(deleted; kept for its replies)</em>` : renderMarkdown(row.body)}</div>`}
      ${row.removed
        ? html`<div class="actions">
            <button type="button" @click=${() => this.actOn(i, 'restore')}>Restore <kbd>o</kbd></button>
            ${row.removed.reason === 'rejected' ? html`<span class="muted">It returns to Pending.</span>` : nothing}
          </div>`
        : this.renderActions(row, i)}
    </li>`;
  }

  private renderActions(row: Row, i: number): TemplateResult {
    return html`<div class="actions">
        ${row.status === 'pending' ? html`<button type="button" @click=${() => this.actOn(i, 'approve')}>Approve <kbd>a</kbd></button>` : nothing}
        ${row.status === 'pending' ? html`<button type="button" @click=${() => this.actOn(i, 'reject')}>Reject <kbd>r</kbd></button>` : nothing}
        ${row.status !== 'pending' ? html`<button type="button" @click=${() => this.actOn(i, 'delete')}>Delete <kbd>d</kbd></button>` : nothing}
        ${row.reports ? html`<button type="button" @click=${() => this.actOn(i, 'dismiss')}>Dismiss reports <kbd>s</kbd></button>` : nothing}
        ${row.status !== 'deleted' ? html`<button type="button" @click=${() => ((this.current = i), this.startEdit(row))}>Edit <kbd>e</kbd></button>` : nothing}
        ${row.authorKey ? html`<button type="button" @click=${() => ((this.current = i), this.startBan(row))}>Ban author <kbd>b</kbd></button>` : nothing}
      </div>`;
  }

  private actOn(index: number, action: Action): void {
    this.current = index;
    void this.act(action);
  }

  private renderTypos(): TemplateResult {
    const filter = html`<label class="filter"
      >Show
      <select
        .value=${this.typoStatus}
        @change=${(e: Event) => {
          this.typoStatus = (e.target as HTMLSelectElement).value as Typo['status'];
          void this.load();
        }}
      >
        <option value="open">Open reports</option>
        <option value="fixed">Fixed</option>
        <option value="rejected">Rejected</option>
      </select></label
    >`;
    if (this.loading && this.typos.length === 0) return html`${filter}<p role="status">Loading…</p>`;
    if (this.typos.length === 0) return html`${filter}<p class="empty" role="status">No ${this.typoStatus} reports.</p>`;
    const STATUS = { open: 'Open', fixed: 'Fixed', rejected: 'Rejected' };
    return html`${filter}<ol class="rows" aria-label="Typo reports">
      ${this.typos.map(
        (typo, i) => html`<li class="row ${i === this.current ? 'current' : ''}" data-index=${i} tabindex=${i === this.current ? 0 : -1} @focus=${() => (this.current = i)}>
          <article aria-labelledby="typo-${i}">
            <h3 id="typo-${i}">“${typo.quote.exact}”${typo.suggestion !== null ? html` → “${typo.suggestion}”` : nothing}</h3>
            <blockquote>…${typo.quote.prefix}<mark>${typo.quote.exact}</mark>${typo.quote.suffix}…</blockquote>
            <dl class="facts">
              <div><dt>Reported by</dt><dd>${plural(typo.count, 'reader')}</dd></div>
              <div><dt>Status</dt><dd>${STATUS[typo.status]}</dd></div>
              <div><dt>Page</dt><dd><a href=${typo.url} target="_blank" rel="noopener noreferrer">${typo.url}</a></dd></div>
              <div><dt>First reported</dt><dd><time datetime=${typo.createdAt}>${date.format(new Date(typo.createdAt))}</time></dd></div>
            </dl>
            ${typo.comments.map((comment) => html`<p class="muted"><q>${comment}</q></p>`)}
            <div class="actions">
              ${typo.status === 'open'
                ? html`<button type="button" @click=${() => void this.setTypo(typo, 'fixed')}>Mark fixed <kbd>f</kbd></button>
                    <button type="button" @click=${() => void this.setTypo(typo, 'rejected')}>Reject <kbd>r</kbd></button>`
                : html`<button type="button" class="reopen" @click=${() => void this.setTypo(typo, 'open')}>Reopen <kbd>o</kbd></button>`}
            </div>
          </article>
        </li>`,
      )}
    </ol>`;
  }

  private renderPeople(): TemplateResult {
    const t = this.threadState;
    return html`<section aria-labelledby="threads-h">
        <h3 id="threads-h">Close or reopen a thread</h3>
        <form class="search" @submit=${(e: SubmitEvent) => void this.lookUpThread(e)}>
          <label>Thread id <input name="thread" .value=${this.threadQuery} @input=${(e: InputEvent) => (this.threadQuery = (e.target as HTMLInputElement).value)} /></label>
          <button type="submit">Look up</button>
        </form>
        ${t
          ? html`<p role="status">
                <code>${t.threadId}</code> is <strong>${t.closed ? 'closed' : 'open'}</strong>${t.setting === null ? ' (automatic)' : ' (set by a moderator)'}${t.closesAt
                  ? html`; it closes by itself on ${date.format(new Date(t.closesAt))}`
                  : nothing}.
              </p>
              <div class="actions">
                <button type="button" @click=${() => void this.setThread('closed')}>Close</button>
                <button type="button" @click=${() => void this.setThread('open')}>Reopen</button>
                <button type="button" @click=${() => void this.setThread(null)}>Automatic</button>
              </div>`
          : nothing}
      </section>
      <section aria-labelledby="bans-h">
        <h3 id="bans-h">Bans in force</h3>
        ${this.bans.length === 0
          ? html`<p class="empty">Nobody is banned.</p>`
          : html`<ol class="rows" aria-label="Bans">
              ${this.bans.map(
                (ban, i) => html`<li class="row" data-index=${i} tabindex="-1">
                  <strong>${ban.authorName || '(no name)'}</strong>
                  <span class="muted">${ban.expiresAt ? `until ${date.format(new Date(ban.expiresAt))}` : 'for good'}</span>
                  ${ban.reason ? html`<span>${ban.reason}</span>` : nothing}
                  <button type="button" @click=${() => void this.liftBan(ban)}>Lift the ban</button>
                </li>`,
              )}
            </ol>`}
      </section>`;
  }

  private renderImport(): TemplateResult {
    const job = this.importJob;
    const busy = this.uploading !== null || job?.state === 'importing' || job?.state === 'uploading';
    const where = job && job.line > 0 ? `, line ${number(job.line)}` : '';
    return html`<form class="import" @submit=${(e: SubmitEvent) => this.startImport(e)}>
        <p>A Disqus XML export, a WordPress export (WXR) or a confab JSON export. Comments already here are skipped, so running the same file again adds nothing.</p>
        <label for="import-file">File</label>
        <input id="import-file" name="import-file" type="file" accept=".xml,.json,.wxr,application/xml,text/xml,application/json" ?disabled=${busy} />
        <label for="import-format">Format</label>
        <select id="import-format" name="import-format" ?disabled=${busy}>
          <option value="auto">Tell from the file</option>
          <option value="disqus">Disqus XML</option>
          <option value="wxr">WordPress (WXR)</option>
          <option value="json">confab JSON</option>
        </select>
        <button type="submit" ?disabled=${busy}>Import</button>
        ${this.importError ? html`<p class="error" role="alert">${this.importError}</p>` : nothing}
      </form>
      <div class="import-status" role="status" aria-live="polite">
        ${this.uploading !== null
          ? html`<p>Uploading… ${this.uploading}%</p>
              <progress max="100" .value=${this.uploading} aria-label="Upload"></progress>`
          : job?.state === 'importing'
            ? html`<p>
                Importing <strong>${job.name}</strong>${job.format ? ` (${FORMAT_NAMES[job.format]})` : ''}: ${plural(job.read, 'comment')} read, ${number(job.imported)} new${where}…
              </p>`
            : job?.state === 'done'
              ? html`<p>${this.importSummary(job)}</p>`
              : nothing}
      </div>
      ${job?.state === 'failed' ? html`<p class="error" role="alert">${this.importSummary(job)}</p>` : nothing}`;
  }

  private renderHelp(): TemplateResult {
    return html`<dialog class="help" aria-labelledby="help-h" @close=${() => ((this.helpOpen = false), this.focusCurrent())}>
      <h2 id="help-h">Keyboard shortcuts</h2>
      <dl>${SHORTCUTS.map(([key, what]) => html`<div><dt><kbd>${key}</kbd></dt><dd>${what}</dd></div>`)}</dl>
      <form method="dialog"><button type="submit" autofocus>Close</button></form>
    </dialog>`;
  }

  private renderBan(): TemplateResult {
    const b = this.banning;
    const set = (patch: Partial<NonNullable<ConfabAdmin['banning']>>) => b && (this.banning = { ...b, ...patch });
    return html`<dialog class="ban" aria-labelledby="ban-h" @close=${() => ((this.banning = null), this.focusCurrent())}>
      ${b
        ? html`<form @submit=${(e: SubmitEvent) => void this.confirmBan(e)}>
            <h2 id="ban-h">Ban ${b.row.author.name || 'this author'}</h2>
            <p>Their new comments will be refused with a message saying so.</p>
            <label for="ban-days">Ban for</label>
            <select id="ban-days" .value=${b.days} @change=${(e: Event) => set({ days: (e.target as HTMLSelectElement).value })}>
              <option value="1">1 day</option>
              <option value="7">7 days</option>
              <option value="30">30 days</option>
              <option value="365">a year</option>
              <option value="forever">for good</option>
            </select>
            <label><input type="checkbox" .checked=${b.remove} @change=${(e: Event) => set({ remove: (e.target as HTMLInputElement).checked })} /> Also remove their comments</label>
            <label for="ban-reason">Reason (for moderators)</label>
            <input id="ban-reason" .value=${b.reason} @input=${(e: InputEvent) => set({ reason: (e.target as HTMLInputElement).value })} />
            ${b.error ? html`<p class="error" role="alert">${b.error}</p>` : nothing}
            <div class="actions">
              <button type="submit">Ban</button>
              <button type="button" @click=${() => (this.banning = null)}>Cancel</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-admin': ConfabAdmin;
  }
}
