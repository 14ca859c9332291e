export * from './comment.js';
export * from './adapter.js';
