/**
 * Generated avatars: the author's initials on a colour derived from a stable seed. confab makes no
 * third-party requests by default, so this is what shows wherever no avatar URL is given.
 */

/** White text on every colour `avatarColor` returns reaches at least this contrast (WCAG AA). */
export const AVATAR_MIN_CONTRAST = 4.5;

// Names longer than this are not read further: bounds the work on hostile input.
const MAX_NAME_SCAN = 200;

// Scripts whose letters join: two initials side by side would fuse into one word-shape.
const JOINING_SCRIPT = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Adlam}]/u;
// Scripts where a name is written without spaces and one character is the usual monogram.
const SINGLE_INITIAL_SCRIPT = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

let segmenter: Intl.Segmenter | null | undefined;

/**
 * The first letter or digit of a word, skipping punctuation, emoji and invisible characters. Read
 * by user-perceived character, so an accented letter keeps its combining marks; stops at the
 * first match instead of splitting the whole word.
 */
function firstLetter(word: string): string | undefined {
  // Most names start with a plain ASCII letter; nothing below U+0300 extends a character, so then
  // the first character is the whole first letter and no segmenting is needed.
  if (/^[A-Za-z0-9](?:$|[\0-\u02ff])/.test(word)) return word[0];
  if (segmenter === undefined) segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  const parts: Iterable<{ segment: string } | string> = segmenter ? segmenter.segment(word) : word;
  for (const part of parts) {
    const grapheme = typeof part === 'string' ? part : part.segment;
    if (LETTER_OR_DIGIT.test(grapheme)) return grapheme;
  }
  return undefined;
}

/**
 * One or two initials for an avatar: "Ada Lovelace" -> "AL", "ada" -> "A", "山田 太郎" -> "山".
 * Punctuation, emoji and invisible characters are skipped; a name without letters or digits (or
 * not a string) gives "?".
 */
export function initials(name: unknown): string {
  if (typeof name !== 'string') return '?';
  const words = name.slice(0, MAX_NAME_SCAN).split(/[\s\p{Z}]+/u);
  const letters: string[] = [];
  for (const word of words) {
    const letter = firstLetter(word);
    if (letter) letters.push(letter);
  }
  if (letters.length === 0) return '?';
  const first = letters[0].toUpperCase();
  if (letters.length === 1 || SINGLE_INITIAL_SCRIPT.test(first)) return first;
  const last = letters[letters.length - 1].toUpperCase();
  // a zero-width non-joiner keeps two Arabic initials as two letters
  return JOINING_SCRIPT.test(first) && JOINING_SCRIPT.test(last) ? `${first}\u200c${last}` : first + last;
}

/** 32-bit FNV-1a: fast, and spreads similar names ("Anna", "Anne") to distant hues. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const channel = (n: number): number => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (lightness - chroma / 2 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [channel(0), channel(8), channel(4)];
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance([red, green, blue]: [number, number, number]): number {
  const linear = (value: number): number => {
    const channel = value / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

const SATURATION = 0.55;
const START_LIGHTNESS = 0.5;
const colours = new Map<number, string>();

/** The lightest shade of `hue` that white text is readable on; computed once per hue. */
function colourOfHue(hue: number): string {
  let colour = colours.get(hue);
  if (colour) return colour;
  let lightness = START_LIGHTNESS;
  let rgb = hslToRgb(hue, SATURATION, lightness);
  // white's luminance is 1: contrast = 1.05 / (L + 0.05)
  while (1.05 / (luminance(rgb) + 0.05) < AVATAR_MIN_CONTRAST && lightness > 0) {
    lightness -= 0.01;
    rgb = hslToRgb(hue, SATURATION, lightness);
  }
  colour = '#' + rgb.map((value) => value.toString(16).padStart(2, '0')).join('');
  colours.set(hue, colour);
  return colour;
}

/**
 * A background colour (`#rrggbb`) for a generated avatar: the same seed always gives the same
 * colour, different seeds spread around the colour wheel, and white text on it meets WCAG AA.
 */
export function avatarColor(seed: unknown): string {
  const text = typeof seed === 'string' ? seed : typeof seed === 'number' ? String(seed) : '';
  return colourOfHue(hash(text) % 360);
}
