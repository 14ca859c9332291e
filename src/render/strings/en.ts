/**
 * Every string confab shows, in English: the reference table. Other languages register a table
 * with the same keys (any missing key falls back to this one), and a site may override any entry
 * with `setStrings`. `{name}` is a parameter; an object holds plural forms chosen by
 * `Intl.PluralRules` (`zero` is used for a count of 0 in every language when present).
 * Values are plain text: components bind them as text, so no entry may contain markup.
 */
import type { StringTable } from '../i18n.js';

export const en = {
  // the thread
  'thread.title': 'Comments',
  'thread.count': { zero: 'No comments yet', one: '{count} comment', other: '{count} comments' },
  'thread.sort.label': 'Sort by',
  'sort.oldest': 'Oldest',
  'sort.newest': 'Newest',
  'sort.top': 'Top',
  'thread.empty': 'Be the first to comment.',
  'thread.loading': 'Loading comments…',
  'thread.error': 'Comments could not be loaded.',
  'thread.loadMore': 'Load more comments',
  'thread.loadingMore': 'Loading more comments…',
  'thread.firstPage': 'Back to the first comments',
  'thread.showReplies': { one: 'Show {count} more reply', other: 'Show {count} more replies' },
  'thread.hideReplies': 'Hide replies',
  'thread.continue': 'Continue this thread',
  'thread.newComments': { one: '{count} new comment', other: '{count} new comments' },
  // permalinks
  'thread.permalinkMissing': 'Sorry, the comment this link points to could not be found. It may have been deleted.',
  'action.retry': 'Try again',
  'action.close': 'Close',

  // the reply form
  'form.title': 'Leave a Reply',
  'form.closed': 'Comments are closed.',
  'form.replyTitle': 'Reply to {name}',
  'form.name': 'Name',
  'form.email': 'Email (optional, never shown)',
  'form.emailNote': 'Used only to notify you of replies; it is never shown.',
  'form.emailInvalid': 'Please enter a valid email address.',
  'form.url': 'Website (optional)',
  'form.urlInvalid': 'Please enter a web address starting with http:// or https://.',
  'form.body': 'Comment',
  'form.placeholder': 'Write a comment… Markdown is supported.',
  'form.write': 'Write',
  'form.preview': 'Preview',
  'form.previewEmpty': 'Nothing to preview',
  'form.submit': 'Post comment',
  'form.submitReply': 'Post reply',
  'form.posting': 'Posting…',
  'form.posted': 'Your comment was posted.',
  'form.cancel': 'Cancel',
  'form.counter': '{count} / {max}',
  'form.remaining': { one: '{count} character left', other: '{count} characters left' },
  'form.tooLong': 'Comments are limited to {max} characters; this one has {count}.',
  'form.empty': 'Write something first.',
  'form.nameRequired': 'Please enter your name.',
  'form.error': 'Your comment was not posted: {message}',
  'form.retry': 'Retry',
  'form.draftRestored': 'Draft restored',
  'form.shortcut': 'Ctrl+Enter to send',
  'form.honeypot': 'Leave this field empty',
  'form.noAdapter': 'Comments are not connected to a server on this page.',

  // one comment
  'comment.edited': 'edited',
  'comment.editedAt': 'edited {time}',
  'comment.pending': 'Pending moderation — only you can see this',
  'comment.deleted': 'This comment was deleted.',
  'comment.reply': 'Reply',
  'comment.edit': 'Edit',
  'comment.editLabel': 'Edit your comment',
  'comment.delete': 'Delete',
  'comment.deleteConfirm': 'Delete this comment?',
  'comment.save': 'Save',
  'comment.conflict': 'This comment was changed elsewhere. Check the current version before saving yours.',
  'comment.permalink': 'Link',
  'comment.permalinkLabel': 'Link to this comment',
  'comment.by': 'Comment by {name}, {time}',
  'comment.inReplyTo': 'In reply to {name}',
  'comment.anonymous': 'Anonymous',
  'comment.unknownDate': 'unknown date',
  'comment.loading': 'Loading the comment…',
  'comment.replies': { one: '{count} reply', other: '{count} replies' },
  'comment.report': 'Report',
  'comment.reported': 'Thanks — the moderators will take a look.',

  // reader actions: the edit window and reports
  'comment.editWindow': 'You can edit for {time}',
  'comment.editClosed': 'The time to edit this comment is over. Your text is still here to copy.',
  'report.title': 'Why are you reporting this comment?',
  'report.spam': 'Spam',
  'report.abuse': 'Abuse or harassment',
  'report.off-topic': 'Off-topic',
  'report.other': 'Something else',
  'report.note': 'Note for the moderators (optional)',
  'report.send': 'Send report',
  'report.sending': 'Sending your report…',
  'report.reason': 'Choose a reason first.',
  'report.done': 'Reported',

  // reactions
  'reaction.like': 'Like',
  'reaction.dislike': 'Dislike',
  'reaction.label': '{reaction}: {count}',
  'reaction.group': 'Reactions',
  'reaction.error': 'Your reaction was not saved. Try again.',

  // the comment count badge
  'count.badge': { one: '{count} comment', other: '{count} comments' },
  'count.label': 'Comments',

  // typo reports
  'typo.hint': 'If you notice an error in the text, select it and press {keys} to send it to the editor',
  'typo.button': 'Report a typo',
  'typo.title': 'Report a typo',
  'typo.selected': 'Selected text',
  'typo.suggestion': 'Suggested correction (optional)',
  'typo.comment': 'Comment (optional)',
  'typo.send': 'Send',
  'typo.sending': 'Sending…',
  'typo.sent': 'Thanks, sent to the editors.',
  'typo.count': { one: '{count} reader reported this', other: '{count} readers reported this' },
  'typo.error': 'Your report was not sent: {message}',
  'typo.cancel': 'Cancel',
  'typo.close': 'Close',
  'typo.empty': 'Select the text with the error first.',
  'typo.outside': 'Select text inside the article.',
  'typo.tooLong': 'That selection is too long; select just the error (up to {max} characters).',

  // errors, one per AdapterError code
  'error.network': 'Network error. Check your connection and try again.',
  'error.timeout': 'The server took too long to answer. Try again.',
  'error.aborted': 'The request was cancelled.',
  'error.validation': 'Please check what you entered.',
  'error.validationField': 'Please check the field “{field}”.',
  'error.unauthorized': 'Please sign in to do this.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.not_found': 'This comment or thread no longer exists.',
  'error.conflict': 'This comment was changed elsewhere.',
  'error.too_large': 'This is too long to be sent.',
  'error.rate_limited': 'Too many requests, please wait {seconds} s',
  'error.rateLimitedMoment': 'Too many requests, please wait a moment.',
  'error.unsupported': 'This is not available here.',
  'error.server': 'The server had a problem. Try again later.',
  'error.generic': 'Something went wrong',

  // time
  'time.justNow': 'just now',
} satisfies StringTable;

/** A key of the string table. */
export type StringKey = keyof typeof en;
