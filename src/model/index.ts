export * from './comment.js';
export * from './adapter.js';
export * from './rules.js';
