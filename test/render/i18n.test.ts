import { expect, fixtureSync, html } from '@open-wc/testing';
import { configure } from '../../src/configure.js';
import { AdapterError } from '../../src/model/adapter.js';
import { errorMessage, formatNumber, hasString, onStringsChange, resolveLang, setStrings, t } from '../../src/render/i18n.js';
import { en } from '../../src/render/strings/en.js';
import { spyOnIntl } from '../helpers/intl.js';

describe('t', () => {
  it('returns the English string', () => {
    expect(t('thread.title', {}, 'en')).to.equal('Comments');
    expect(t('form.submit', {}, 'en')).to.equal('Post comment');
  });

  it('picks English plural forms, with a zero form where the table has one', () => {
    expect([0, 1, 2, 5].map((count) => t('thread.count', { count }, 'en'))).to.deep.equal([
      'No comments yet',
      '1 comment',
      '2 comments',
      '5 comments',
    ]);
    expect([0, 1, 2].map((count) => t('count.badge', { count }, 'en'))).to.deep.equal(['0 comments', '1 comment', '2 comments']);
    expect(t('thread.showReplies', { count: 1 }, 'en')).to.equal('Show 1 more reply');
    expect(t('thread.showReplies', { count: 3 }, 'en')).to.equal('Show 3 more replies');
  });

  it('formats numbers for the language', () => {
    expect(t('count.badge', { count: 12345 }, 'en')).to.equal('12,345 comments');
  });

  it('uses the "other" form when count is missing or not a number', () => {
    expect(t('count.badge', {}, 'en')).to.equal('{count} comments');
    expect(t('count.badge', { count: 'many' }, 'en')).to.equal('many comments');
  });

  it('fills each placeholder once, never expanding a parameter value', () => {
    expect(t('form.replyTitle', { name: 'Ada {count} {name}' }, 'en')).to.equal('Reply to Ada {count} {name}');
    expect(t('form.tooLong', { max: 5000, count: 5012 }, 'en')).to.equal('Comments are limited to 5,000 characters; this one has 5,012.');
    expect(t('form.replyTitle', {}, 'en')).to.equal('Reply to {name}');
    expect(t('form.replyTitle', { name: null }, 'en')).to.equal('Reply to ');
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(t('form.replyTitle', { name: hostile }, 'en')).to.equal('Reply to ');
  });

  it('selects Russian plural categories from a registered table', () => {
    setStrings('ru', {
      'thread.count': {
        zero: 'Комментариев пока нет',
        one: '{count} комментарий',
        few: '{count} комментария',
        many: '{count} комментариев',
        other: '{count} комментария',
      },
    });
    const forms = [0, 1, 2, 5, 11, 21, 22, 25, 111, 1.5].map((count) => t('thread.count', { count }, 'ru'));
    expect(forms).to.deep.equal([
      'Комментариев пока нет',
      '1 комментарий',
      '2 комментария',
      '5 комментариев',
      '11 комментариев',
      '21 комментарий',
      '22 комментария',
      '25 комментариев',
      '111 комментариев',
      '1,5 комментария',
    ]);
  });

  it('selects Arabic plural categories from a registered table', () => {
    setStrings('ar', {
      'count.badge': { zero: 'zero', one: 'one', two: 'two', few: 'few', many: 'many', other: 'other' },
    });
    expect([0, 1, 2, 3, 11, 100].map((count) => t('count.badge', { count }, 'ar'))).to.deep.equal([
      'zero',
      'one',
      'two',
      'few',
      'many',
      'other',
    ]);
  });

  it('falls back to English per key, with English plural rules', () => {
    setStrings('ru', { 'thread.title': 'Комментарии' });
    expect(t('thread.title', {}, 'ru')).to.equal('Комментарии');
    expect(t('form.submit', {}, 'ru')).to.equal('Post comment');
    // Russian rules would say "one" for 21; the English string needs "other"
    expect(t('comment.replies', { count: 21 }, 'ru')).to.equal('21 replies');
  });

  it('finds a language by its base tag, ignoring case and separator', () => {
    setStrings('de', { 'thread.title': 'Kommentare' });
    expect(t('thread.title', {}, 'de-AT')).to.equal('Kommentare');
    expect(t('thread.title', {}, 'DE_ch')).to.equal('Kommentare');
    expect(t('thread.title', {}, 'deu')).to.equal('Comments');
  });

  it('lets a site override any string and notifies listeners', () => {
    let calls = 0;
    const stop = onStringsChange(() => (calls += 1));
    try {
      setStrings('en', { 'form.submit': 'Send', 'reaction.heart': 'Love it' });
      expect(t('form.submit', {}, 'en')).to.equal('Send');
      expect(hasString('reaction.heart', 'en')).to.equal(true);
      expect(calls).to.equal(1);
    } finally {
      stop();
      setStrings('en', { 'form.submit': en['form.submit'] });
    }
    expect(t('form.submit', {}, 'en')).to.equal('Post comment');
    expect(calls).to.equal(1);
  });

  it('ignores override values that are not strings or plural forms', () => {
    setStrings('en', { 'thread.title': 42 as unknown as string, 'thread.empty': { one: 'x' } as unknown as string });
    expect(t('thread.title', {}, 'en')).to.equal('Comments');
    expect(t('thread.empty', {}, 'en')).to.equal('Be the first to comment.');
  });

  it('does not throw on a malformed language tag', () => {
    expect(t('count.badge', { count: 2 }, 'not a language!')).to.equal('2 comments');
  });

  it('has no markup and no empty string in the English table', () => {
    for (const [key, value] of Object.entries(en)) {
      for (const text of typeof value === 'string' ? [value] : Object.values(value)) {
        expect(text.trim(), key).not.to.equal('');
        expect(text, key).not.to.match(/[<>]/);
      }
    }
  });

  it('tells whether a key exists', () => {
    expect(hasString('reaction.like', 'en')).to.equal(true);
    expect(hasString('reaction.unicorn', 'en')).to.equal(false);
  });
});

