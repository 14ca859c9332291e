/** A record of the timeouts and intervals started while it was installed. */
export interface TimerTracker {
  /** Timers started since `trackTimers()` that neither ran nor were cleared, with their delays. */
  pending(): { id: number; delay: number }[];
  /** Puts the original timer functions back. */
  restore(): void;
}

type Start = (handler: unknown, delay?: number, ...args: unknown[]) => number;
type Stop = (id?: number) => void;

/**
 * Wraps `setTimeout`/`setInterval` and their clear functions to see which timers an element leaves
 * behind. Only timers started after the call are tracked, so the test runner's own are not counted.
 */
export function trackTimers(): TimerTracker {
  const live = new Map<number, number>();
  const scope = window as unknown as Record<'setTimeout' | 'setInterval' | 'clearTimeout' | 'clearInterval', Start | Stop>;
  const original = {
    setTimeout: scope.setTimeout as Start,
    clearTimeout: scope.clearTimeout as Stop,
    setInterval: scope.setInterval as Start,
    clearInterval: scope.clearInterval as Stop,
  };
  scope.setTimeout = ((handler: unknown, delay?: number, ...args: unknown[]): number => {
    const run = (...inner: unknown[]): void => {
      live.delete(id);
      if (typeof handler === 'function') handler(...inner);
    };
    const id = original.setTimeout.call(window, run, delay, ...args);
    live.set(id, delay ?? 0);
    return id;
  }) as Start;
  scope.clearTimeout = ((id?: number): void => {
    if (id !== undefined) live.delete(id);
    original.clearTimeout.call(window, id);
  }) as Stop;
  scope.setInterval = ((handler: unknown, delay?: number, ...args: unknown[]): number => {
    const id = original.setInterval.call(window, handler, delay, ...args);
    live.set(id, delay ?? 0);
    return id;
  }) as Start;
  scope.clearInterval = ((id?: number): void => {
    if (id !== undefined) live.delete(id);
    original.clearInterval.call(window, id);
  }) as Stop;
  return {
    pending: () => [...live].map(([id, delay]) => ({ id, delay })),
    restore: () => Object.assign(scope, original),
  };
}
