import { MAX_EMBEDDED_REPLIES, MAX_PAGE_SIZE, MAX_TYPO_COMMENT_LENGTH, MAX_TYPO_CONTEXT_LENGTH, MAX_TYPO_QUOTE_LENGTH, MAX_TYPO_SUGGESTION_LENGTH, REPORT_REASONS, SORT_ORDERS } from 'confab-comments/model';
import { Type } from 'typebox';
import { MAX_CURSOR_LENGTH } from '../storage/cursors.js';
import { Comment, Id, Nullable, ReactionCounts } from './common.js';

/** Schemas of the readers' endpoints: comments, reactions, reports, counts. */

export const ListQuery = Type.Object({
  parentId: Type.Optional(Id),
  sort: Type.Optional(Type.Enum([...SORT_ORDERS], { description: 'top-level comments only; replies are always oldest first' })),
  cursor: Type.Optional(Type.String({ maxLength: MAX_CURSOR_LENGTH, description: 'the nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: `page size, default 20; more than ${MAX_PAGE_SIZE} gets ${MAX_PAGE_SIZE}` })),
  replies: Type.Optional(
    Type.Integer({ minimum: 0, description: `also embed up to this many (at most ${MAX_EMBEDDED_REPLIES}) replies of each listed comment, level by level` }),
  ),
});

export const ListPage = Type.Object({
  comments: Type.Array(Comment),
  replies: Type.Optional(Type.Array(Comment)),
  nextCursor: Nullable(Type.String()),
  total: Type.Integer({ description: 'comments at this level the viewer can see' }),
  threadTotal: Type.Integer({ description: "published comments of the thread plus the viewer's own pending ones" }),
  closed: Type.Optional(Type.Boolean({ description: 'present (true) when the thread takes no new comments; reading and reacting still work' })),
});

export const PostBody = Type.Object(
  {
    parentId: Type.Optional(Nullable(Id)),
    body: Type.String({ description: 'markdown; 1–MAX_BODY_LENGTH characters after trimming (over it: 413 too_large)' }),
    author: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ description: 'required without a user token that names the author' })),
          email: Type.Optional(Type.String({ description: 'stored, never returned' })),
          url: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    honeypot: Type.Optional(Type.String({ description: 'must be empty: bots fill every field' })),
    notify: Type.Optional(Type.Boolean({ description: 'e-mail author.email when someone replies (when GET /config says mail)' })),
    challenge: Type.Optional(Type.String({ description: 'the solved GET /challenge, base64 JSON (when GET /config says challenge)' })),
  },
  { additionalProperties: false },
);

export const EditBody = Type.Object(
  {
    body: Type.String(),
    expectedEditedAt: Type.Optional(Nullable(Type.String({ description: 'the editedAt (or createdAt) the editor started from' }))),
  },
  { additionalProperties: false },
);

export const DeleteResult = Type.Object({ placeholder: Nullable(Comment) });

export const PathResult = Type.Object({ comments: Type.Array(Comment) });

export const ReactionState = Type.Object({ reactions: ReactionCounts, viewer: Type.Array(Type.String()) });

export const ReportBody = Type.Object(
  { reason: Type.Enum([...REPORT_REASONS]), note: Type.Optional(Nullable(Type.String({ description: 'at most 500 characters' }))) },
  { additionalProperties: false },
);

export const TypoBody = Type.Object(
  {
    url: Type.String({ description: 'the page, http(s)' }),
    threadId: Type.Optional(Nullable(Id)),
    quote: Type.Object(
      {
        exact: Type.String({ description: `the selected text, 1–${MAX_TYPO_QUOTE_LENGTH} characters` }),
        prefix: Type.Optional(Type.String({ description: `at most ${MAX_TYPO_CONTEXT_LENGTH} characters before it` })),
        suffix: Type.Optional(Type.String({ description: `at most ${MAX_TYPO_CONTEXT_LENGTH} characters after it` })),
      },
      { additionalProperties: false },
    ),
    suggestion: Type.Optional(Nullable(Type.String({ description: `at most ${MAX_TYPO_SUGGESTION_LENGTH} characters` }))),
    comment: Type.Optional(Nullable(Type.String({ description: `at most ${MAX_TYPO_COMMENT_LENGTH} characters` }))),
  },
  { additionalProperties: false },
);

export const TypoResult = Type.Object({ id: Type.String(), count: Type.Integer() });
