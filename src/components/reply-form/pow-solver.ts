/**
 * Solves an ALTCHA proof-of-work challenge with the browser's own SHA-256 (`crypto.subtle`): no
 * library, no worker script (nothing a Content-Security-Policy has to allow), no network. Loaded
 * only when a backend asks for a challenge (see challenge.ts), so other sites never download it.
 * Hashes are computed in parallel batches; `crypto.subtle` works off the main thread, so the page
 * stays responsive while a reader waits.
 */
import type { PowChallenge } from '../../model/adapter.js';

const BATCH = 500;

/** The solution as the backend wants it: base64 JSON of the challenge and the number found. */
export async function solvePow(challenge: PowChallenge, signal?: AbortSignal): Promise<string> {
  const algorithm = challenge.algorithm || 'SHA-256';
  const max = challenge.maxnumber ?? 1_000_000;
  const target = challenge.challenge.toLowerCase();
  const encoder = new TextEncoder();
  const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  for (let start = 0; start <= max; start += BATCH) {
    signal?.throwIfAborted();
    const numbers = Array.from({ length: Math.min(BATCH, max - start + 1) }, (_, i) => start + i);
    const digests = await Promise.all(numbers.map((n) => crypto.subtle.digest(algorithm, encoder.encode(challenge.salt + n))));
    const found = digests.findIndex((digest) => hex(digest) === target);
    if (found >= 0) {
      const { salt, signature } = challenge;
      return btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number: start + found, salt, signature }));
    }
  }
  throw new Error('no solution');
}
