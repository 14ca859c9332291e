import {
  IDEMPOTENCY_KEY_PATTERN,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_REACTION_COUNT,
  MAX_URL_LENGTH,
  REACTION_NAME_PATTERN,
} from 'confab-comments/model';
import { Type, type TSchema } from 'typebox';

/**
 * The building blocks of the routes' schemas, from the shared rules in `confab-comments/model`.
 * A schema checks shape (types, required and unknown fields, enums, id lengths) and documents the
 * API (the OpenAPI document is generated from them); the shared check functions that the browser
 * adapters run too make the finer calls (trimming, characters, what a URL is), so the server and
 * the browser give the same verdict. Lengths of trimmed text are theirs, not the schema's: a
 * schema's `maxLength` counts the spaces that trimming removes.
 */

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A thread, comment or parent id: 1–200 characters, no control characters. */
export const Id = Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: `1–${MAX_ID_LENGTH} characters, no control characters` });

export const ThreadParams = Type.Object({ threadId: Id });
export const CommentParams = Type.Object({ threadId: Id, commentId: Id });

export const ReactionName = Type.String({ pattern: REACTION_NAME_PATTERN.source });
/** Counts by reaction name, e.g. `{ "like": 3, "dislike": 1 }`. */
export const ReactionCounts = Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: MAX_REACTION_COUNT }));

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    pattern: IDEMPOTENCY_KEY_PATTERN.source,
    description: 'Client-generated, 8–100 letters, digits, "-", "_", "." or ":"; scoped to the viewer who sends it',
  }),
});

/** An empty JSON object: what a write without a payload sends. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC, millisecond precision' });

export const Author = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'the site user, for comments written with a user token' })),
    name: Type.String({ description: `at most ${MAX_NAME_LENGTH} characters; "" for a deleted comment` }),
    url: Type.Optional(Type.String({ description: `http(s), at most ${MAX_URL_LENGTH} characters` })),
    avatarUrl: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const ViewerState = Type.Object(
  {
    reactions: Type.Array(Type.String(), { description: "the requesting viewer's reactions on this comment" }),
    canEdit: Type.Boolean(),
    canDelete: Type.Boolean(),
    editableUntil: Type.Optional(Nullable(Timestamp)),
  },
  { additionalProperties: false },
);

const commentFields = {
  id: Type.String(),
  threadId: Type.String(),
  parentId: Nullable(Type.String()),
  author: Author,
  body: Type.String({ description: 'markdown source as written; "" when deleted' }),
  createdAt: Timestamp,
  editedAt: Type.Optional(Nullable(Timestamp)),
  status: Type.Enum(['published', 'pending', 'deleted']),
  reactions: ReactionCounts,
  replyCount: Type.Integer({ minimum: 0, description: 'direct replies that are not pending' }),
  viewer: Type.Optional(ViewerState),
};

/** The wire `Comment` of src/model/comment.ts. */
export const Comment = Type.Object(commentFields, { additionalProperties: false });

/** A `Comment` with what moderators see besides. */
export const ModeratedComment = Type.Object(
  {
    ...commentFields,
    authorEmail: Nullable(Type.String()),
    heldFor: Type.Optional(Nullable(Type.String({ description: 'why the spam rules held it for moderation' }))),
    authorKey: Type.Optional(Nullable(Type.String({ description: "the identity it was posted with ('g:…' guest, 'u:…' site user): what a ban applies to" }))),
    reports: Type.Optional(
      Type.Object({ count: Type.Integer(), reasons: Type.Record(Type.String(), Type.Integer()), notes: Type.Array(Type.String()) }),
    ),
  },
  { additionalProperties: false },
);

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.Enum(['validation', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'too_large', 'rate_limited', 'unsupported', 'server']),
      message: Type.String(),
      field: Type.Optional(Type.String({ description: 'the request field at fault, as a dotted path (`author.url`, `[3].id`)' })),
      current: Type.Optional(Type.Unsafe({ description: 'the current Comment, for a stale edit (409)' })),
      retryAfter: Type.Optional(Type.Integer({ description: 'seconds to wait, for 429' })),
    }),
  },
  { description: 'The protocol’s error body' },
);

/** Error responses every route may give. */
export const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };
