// Every subpath a user may import, with a value or type from each, type-checked under
// moduleResolution node16 and bundler (tsconfig.node16.json, tsconfig.bundler.json).
import { CommentThread, MemoryAdapter, configure, type Comment, type ConfabOptions } from 'confab-comments';
import { define } from 'confab-comments/define';
import 'confab-comments/define.js';
import { configure as configureBundle, RestAdapter } from 'confab-comments/bundle';
import 'confab-comments/iife';
import { MAX_BODY_LENGTH, REPORT_REASONS, type CommentAdapter } from 'confab-comments/model';
import { confabTagNames, isConfabElement, type ConfabTagName } from 'confab-comments/tags';
import 'confab-comments/locales/ru.js';
import 'confab-comments/locales/ar.js';
import type { CustomElements, CommentThreadProps } from 'confab-comments/jsx';

const adapter: CommentAdapter = new MemoryAdapter({ comments: [] as Comment[] });
configure({ adapter });
configureBundle({ adapter: new RestAdapter({ endpoint: '/api' }) });
define();
const options: ConfabOptions = { lang: 'ru' };
window.Confab.configure(options);
const tag: ConfabTagName = 'comment-thread';
const props: CustomElements['comment-thread'] = { 'thread-id': 'a-42', 'page-size': 10, theme: 'dark' };
const threadProps: CommentThreadProps = { sort: 'newest' };
export const checks = [
  options,
  isConfabElement(tag),
  isConfabElement('div'),
  confabTagNames.length,
  MAX_BODY_LENGTH,
  REPORT_REASONS[0],
  props,
  threadProps,
  CommentThread.name,
];

// @ts-expect-error sort is oldest | newest | top
export const wrongSort: CommentThreadProps = { sort: 'random' };
