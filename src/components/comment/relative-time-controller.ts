import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formatRelative, nextTick, type RelativeTime } from '../../render/time.js';

/** Something showing a relative time ("3 minutes ago") that must be drawn again when it changes. */
export interface TimedText {
  /** when its text next changes (ms since the epoch); Infinity when never */
  timeDue: number;
  /** the time last formatted, kept until it is due: a render meanwhile shows the same text */
  time?: { iso: unknown; lang: string; value: RelativeTime };
  /** the text is due: draw it again */
  timeChanged(): void;
}

/**
 * Relative times of every comment an element shows, kept current with one timer: each comment
 * notes when its text next changes, and the timer wakes only for the earliest. With thousands of
 * comments that is one pending timeout instead of thousands, and none while the element is off
 * the page. Formatting happens while rendering and needs no DOM; the timer runs only while the
 * element is connected (never under server rendering).
 */
export class RelativeTimeController implements ReactiveController {
  private readonly _owners: () => Iterable<TimedText>;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _timerAt = Infinity;
  private _connected = false;

  constructor(host: ReactiveControllerHost, owners: () => Iterable<TimedText>) {
    this._owners = owners;
    host.addController(this);
  }

  /**
   * `iso` relative to now in `lang`, booking a redraw of `owner` for when the text changes. Until
   * then a render (a reaction, an edit) reuses the text: it changes only when its timer says so.
   */
  format(owner: TimedText, iso: unknown, lang: string): RelativeTime {
    const cached = owner.time;
    if (cached && cached.iso === iso && cached.lang === lang && owner.timeDue < Infinity && (this._timerAt <= owner.timeDue || !this._connected)) {
      return cached.value;
    }
    const now = Date.now();
    const delay = nextTick(iso, now);
    const value = formatRelative(iso, now, lang);
    owner.timeDue = typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? now + delay : Infinity;
    owner.time = owner.timeDue < Infinity ? { iso, lang, value } : undefined;
    if (this._connected && owner.timeDue < this._timerAt) this._arm(owner.timeDue);
    return value;
  }

  hostConnected(): void {
    this._connected = true;
    this._armEarliest();
  }

  hostDisconnected(): void {
    this._connected = false;
    this._disarm();
  }

  private _armEarliest(): void {
    let next = Infinity;
    for (const owner of this._owners()) if (owner.timeDue < next) next = owner.timeDue;
    if (next < Infinity) this._arm(next);
  }

  private _arm(at: number): void {
    clearTimeout(this._timer);
    this._timerAt = at;
    // browsers run a delay above 2^31-1 ms at once; wake up and re-arm instead
    this._timer = setTimeout(this._fire, Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
  }

  private _disarm(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    this._timerAt = Infinity;
  }

  private readonly _fire = (): void => {
    this._disarm();
    const soon = Date.now() + 50;
    for (const owner of this._owners()) {
      if (owner.timeDue > soon) continue;
      owner.timeDue = Infinity;
      owner.time = undefined;
      owner.timeChanged();
    }
    this._armEarliest();
  };
}
