import type {
  CommentAdapter,
  DeleteRequest,
  EditRequest,
  ListPage,
  ListRequest,
  LocateRequest,
  PostRequest,
  ReactionState,
  ReactionTarget,
  ReactRequest,
  ReportCommentRequest,
  TypoReportRequest,
  TypoReportResult,
} from '../model/adapter.js';
import type { Comment } from '../model/comment.js';
import type { ThreadData } from './thread-data.js';
import {
  addTypoReport,
  hasReported,
  makeCommentReport,
  requireThreadId,
  type StoredCommentReport,
  type StoredTypoReport,
  type ThreadChange,
  type ViewerContext,
} from './thread-rules.js';

/** The adapter calls that `calls` counts and that failures can be injected into. */
export type AdapterMethod =
  | 'list'
  | 'post'
  | 'edit'
  | 'delete'
  | 'getReactions'
  | 'react'
  | 'count'
  | 'subscribe'
  | 'reportComment'
  | 'reportTypo'
  | 'locate';

/** The reports an in-process adapter keeps. */
export interface StoredReports {
  comments: StoredCommentReport[];
  typos: StoredTypoReport[];
}

/**
 * The calls `MemoryAdapter` and `LocalStorageAdapter` share, written once over `ThreadData` so the
 * two cannot drift. A subclass says how a call runs (`_run`), where a thread comes from (`_thread`)
 * and what keeping a change means (`_commit`: announce it, or write it to storage).
 */
export abstract class InProcessAdapter implements CommentAdapter {
  /** The viewer this adapter acts as. */
  abstract readonly viewerId: string;
  protected _editWindowMs: number | undefined;

  /** Runs `operation` as the call `method`, after the checks every call makes. */
  protected abstract _run<T>(
    method: AdapterMethod,
    request: { signal?: AbortSignal } | undefined,
    operation: () => T,
  ): Promise<T>;

  /** The thread as kept now, or an empty one for an id nothing was written to. */
  protected abstract _thread(threadId: string): ThreadData;

  /** Keeps what changed in `data` and tells the subscribers. */
  protected abstract _commit(data: ThreadData, changes: ThreadChange[]): void;

  /** The reports as kept now. */
  protected abstract _reports(): StoredReports;

  /** Keeps changed reports (a no-op where `_reports` hands out the kept lists themselves). */
  protected _saveReports(_reports: StoredReports): void {}

  /** Comment reports received so far (copies), for tests and an editor's view. */
  get reports(): StoredCommentReport[] {
    return structuredClone(this._reports().comments);
  }

  /** Typo reports received so far (copies), identical ones merged with a count of reporters. */
  get typoReports(): StoredTypoReport[] {
    return structuredClone(this._reports().typos);
  }

  list(request: ListRequest): Promise<ListPage> {
    return this._run('list', request, () => this._checked(request.threadId).list(request, this._context()));
  }

  post(request: PostRequest): Promise<Comment> {
    return this._run('post', request, () => {
      const data = this._checked(request.threadId);
      const { comment, created } = data.post(request, this._context());
      if (created) this._commit(data, [{ type: 'created', commentId: comment.id }]);
      return comment;
    });
  }

  edit(request: EditRequest): Promise<Comment> {
    return this._run('edit', request, () => {
      const data = this._checked(request.threadId);
      const comment = data.edit(request, this._context());
      this._commit(data, [{ type: 'edited', commentId: comment.id }]);
      return comment;
    });
  }

  delete(request: DeleteRequest): Promise<Comment | null> {
    return this._run('delete', request, () => {
      const data = this._checked(request.threadId);
      const { placeholder, removed } = data.delete(request.commentId, this._context());
      // A placeholder keeps its place; otherwise every comment removed with it is gone.
      const gone = placeholder ? [request.commentId] : removed;
      this._commit(
        data,
        gone.map((commentId): ThreadChange => ({ type: 'deleted', commentId })),
      );
      return placeholder;
    });
  }

  getReactions(request: ReactionTarget & { signal?: AbortSignal }): Promise<ReactionState> {
    return this._run('getReactions', request, () =>
      this._checked(request.threadId).getReactions(request.commentId ?? null, this._context()),
    );
  }

  react(request: ReactRequest): Promise<ReactionState> {
    return this._run('react', request, () => {
      const data = this._checked(request.threadId);
      const commentId = request.commentId ?? null;
      const { state, changed } = data.react({ ...request, commentId }, this._context());
      if (changed) this._commit(data, [{ type: 'reactions', commentId }]);
      return state;
    });
  }

  count(threadIds: string[], options: { signal?: AbortSignal } = {}): Promise<Record<string, number>> {
    return this._run('count', options, () => {
      const counts: Record<string, number> = {};
      for (const threadId of threadIds) counts[threadId] = this._checked(threadId).visibleTotal(this.viewerId);
      return counts;
    });
  }

  reportComment(request: ReportCommentRequest): Promise<void> {
    return this._run('reportComment', request, () => {
      const context = this._context();
      const exists = this._checked(request.threadId).get(request.commentId, context) !== undefined;
      const report = makeCommentReport(request, exists, this.viewerId, context.now);
      const reports = this._reports();
      if (hasReported(reports.comments, report)) return;
      reports.comments.push(report);
      this._saveReports(reports);
    });
  }

  reportTypo(request: TypoReportRequest): Promise<TypoReportResult> {
    return this._run('reportTypo', request, () => {
      const reports = this._reports();
      const result = addTypoReport(reports.typos, request, this.viewerId, Date.now());
      this._saveReports(reports);
      return result;
    });
  }

  locate(request: LocateRequest): Promise<Comment[]> {
    return this._run('locate', request, () =>
      this._checked(request.threadId).locate(request.commentId, this._context()),
    );
  }

  /** The viewer and the time a request is judged by. */
  protected _context(): ViewerContext {
    return { viewerId: this.viewerId, editWindowMs: this._editWindowMs, now: Date.now() };
  }

  /** The thread a request names, once its id is checked. */
  private _checked(threadId: string): ThreadData {
    return this._thread(requireThreadId(threadId));
  }
}
