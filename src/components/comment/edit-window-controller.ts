import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { t } from '../../render/i18n.js';

/** A comment of the viewer's that may still be edited or deleted for a while. */
export interface EditWindow {
  /** milliseconds left; Infinity when the backend sets no deadline */
  timeLeft(): number;
  /** where "You can edit for …" is written, if it is on the page */
  countdown(): Element | null | undefined;
  /** the language to write it in */
  readonly lang: string;
  /** the time is up: Edit and Delete go away */
  editWindowClosed(): void;
}

/**
 * The "You can edit for 14 min 05 sec" countdowns of an element's comments. The text changes every
 * second, so it is written straight into its element, never through a render: one interval serves
 * every countdown the element shows, it runs only while one is shown and the element is
 * connected, and it does nothing while the tab is hidden. When a window closes, its comment is
 * told once (it re-renders without Edit and Delete).
 */
export class EditWindowController implements ReactiveController {
  private readonly _windows = new Set<EditWindow>();
  private _timer: ReturnType<typeof setInterval> | undefined;
  private _connected = false;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Starts (`on`) or stops counting down `window`; starting writes its text at once. */
  watch(window: EditWindow, on: boolean): void {
    if (on) {
      this._windows.add(window);
      this._tickOne(window);
    } else {
      this._windows.delete(window);
    }
    this._schedule();
  }

  hostConnected(): void {
    this._connected = true;
    this._schedule();
  }

  hostDisconnected(): void {
    this._connected = false;
    this._schedule();
  }

  private _schedule(): void {
    if (this._connected && this._windows.size > 0) {
      this._timer ??= setInterval(this._tick, 1000);
    } else {
      clearInterval(this._timer);
      this._timer = undefined;
    }
  }

  private readonly _tick = (): void => {
    if (document.hidden) return;
    for (const window of this._windows) this._tickOne(window);
  };

  private _tickOne(window: EditWindow): void {
    const left = window.timeLeft();
    if (left > 0) {
      const countdown = window.countdown();
      const text = t('comment.editWindow', { time: formatDuration(left, window.lang) }, window.lang);
      if (countdown && countdown.textContent !== text) countdown.textContent = text;
      return;
    }
    this._windows.delete(window);
    this._schedule();
    window.editWindowClosed();
  }
}

const unitFormats = new Map<string, Intl.NumberFormat>();

function formatUnit(value: number, unit: 'hour' | 'minute' | 'second', lang: string, padded = false): string {
  const key = `${lang} ${unit} ${padded}`;
  let format = unitFormats.get(key);
  if (!format) {
    const options = { style: 'unit', unit, minimumIntegerDigits: padded ? 2 : 1 } as const;
    try {
      format = new Intl.NumberFormat(lang, options);
    } catch {
      // a malformed `lang` attribute must not break the countdown
      format = new Intl.NumberFormat('en', options);
    }
    unitFormats.set(key, format);
  }
  return format.format(value);
}

/**
 * "14 min 05 sec", or "1 hr 02 min" from an hour on, in the reader's language: unit names rather
 * than "14:05", which a screen reader would read as a time of day.
 */
export function formatDuration(ms: number, lang: string): string {
  const seconds = Math.ceil(ms / 1000);
  const hours = seconds >= 3600;
  const big = hours ? Math.floor(seconds / 3600) : Math.floor(seconds / 60);
  const small = hours ? Math.floor(seconds / 60) % 60 : seconds % 60;
  const [bigUnit, smallUnit] = hours ? (['hour', 'minute'] as const) : (['minute', 'second'] as const);
  return big ? `${formatUnit(big, bigUnit, lang)} ${formatUnit(small, smallUnit, lang, true)}` : formatUnit(small, smallUnit, lang);
}
