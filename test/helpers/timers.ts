/** A record of the timeouts and intervals started while it was installed. */
export interface TimerTracker {
  /** Timers started since `trackTimers()` that neither ran nor were cleared, with their delays. */
  pending(): { id: number; delay: number }[];
  /** Puts the original timer functions back. */
  restore(): void;
}

/**
 * Wraps `setTimeout`/`setInterval` and their clear functions to see which timers an element leaves
 * behind. Only timers started after the call are tracked, so the test runner's own are not counted.
 */
export function trackTimers(): TimerTracker {
  const live = new Map<number, number>();
  const original = {
    setTimeout: window.setTimeout,
    clearTimeout: window.clearTimeout,
    setInterval: window.setInterval,
    clearInterval: window.clearInterval,
  };
  window.setTimeout = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    const id = original.setTimeout.call(
      window,
      (...inner: unknown[]) => {
        live.delete(id);
        if (typeof handler === 'function') (handler as (...a: unknown[]) => void)(...inner);
      },
      delay,
      ...args,
    );
    live.set(id, delay ?? 0);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) live.delete(id);
    original.clearTimeout.call(window, id);
  }) as typeof window.clearTimeout;
  window.setInterval = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    const id = original.setInterval.call(window, handler, delay, ...args);
    live.set(id, delay ?? 0);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) live.delete(id);
    original.clearInterval.call(window, id);
  }) as typeof window.clearInterval;
  return {
    pending: () => [...live].map(([id, delay]) => ({ id, delay })),
    restore: () => Object.assign(window, original),
  };
}
