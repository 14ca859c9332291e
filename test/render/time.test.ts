import { expect } from '@open-wc/testing';
import { FUTURE_TOLERANCE, MAX_TICK, formatRelative, nextTick } from '../../src/render/time.js';
import { spyOnIntl } from '../helpers/intl.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const NOW = Date.UTC(2025, 2, 14, 12, 0, 0);
const ago = (ms: number): string => new Date(NOW - ms).toISOString();

describe('formatRelative', () => {
  it('says "just now" for the last 45 seconds', () => {
    expect(formatRelative(ago(0), NOW, 'en').text).to.equal('just now');
    expect(formatRelative(ago(44 * SECOND), NOW, 'en').text).to.equal('just now');
    expect(formatRelative(ago(46 * SECOND), NOW, 'en').text).to.equal('1 minute ago');
  });

  it('counts minutes, hours, days, weeks, months and years', () => {
    const cases: [number, string][] = [
      [3 * MINUTE, '3 minutes ago'],
      [44 * MINUTE, '44 minutes ago'],
      [50 * MINUTE, '1 hour ago'],
      [5 * HOUR, '5 hours ago'],
      [26 * HOUR, 'yesterday'],
      [3 * DAY, '3 days ago'],
      [14 * DAY, '2 weeks ago'],
      [60 * DAY, '2 months ago'],
      [400 * DAY, '1 year ago'],
      [3 * 365 * DAY, '3 years ago'],
    ];
    for (const [elapsed, text] of cases) expect(formatRelative(ago(elapsed), NOW, 'en').text, text).to.equal(text);
  });

  it('gives the absolute date as title and a normalized datetime', () => {
    const time = formatRelative('2025-03-14T10:00:00.000+02:00', NOW, 'en');
    expect(time.datetime).to.equal('2025-03-14T08:00:00.000Z');
    expect(time.title).to.contain('March');
    expect(time.title).to.contain('2025');
    expect(time.text).to.equal('4 hours ago');
  });

  it('formats in the language asked for', () => {
    const german = formatRelative(ago(3 * MINUTE), NOW, 'de');
    expect(german.text).to.equal('vor 3 Minuten');
    expect(german.title).to.contain('März');
    expect(formatRelative(ago(26 * HOUR), NOW, 'de').text).to.equal('gestern');
  });

  it('writes plain English exactly as Intl does, without building an Intl formatter', () => {
    const spy = spyOnIntl();
    const results: { title: string; text: string; time: number }[] = [];
    try {
      for (let month = 0; month < 12; month++) {
        for (const [hours, minutes] of [[0, 0], [0, 41], [1, 5], [11, 59], [12, 0], [13, 7], [23, 30]]) {
          const time = new Date(2024, month, (month * 3) % 28 + 1, hours, minutes).getTime();
          results.push({ ...formatRelative(time, NOW, 'en'), time });
        }
      }
      results.push({ ...formatRelative(NOW + 40 * DAY, NOW, 'en-US'), time: NOW + 40 * DAY });
    } finally {
      spy.restore();
    }
    expect(spy.calls, 'Intl formatters used for plain English').to.equal(0);
    const title = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' });
    for (const { title: text, time } of results) expect(text).to.equal(title.format(time));
    expect(results.at(-1)!.text).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(NOW + 40 * DAY));
    // English of another region goes through Intl, with the same relative phrases: compare the two
    for (const elapsed of [MINUTE, 7 * MINUTE, HOUR, 5 * HOUR, 26 * HOUR, 50 * HOUR, 6 * DAY, 7 * DAY, 20 * DAY, 40 * DAY, 300 * DAY, 500 * DAY, 1500 * 366 * DAY]) {
      expect(formatRelative(ago(elapsed), NOW, 'en').text).to.equal(formatRelative(ago(elapsed), NOW, 'en-GB').text);
    }
    expect(formatRelative(ago(1500 * 366 * DAY), NOW, 'en').text).to.equal('1,503 years ago');
    // the spy sees Intl when it is used
    const check = spyOnIntl();
    formatRelative(ago(3 * HOUR), NOW, 'en-GB');
    check.restore();
    expect(check.calls).to.be.greaterThan(0);
  });

  it('does not throw on a malformed language tag', () => {
    expect(formatRelative(ago(3 * MINUTE), NOW, 'not a language!').text).to.equal('3 minutes ago');
  });

  it('says "unknown date" for anything that is not a timestamp, and never throws', () => {
    for (const value of ['', 'garbage', '1', '2024-13-45', '2024-02-30T25:00:00Z', '2023-02-29', '2024-04-31T10:00:00Z', 'Tue Mar 14 2025', null, undefined, {}, NaN, Infinity, [], new Date('x')]) {
      const time = formatRelative(value, NOW, 'en');
      expect(time.text, String(value)).to.equal('unknown date');
      expect(time.datetime).to.equal(undefined);
      expect(time.title).to.equal('');
    }
  });

  it('accepts a leap day that exists', () => {
    expect(formatRelative('2024-02-29T12:00:00Z', NOW, 'en').datetime).to.equal('2024-02-29T12:00:00.000Z');
  });

  it('accepts Date objects and milliseconds', () => {
    expect(formatRelative(new Date(NOW - 3 * MINUTE), NOW, 'en').text).to.equal('3 minutes ago');
    expect(formatRelative(NOW - 2 * HOUR, NOW, 'en').text).to.equal('2 hours ago');
  });

  it('treats a slightly future time as clock skew and a far one as an absolute date', () => {
    expect(formatRelative(ago(-2 * MINUTE), NOW, 'en').text).to.equal('just now');
    expect(formatRelative(ago(-FUTURE_TOLERANCE), NOW, 'en').text).to.equal('just now');
    const far = formatRelative(ago(-3 * 365 * DAY), NOW, 'en');
    expect(far.text).to.contain('2028');
    expect(far.text).not.to.match(/\bin\b/);
    expect(far.datetime).to.equal(ago(-3 * 365 * DAY));
  });

  it('leaves datetime out for years a <time> element cannot hold', () => {
    const time = formatRelative(Date.UTC(20000, 0, 1), NOW, 'en');
    expect(time.datetime).to.equal(undefined);
    expect(time.text).to.contain('20000');
  });
});

