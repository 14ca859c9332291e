// Plain TypeScript: register the elements, give the page an adapter, listen to an event.
import { configure, MemoryAdapter } from 'confab-comments';
import 'confab-comments/define';
import { comments } from './seed.js';

// One adapter for every confab element on the page; an element's own `adapter` property wins.
configure({ adapter: new MemoryAdapter({ comments }) });

const status = document.querySelector<HTMLElement>('#status')!;
const thread = document.querySelector('comment-thread')!; // typed CommentThread
thread.addEventListener('confab-posted', (event) => {
  // event is a ConfabPostedEvent: the saved comment is in its detail
  status.textContent = `Posted ${event.detail.comment.parentId ? 'a reply' : 'a comment'} as ${event.detail.comment.author.name}.`;
});
