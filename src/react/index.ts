// `confab-comments/react`: one React component per element, built with @lit/react. Importing it
// registers the elements. Props are the elements' properties in camelCase (`threadId`, `pageSize`)
// set as properties, so `adapter={new MemoryAdapter()}` reaches the element as an object; events
// are `on…` props (`onPosted`, `onReact`) receiving the typed event; a ref is the element itself.
// Works with React 18 and 19. The package's types for this entry (dist/types/react.d.ts) also
// declare the bare tags (`<comment-count thread-id="a-42">`) as JSX elements.
import type { LitElement } from 'lit';
import React from 'react';
import { createComponent, type EventName } from '@lit/react';
import '../define.js';
import {
  CommentCount as CommentCountElement,
  CommentItem as CommentItemElement,
  CommentThread as CommentThreadElement,
  ReactionCounter as ReactionCounterElement,
  ReplyForm as ReplyFormElement,
  TypoReport as TypoReportElement,
} from '../elements.js';
import type { ConfabDeleteEvent, ConfabEditEvent, ConfabReplyEvent } from '../components/comment-item/comment-item.js';
import type { ConfabSortChangeEvent } from '../components/comment-thread/comment-thread.js';
import type { ConfabReactEvent } from '../components/reaction-counter/reaction-counter.js';
import type { ConfabCancelEvent, ConfabPostEvent, ConfabPostedEvent } from '../components/reply-form/reply-form.js';
import type { ConfabTypoReportEvent, ConfabTypoReportedEvent } from '../components/typo-report/typo-report.js';

export type {
  CommentCountElement,
  CommentItemElement,
  CommentThreadElement,
  ReactionCounterElement,
  ReplyFormElement,
  TypoReportElement,
};

/** The element's own properties (not LitElement's, not methods), all optional. */
type ElementProps<I> = {
  [K in keyof Omit<I, keyof LitElement> as Omit<I, keyof LitElement>[K] extends (...args: never[]) => unknown ? never : K]?: I[K];
};

/** Attributes every element reads that are not properties (see custom-elements.json). */
interface ConfabAttributes {
  /** Pins the colour scheme of the element and the confab elements inside it. */
  theme?: 'light' | 'dark';
  /** Base URL of the REST API, with the zero-JS `adapter="rest"` attribute (prefer the `adapter` prop). */
  endpoint?: string;
}

/** `on…` props: each receives its typed event. */
type EventProps<E> = { [K in keyof E]?: (event: E[K]) => void };

/** Props of a confab React component for element `I` with the event props `E`. */
export type ConfabComponentProps<I extends HTMLElement, E> = Omit<React.HTMLAttributes<I>, keyof E | keyof ElementProps<I>> &
  ElementProps<I> &
  ConfabAttributes &
  EventProps<E>;

/** A confab React component: its props, and a ref to the element. */
export type ConfabComponent<I extends HTMLElement, E> = React.ForwardRefExoticComponent<
  React.PropsWithoutRef<ConfabComponentProps<I, E>> & React.RefAttributes<I>
>;

/** Events of `<reply-form>` (also heard on the thread and on comments, whose forms they come from). */
const formEvents = {
  onPost: 'confab-post' as EventName<ConfabPostEvent>,
  onPosted: 'confab-posted' as EventName<ConfabPostedEvent>,
  onCancel: 'confab-cancel' as EventName<ConfabCancelEvent>,
};
const reactionEvents = { onReact: 'confab-react' as EventName<ConfabReactEvent> };
const commentEvents = {
  onReply: 'confab-reply' as EventName<ConfabReplyEvent>,
  onEdit: 'confab-edit' as EventName<ConfabEditEvent>,
  onDelete: 'confab-delete' as EventName<ConfabDeleteEvent>,
  ...reactionEvents,
  ...formEvents,
};
const threadEvents = { onSortChange: 'confab-sort-change' as EventName<ConfabSortChangeEvent>, ...commentEvents };
const typoEvents = {
  onTypoReport: 'confab-typo-report' as EventName<ConfabTypoReportEvent>,
  onTypoReported: 'confab-typo-reported' as EventName<ConfabTypoReportedEvent>,
};

type Handlers<T> = { [K in keyof T]: T[K] extends EventName<infer E> ? E : never };

/** Event props of `<CommentThread>`: its own, and those of the comments and forms inside it. */
export type CommentThreadEvents = Handlers<typeof threadEvents>;
/** Event props of `<CommentItem>`: its own, and those of its reaction counter and reply form. */
export type CommentItemEvents = Handlers<typeof commentEvents>;
/** Event props of `<ReplyForm>`. */
export type ReplyFormEvents = Handlers<typeof formEvents>;
/** Event props of `<ReactionCounter>`. */
export type ReactionCounterEvents = Handlers<typeof reactionEvents>;
/** Event props of `<TypoReport>`. */
export type TypoReportEvents = Handlers<typeof typoEvents>;

/** `<comment-thread>`: the whole discussion of one thread. */
export const CommentThread: ConfabComponent<CommentThreadElement, CommentThreadEvents> = createComponent({
  react: React,
  tagName: 'comment-thread',
  elementClass: CommentThreadElement,
  events: threadEvents,
  displayName: 'CommentThread',
});

/** `<comment-item>`: one comment with its replies. */
export const CommentItem: ConfabComponent<CommentItemElement, CommentItemEvents> = createComponent({
  react: React,
  tagName: 'comment-item',
  elementClass: CommentItemElement,
  events: commentEvents,
  displayName: 'CommentItem',
});

/** `<reply-form>`: "Leave a Reply", standalone anywhere on the page. */
export const ReplyForm: ConfabComponent<ReplyFormElement, ReplyFormEvents> = createComponent({
  react: React,
  tagName: 'reply-form',
  elementClass: ReplyFormElement,
  events: formEvents,
  displayName: 'ReplyForm',
});

/** `<reaction-counter>`: like / dislike (or custom) reactions of an article or a comment. */
export const ReactionCounter: ConfabComponent<ReactionCounterElement, ReactionCounterEvents> = createComponent({
  react: React,
  tagName: 'reaction-counter',
  elementClass: ReactionCounterElement,
  events: reactionEvents,
  displayName: 'ReactionCounter',
});

/** `<comment-count>`: the "12 comments" badge. */
export const CommentCount: ConfabComponent<CommentCountElement, Record<never, never>> = createComponent({
  react: React,
  tagName: 'comment-count',
  elementClass: CommentCountElement,
  displayName: 'CommentCount',
});

/** `<typo-report>`: select text, press Ctrl + Enter, send a correction. */
export const TypoReport: ConfabComponent<TypoReportElement, TypoReportEvents> = createComponent({
  react: React,
  tagName: 'typo-report',
  elementClass: TypoReportElement,
  events: typoEvents,
  displayName: 'TypoReport',
});