describe('resolveLang', () => {
  const root = document.documentElement;
  let saved: string;
  beforeEach(() => {
    saved = root.lang;
  });
  afterEach(() => {
    root.lang = saved;
    configure({ lang: undefined });
  });

  it('reads the element, then the closest ancestor with a lang', () => {
    const el = fixtureSync<HTMLElement>(html`<section lang="fr"><div lang=""><p><span lang="de">x</span><b>y</b></p></div></section>`);
    expect(resolveLang(el.querySelector('span'))).to.equal('de');
    expect(resolveLang(el.querySelector('b'))).to.equal('fr');
  });

  it('crosses shadow roots', () => {
    const host = fixtureSync<HTMLElement>(html`<div lang="ru"><span></span></div>`);
    const inner = document.createElement('em');
    host.querySelector('span')!.attachShadow({ mode: 'open' }).append(inner);
    expect(resolveLang(inner)).to.equal('ru');
  });

  it('falls back to the configured default, then <html lang>, then English', () => {
    const el = fixtureSync<HTMLElement>(html`<p>x</p>`);
    root.lang = 'it';
    expect(resolveLang(el)).to.equal('it');
    configure({ lang: 'pl' });
    expect(resolveLang(el)).to.equal('pl');
    expect(resolveLang()).to.equal('pl');
    configure({ lang: undefined });
    root.lang = '';
    expect(resolveLang(el)).to.equal('en');
  });

  it('is what t uses when no language is given', () => {
    setStrings('nl', { 'thread.title': 'Reacties' });
    root.lang = 'nl';
    expect(t('thread.title')).to.equal('Reacties');
  });
});

describe('errorMessage', () => {
  it('gives the sentence of each AdapterError code', () => {
    expect(errorMessage(new AdapterError('network', 'fetch failed'), 'en')).to.equal(en['error.network']);
    expect(errorMessage(new AdapterError('forbidden', 'no'), 'en')).to.equal(en['error.forbidden']);
    expect(errorMessage(new AdapterError('conflict', 'stale'), 'en')).to.equal('This comment was changed elsewhere.');
    expect(errorMessage(new AdapterError('too_large', 'big'), 'en')).to.equal(en['error.too_large']);
    expect(errorMessage(new AdapterError('not_found', 'gone'), 'en')).to.equal(en['error.not_found']);
  });

  it('says how long to wait when rate limited', () => {
    expect(errorMessage(new AdapterError('rate_limited', 'slow down', { retryAfter: 29.2 }), 'en')).to.equal(
      'Too many requests, please wait 30 s',
    );
    expect(errorMessage(new AdapterError('rate_limited', 'slow down'), 'en')).to.equal(en['error.rateLimitedMoment']);
  });

  it('names the field of a validation error', () => {
    expect(errorMessage(new AdapterError('validation', 'bad', { field: 'author.name' }), 'en')).to.equal('Please check the field “Name”.');
    expect(errorMessage(new AdapterError('validation', 'bad', { field: 'weird' }), 'en')).to.equal(en['error.validation']);
  });

  it('never shows the message an adapter wrote', () => {
    const text = errorMessage(new AdapterError('server', 'Call +1 555 0100 to unlock your account'), 'en');
    expect(text).to.equal(en['error.server']);
  });

  it('recognizes an AdapterError from another copy of the library by its shape', () => {
    expect(errorMessage({ name: 'AdapterError', code: 'timeout', message: 'x' }, 'en')).to.equal(en['error.timeout']);
  });

  it('gives the generic sentence for anything else, without throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    for (const value of [new Error('boom'), new TypeError('x is undefined'), 'text', null, undefined, 42, hostile, { name: 'AdapterError', code: 'nope' }]) {
      expect(errorMessage(value, 'en')).to.equal('Something went wrong');
    }
    expect(errorMessage(new DOMException('stop', 'AbortError'), 'en')).to.equal(en['error.aborted']);
  });

  it('speaks the language asked for', () => {
    setStrings('de', { 'error.network': 'Netzwerkfehler' });
    expect(errorMessage(new AdapterError('network', 'x'), 'de')).to.equal('Netzwerkfehler');
  });
});

describe('formatNumber', () => {
  it('writes plain English numbers and plurals as Intl does, without Intl', () => {
    const numbers = [0, 1, 7, 999, 1000, 5000, 12345, 999999, 1000000, 1234567, -1, -1234, Number.MAX_SAFE_INTEGER];
    const spy = spyOnIntl();
    let written: string[];
    let counts: string[];
    try {
      written = numbers.map((value) => formatNumber(value, 'en'));
      counts = [0, 1, 2, 1000].map((count) => t('thread.showReplies', { count }, 'en'));
    } finally {
      spy.restore();
    }
    expect(spy.calls).to.equal(0);
    expect(written).to.deep.equal(numbers.map((value) => new Intl.NumberFormat('en').format(value)));
    expect(counts).to.deep.equal(['Show 0 more replies', 'Show 1 more reply', 'Show 2 more replies', 'Show 1,000 more replies']);
  });

  it('leaves other languages, fractions and English of other regions to Intl', () => {
    expect(formatNumber(1234.5, 'en')).to.equal('1,234.5');
    expect(formatNumber(1234567, 'de')).to.equal('1.234.567');
    expect(formatNumber(123456, 'en-IN')).to.equal(new Intl.NumberFormat('en-IN').format(123456));
    expect(formatNumber(1234, 'not a language!')).to.equal('1,234');
  });
});
