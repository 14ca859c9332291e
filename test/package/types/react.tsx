// React 19 + TypeScript: the wrappers' props, events and refs, and, because this file imports
// confab-comments/react, the bare tags as JSX elements without a declaration file of our own.
import { useRef } from 'react';
import {
  CommentCount,
  CommentItem,
  CommentThread,
  ReactionCounter,
  ReplyForm,
  TypoReport,
  type CommentThreadElement,
} from 'confab-comments/react';
import { MemoryAdapter, type ConfabPostedEvent, type ConfabReactEvent, type SortOrder } from 'confab-comments';

const adapter = new MemoryAdapter({ comments: [] });

export function Article() {
  const thread = useRef<CommentThreadElement>(null);
  const onPosted = (event: ConfabPostedEvent) => console.log(event.detail.comment.id, thread.current?.threadId);
  const sort: SortOrder = 'newest';
  return (
    <>
      <ReactionCounter threadId="a-42" adapter={adapter} reactions="like dislike" onReact={(event) => event.detail.active} />
      <CommentThread
        ref={thread}
        threadId="a-42"
        adapter={adapter}
        sort={sort}
        pageSize={10}
        maxDepth={3}
        label="the review"
        theme="dark"
        lang="ru"
        className="comments"
        onPosted={onPosted}
        onSortChange={(event) => event.detail.sort}
        onReply={(event) => event.preventDefault()}
        onReact={(event: ConfabReactEvent) => event.detail.reaction}
      />
      <CommentCount threadId="a-42" href="" noLive />
      <ReplyForm threadId="a-42" parentId="c1" maxLength={500} onPost={(event) => event.detail.body} onCancel={() => undefined} />
      <CommentItem threadId="a-42" commentId="c1" onDelete={(event) => event.detail.commentId} onEdit={(event) => event.detail.comment.body} />
      <TypoReport htmlFor="article" threadId="a-42" onTypoReport={(event) => event.detail.quote} onTypoReported={(event) => event.detail.result.count}>
        If you notice an error, select it and press Ctrl + Enter.
      </TypoReport>

      <comment-count thread-id="a-42"></comment-count>
      <comment-thread
        thread-id="a-42"
        page-size={10}
        sort="top"
        theme="light"
        adapter={adapter}
        onconfab-posted={(event) => event.detail.comment.body}
        onconfab-sort-change={(event) => event.detail.sort}
      />
      <reaction-counter thread-id="a-42" comment-id="c1" onconfab-react={(event) => event.detail.active} />
      <typo-report for="article" />

      {/* @ts-expect-error sort is oldest | newest | top */}
      <CommentThread threadId="a-42" sort="random" />
      {/* @ts-expect-error in React the adapter is an object, not the zero-JS attribute */}
      <CommentThread threadId="a-42" adapter="local" />
      {/* @ts-expect-error onPosted receives a ConfabPostedEvent */}
      <ReplyForm onPosted={(event: ConfabReactEvent) => event} />
      {/* @ts-expect-error thread-id is a string */}
      <comment-count thread-id={42} />
      {/* @ts-expect-error theme is light or dark */}
      <comment-thread thread-id="a-42" theme="blue" />
    </>
  );
}
