/**
 * Comment times for people: "3 minutes ago" with the full date and time as a tooltip, in the
 * page's language. Timestamps come from adapters, so they may be missing, malformed or in the
 * future; none of that throws or shows a nonsense phrase like "in 3 years".
 */
import { formatNumber, isPlainEnglish, resolveLang, t } from './i18n.js';

/** What a `<time>` element needs: visible text, a tooltip and the machine-readable value. */
export interface RelativeTime {
  /** "3 minutes ago", "yesterday", "just now"; "unknown date" when the timestamp is unusable. */
  text: string;
  /** The absolute date and time ("March 3, 2025 at 14:05"); empty when the timestamp is unusable. */
  title: string;
  /** Normalized ISO 8601 for `<time datetime>`; undefined when the timestamp is unusable. */
  datetime: string | undefined;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Younger than this reads "just now". */
export const JUST_NOW = 45 * SECOND;

/** A timestamp at most this far ahead of the local clock is clock skew and reads "just now". */
export const FUTURE_TOLERANCE = 5 * MINUTE;

/** `nextTick` never asks for more; bounds how stale text gets when timers stall (sleep, hidden tab). */
export const MAX_TICK = HOUR;

/** Units in order: a unit is used while the elapsed time is below `until`, counted in `size`. */
const STEPS: readonly { unit: Intl.RelativeTimeFormatUnit; size: number; until: number }[] = [
  { unit: 'minute', size: MINUTE, until: 45 * MINUTE },
  { unit: 'hour', size: HOUR, until: 22 * HOUR },
  { unit: 'day', size: DAY, until: 6.5 * DAY },
  { unit: 'week', size: 7 * DAY, until: 26 * DAY },
  { unit: 'month', size: 30.436875 * DAY, until: 320 * DAY },
  { unit: 'year', size: 365.2425 * DAY, until: Infinity },
];

// ISO 8601 only: Date.parse also accepts loose forms ("1" is a date in 2001 in Chromium).
const ISO_DATE = /^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Milliseconds since the epoch, or NaN when `value` is not a usable timestamp. */
function toTime(value: unknown): number {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    const match = ISO_DATE.exec(trimmed);
    if (!match) return NaN;
    // Date.parse rolls February 30 over into March; a date that does not exist is not one
    const [year, month, day] = match.slice(1, 4).map(Number);
    const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return NaN;
    return Date.parse(trimmed);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value).getTime() : NaN;
  if (value instanceof Date) return value.getTime();
  return NaN;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

type Cache<T> = Map<string, T>;
const relativeFormats: Cache<Intl.RelativeTimeFormat> = new Map();
const dayFormats: Cache<Intl.RelativeTimeFormat> = new Map();
const dateTimeFormats: Cache<Intl.DateTimeFormat> = new Map();
const dateFormats: Cache<Intl.DateTimeFormat> = new Map();

// Formatters are costly to build and a thread formats thousands of times; a malformed language
// tag falls back to English rather than throwing.
function cached<T>(cache: Cache<T>, lang: string, create: (lang: string) => T): T {
  let format = cache.get(lang);
  if (!format) {
    try {
      format = create(lang);
    } catch {
      format = create('en');
    }
    cache.set(lang, format);
  }
  return format;
}

/** The elapsed time in its unit: `{ unit: 'minute', value: 3 }`. */
function step(elapsed: number): { unit: Intl.RelativeTimeFormatUnit; value: number; size: number; until: number } {
  const found = STEPS.find((candidate) => elapsed < candidate.until) ?? STEPS[STEPS.length - 1];
  return { ...found, value: Math.max(1, Math.round(elapsed / found.size)) };
}

/** `<time datetime>` accepts four-digit years only. */
function isoDatetime(time: number): string | undefined {
  const year = new Date(time).getUTCFullYear();
  return year >= 0 && year <= 9999 ? new Date(time).toISOString() : undefined;
}

const MONTHS = 'January February March April May June July August September October November December'.split(' ');

// Plain English is written here as Intl writes it ("December 6, 2026 at 3:05 PM", "3 hours ago"),
// without building an Intl formatter: see isPlainEnglish in i18n.ts. Local time, as Intl's.

/** Years Intl writes as plain digits; others (AD 999, BC) go through Intl. */
function isEnglishYear(date: Date): boolean {
  const year = date.getFullYear();
  return year >= 1000 && year <= 9999;
}

function englishDate(date: Date): string {
  return `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}`;
}

function englishTime(date: Date): string {
  const hours = date.getHours();
  return `${hours % 12 || 12}:${String(date.getMinutes()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
}

/**
 * `iso` relative to `now` ("3 minutes ago") in `lang` (default: the page language). Under 45 s,
 * or up to 5 minutes in the future, it is "just now"; further in the future it is the absolute date.
 * Never throws: anything that is not an ISO 8601 string, a Date or a finite number of milliseconds
 * gives the "unknown date" text.
 */
export function formatRelative(iso: unknown, now: number = Date.now(), lang?: string): RelativeTime {
  const language = lang || resolveLang();
  const time = toTime(iso);
  if (Number.isNaN(time)) return { text: t('comment.unknownDate', {}, language), title: '', datetime: undefined };
  const date = new Date(time);
  const english = isPlainEnglish(language) && isEnglishYear(date);
  const title = english
    ? `${englishDate(date)} at ${englishTime(date)}`
    : cached(dateTimeFormats, language, (tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short' })).format(time);
  const datetime = isoDatetime(time);
  const elapsed = (Number.isFinite(now) ? now : Date.now()) - time;
  if (elapsed < -FUTURE_TOLERANCE) {
    const text = english ? englishDate(date) : cached(dateFormats, language, (tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'long' })).format(time);
    return { text, title, datetime };
  }
  if (elapsed < JUST_NOW) return { text: t('time.justNow', {}, language), title, datetime };
  const { unit, value } = step(elapsed);
  if (english) {
    const text = unit === 'day' && value === 1 ? 'yesterday' : `${formatNumber(value, language)} ${unit}${value === 1 ? '' : 's'} ago`;
    return { text, title, datetime };
  }
  // "yesterday" reads better than "1 day ago"; "last year" would be wrong for 11 months ago
  const format =
    unit === 'day'
      ? cached(dayFormats, language, (tag) => new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }))
      : cached(relativeFormats, language, (tag) => new Intl.RelativeTimeFormat(tag, { numeric: 'always' }));
  return { text: format.format(-value, unit), title, datetime };
}

/**
 * Milliseconds from `now` until `formatRelative(iso)` would read differently, so a component can
 * book one timer instead of polling; at most `MAX_TICK`. Undefined when the text never changes
 * (an unusable timestamp).
 */
export function nextTick(iso: unknown, now: number = Date.now()): number | undefined {
  const time = toTime(iso);
  if (Number.isNaN(time) || !Number.isFinite(now)) return undefined;
  const elapsed = now - time;
  let change: number;
  if (elapsed < -FUTURE_TOLERANCE) change = -FUTURE_TOLERANCE;
  else if (elapsed < JUST_NOW) change = JUST_NOW;
  else {
    const { value, size, until } = step(elapsed);
    // Math.round flips at the half; the unit itself changes at `until`
    change = Math.min((value + 0.5) * size, until);
  }
  return Math.min(Math.max(1, Math.ceil(change - elapsed)), MAX_TICK);
}
