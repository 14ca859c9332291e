import { expect } from '@open-wc/testing';
import { AVATAR_MIN_CONTRAST, avatarColor, initials } from '../../src/render/avatar.js';

/** WCAG 2 contrast of white text on `#rrggbb`, computed independently of the module under test. */
function contrastWithWhite(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}

describe('initials', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initials('Ada Lovelace')).to.equal('AL');
    expect(initials('  grace   brewster murray hopper ')).to.equal('GH');
    expect(initials('Jean-Luc Picard')).to.equal('JP');
  });

  it('takes one letter from a single word', () => {
    expect(initials('ada')).to.equal('A');
    expect(initials('x')).to.equal('X');
  });

  it('keeps combining marks with their letter', () => {
    expect(initials('E\u0301mile Zola')).to.equal('E\u0301Z');
    expect(initials('Łukasz Ćwik')).to.equal('ŁĆ');
  });

  it('skips emoji, punctuation and invisible characters', () => {
    expect(initials('🎉 Party Person')).to.equal('PP');
    expect(initials('@bob')).to.equal('B');
    expect(initials('\u202Eevil')).to.equal('E');
    expect(initials('👩‍👩‍👧 family')).to.equal('F');
  });

  it('gives "?" when there is nothing to show', () => {
    for (const name of ['', '   ', '🎉🎉', '---', '\u200B', null, undefined, 42, {}]) expect(initials(name), String(name)).to.equal('?');
  });

  it('keeps two Arabic initials from joining into one shape', () => {
    expect(initials('محمد علي')).to.equal('م\u200cع');
    expect(initials('דוד כהן')).to.equal('דכ');
  });

  it('uses one character for names in CJK scripts', () => {
    expect(initials('山田 太郎')).to.equal('山');
    expect(initials('김철수')).to.equal('김');
  });

  it('reads only the start of a very long name', () => {
    const started = performance.now();
    expect(initials('a'.repeat(1_000_000) + ' Zed')).to.equal('A');
    expect(performance.now() - started).to.be.below(500);
  });
});

describe('avatarColor', () => {
  it('is stable for a seed and a #rrggbb colour', () => {
    expect(avatarColor('ada@example.com')).to.equal(avatarColor('ada@example.com'));
    expect(avatarColor('ada@example.com')).to.match(/^#[0-9a-f]{6}$/);
  });

  it('meets WCAG AA contrast with white text for every hue it produces', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const colour = avatarColor(`user-${i}`);
      seen.add(colour);
      expect(contrastWithWhite(colour), colour).to.be.at.least(AVATAR_MIN_CONTRAST);
    }
    // spread around the wheel, not a handful of shades
    expect(seen.size).to.be.greaterThan(200);
  });

  it('gives different colours to similar names', () => {
    const colours = new Set(['Anna', 'Anne', 'Ann', 'Annie', 'Hanna'].map(avatarColor));
    expect(colours.size).to.be.at.least(4);
  });

  it('does not throw on a seed that is not a string', () => {
    for (const seed of [undefined, null, 42, {}]) expect(avatarColor(seed)).to.match(/^#[0-9a-f]{6}$/);
  });
});
