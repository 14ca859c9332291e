// Preact: `import 'confab-comments/preact'` registers the elements and types the bare tags.
import 'confab-comments/preact';
import { MemoryAdapter } from 'confab-comments';

const adapter = new MemoryAdapter({ comments: [] });

export const view = (
  <div>
    <reaction-counter thread-id="a-42" adapter={adapter} />
    <comment-thread thread-id="a-42" adapter={adapter} page-size={10} onconfab-posted={(event) => event.detail.comment.id} />
    {/* @ts-expect-error page-size is a number */}
    <comment-thread thread-id="a-42" page-size={{}} />
  </div>
);