describe('nextTick', () => {
  it('is the time until the text changes', () => {
    expect(nextTick(ago(10 * SECOND), NOW)).to.equal(35 * SECOND);
    expect(nextTick(ago(3 * MINUTE), NOW)).to.equal(30 * SECOND);
    expect(nextTick(ago(44 * MINUTE + 40 * SECOND), NOW)).to.equal(20 * SECOND);
  });

  it('never waits longer than MAX_TICK', () => {
    expect(nextTick(ago(400 * DAY), NOW)).to.equal(MAX_TICK);
    expect(nextTick(ago(-30 * DAY), NOW)).to.equal(MAX_TICK);
  });

  it('counts down to when a future time turns into "just now"', () => {
    expect(nextTick(ago(-FUTURE_TOLERANCE - 10 * SECOND), NOW)).to.equal(10 * SECOND);
  });

  it('is undefined for a timestamp that is not one', () => {
    expect(nextTick('garbage', NOW)).to.equal(undefined);
    expect(nextTick(null, NOW)).to.equal(undefined);
  });

  it('agrees with formatRelative: same text until the tick, different text at it', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 300; i++) {
      // elapsed times from 10 minutes ahead to two years back
      const elapsed = Math.round(-10 * MINUTE + random() * 730 * DAY * random() ** 3);
      const iso = ago(elapsed);
      const tick = nextTick(iso, NOW)!;
      const text = formatRelative(iso, NOW, 'en').text;
      expect(tick, iso).to.be.greaterThan(0);
      expect(formatRelative(iso, NOW + tick - 1, 'en').text, `${iso} before its tick`).to.equal(text);
      if (tick < MAX_TICK) expect(formatRelative(iso, NOW + tick, 'en').text, `${iso} at its tick`).not.to.equal(text);
    }
  });
});
