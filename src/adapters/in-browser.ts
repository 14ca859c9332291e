// The adapters that keep comments in the browser, as one module: they share the thread logic
// (thread-data.ts), so the script-tag bundle loads them as one chunk, on first use (deferred.ts).
export { LocalStorageAdapter } from './local-storage.js';
export { MemoryAdapter } from './memory.js';
