import { AdapterError } from '../model/adapter.js';

// Cancellation, the same in every adapter. `bare` leaves the signal's reason out of the error's
// `cause` (what RestAdapter has always done); the in-process adapters pass it on.

/** The `aborted` AdapterError. */
export function abortError(cause?: unknown): AdapterError {
  return new AdapterError('aborted', 'The request was cancelled.', { cause });
}

/** Throws the `aborted` AdapterError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, bare?: boolean): void {
  if (signal?.aborted) throw abortError(bare ? undefined : signal.reason);
}

/** Waits `ms`, or rejects with the `aborted` AdapterError as soon as the signal fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, bare?: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(bare ? undefined : signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
