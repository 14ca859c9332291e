import { configure, MemoryAdapter } from 'confab-comments';
import { comments } from './seed.js';

// Create the adapter once, outside any component: elements showing the same thread on the same
// adapter share one store. configure() makes it the page's default, for elements given no adapter.
export const adapter = new MemoryAdapter({ comments });
configure({ adapter });
