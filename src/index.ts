// The package root: element classes, adapters, configure() and the model types. No side effects;
// register the elements with `define()` or `import 'confab-comments/define.js'`.
export { CommentCount, CommentItem, CommentThread, ReactionCounter, ReplyForm, TypoReport, define } from './elements.js';

export {
  ConfabDeleteEvent,
  ConfabEditEvent,
  ConfabReplyEvent,
  type CommentEventDetail,
} from './components/comment/comment-events.js';
export { ConfabSortChangeEvent } from './components/comment-thread/comment-thread.js';
export { ConfabReactEvent, type ReactDetail } from './components/reaction-counter/reaction-buttons.js';
export {
  ConfabCancelEvent,
  ConfabPostEvent,
  ConfabPostedEvent,
  type PostDetail,
  type SignedInAuthor,
} from './components/reply-form/reply-form.js';
export {
  ConfabTypoReportEvent,
  ConfabTypoReportedEvent,
  type TypoReportDetail,
} from './components/typo-report/typo-events.js';

export {
  MemoryAdapter,
  type AdapterMethod,
  type FailRule,
  type MemoryAdapterOptions,
  type RemotePost,
} from './adapters/memory.js';
export { LocalStorageAdapter, type LocalStorageAdapterOptions } from './adapters/local-storage.js';
export { RestAdapter, type RestAdapterOptions } from './adapters/rest.js';

export { configure, type ConfabOptions } from './configure.js';
export type { AdapterKind } from './config.js';
export type { PluralForms, StringKey, StringOverrides, StringValue } from './render/i18n.js';

// The shared rules (limits, checks) are in `confab-comments/model`, not here: the script-tag
// bundles expose what this module exports, and pages need the types, not the checks.
export * from './model/comment.js';
export * from './model/adapter.js';
