// React: the components from confab-comments/react (importing it registers the elements). Props
// are camelCase and set as properties, so the adapter goes in as an object; events are on… props.
import { useRef, useState } from 'react';
import type { ConfabPostedEvent } from 'confab-comments';
import { CommentThread, ReactionCounter, type CommentThreadElement } from 'confab-comments/react';
import { adapter } from './adapter.js';

export function App() {
  const [status, setStatus] = useState('');
  const thread = useRef<CommentThreadElement>(null);

  const onPosted = (event: ConfabPostedEvent) => {
    const { comment } = event.detail;
    setStatus(`Posted ${comment.parentId ? 'a reply' : 'a comment'} as ${comment.author.name}.`);
  };

  return (
    <main>
      <h1>Eastside library reopens</h1>
      <ReactionCounter threadId="eastside-library" adapter={adapter} />
      <p>The library on Eastside reopened on Saturday after two years of repairs.</p>
      {/* The bare tag works too, typed by the same import. It takes the page's adapter from
          configure(): React 18 passes only strings to a bare tag, so objects and events go through
          the components. */}
      <p>
        <comment-count thread-id="eastside-library" href="#comments"></comment-count>
      </p>
      <p role="status" id="status">
        {status}
      </p>
      <CommentThread id="comments" ref={thread} threadId="eastside-library" adapter={adapter} sort="oldest" onPosted={onPosted} />
    </main>
  );
}
