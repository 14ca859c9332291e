/**
 * A fresh idempotency key for one post. `crypto.randomUUID` exists only in secure contexts, and
 * an article page may still be served over plain http, so random bytes are the fallback.
 */
export function newIdempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
