import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ReplyForm } from '../../src/components/reply-form/reply-form.js';
import { colorLuminance } from '../../src/styles/page-context.js';
import '../helpers/define.js';
import { deepQuery } from '../helpers/dom.js';
import { makeComments } from '../helpers/fixtures.js';

// What confab takes from the page around it and what it resets: sizes from the text where the
// element sits (not the root's font size), the page's colour scheme and text colour (read from
// the colour it inherits), and inherited text settings that would break a widget.

let threadCounter = 0;
const nextThread = (): string => `page-context-${++threadCounter}-${Date.now()}`;

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/** A reply form on a page region styled by `style`. */
async function formIn(style: string): Promise<ReplyForm> {
  const page = await fixture<HTMLElement>(html`<div style=${style}><reply-form thread-id=${nextThread()} .adapter=${new MemoryAdapter()}></reply-form></div>`);
  const form = page.querySelector<ReplyForm>('reply-form')!;
  await form.updateComplete;
  await frame();
  return form;
}

const part = (el: Element, name: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
const height = (el: Element): number => el.getBoundingClientRect().height;

describe('the colours of the page', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    document.documentElement.style.removeProperty('color');
  });

  it('reads luminance from the colour forms browsers compute', () => {
    expect(colorLuminance('rgb(0, 0, 0)')).to.equal(0);
    expect(colorLuminance('rgb(255, 255, 255)')).to.be.closeTo(1, 1e-9);
    expect(colorLuminance('rgba(232, 233, 236, 0.87)')).to.be.above(0.7);
    expect(colorLuminance('color(srgb 0.1 0.1 0.1)')).to.be.below(0.02);
    expect(colorLuminance('color(display-p3 0.9 0.9 0.9)')).to.be.above(0.7);
    expect(colorLuminance('color(xyz-d65 0.2 0.6 0.3)')).to.equal(0.6);
    expect(colorLuminance('oklch(0.92 0.01 250)')).to.be.above(0.7);
    expect(colorLuminance('oklab(0.25 0 0)')).to.be.below(0.02);
    expect(colorLuminance('lab(90 0 0)')).to.be.above(0.7);
    expect(colorLuminance('CanvasText')).to.equal(undefined);
  });

  it('a page in light text gets the dark scheme and its text colour, though the system is light', async () => {
    const form = await formIn('color: rgb(221, 225, 230); background: rgb(20, 22, 26)');
    expect(getComputedStyle(form).colorScheme).to.equal('dark');
    expect(getComputedStyle(form).color).to.equal('rgb(221, 225, 230)');
    // a dark-scheme colour inside: the field background
    expect(getComputedStyle(part(form, 'input')).backgroundColor).to.equal('rgb(21, 24, 28)');
  });

  it('a page in dark text gets the light scheme, though the system is dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const form = await formIn('color: rgb(29, 31, 35); background: white');
    expect(getComputedStyle(form).colorScheme).to.equal('light');
    expect(getComputedStyle(part(form, 'input')).backgroundColor).to.equal('rgb(255, 255, 255)');
  });

  it('a theme attribute wins over the page, with confab’s own text colour', async () => {
    const page = await fixture<HTMLElement>(
      html`<div style="color: rgb(29, 31, 35); background: white"><reply-form theme="dark" thread-id=${nextThread()} .adapter=${new MemoryAdapter()}></reply-form></div>`,
    );
    const form = page.querySelector<ReplyForm>('reply-form')!;
    await form.updateComplete;
    await frame();
    expect(getComputedStyle(form).colorScheme).to.equal('dark');
    expect(getComputedStyle(form).color).to.equal('rgb(230, 232, 235)');
  });

  it('--confab-color-scheme and --confab-color-text set by the page win over what is read', async () => {
    const form = await formIn('color: rgb(29, 31, 35); --confab-color-scheme: dark; --confab-color-text: rgb(250, 250, 250)');
    expect(getComputedStyle(form).colorScheme).to.equal('dark');
    expect(getComputedStyle(form).color).to.equal('rgb(250, 250, 250)');
  });

  it('follows the page when it switches its theme on <html>', async () => {
    const form = await formIn('');
    expect(getComputedStyle(form).colorScheme).to.equal('light');
    document.documentElement.style.color = 'rgb(235, 235, 235)';
    await waitUntil(() => getComputedStyle(form).colorScheme === 'dark', 'the form did not follow the page into dark');
    expect(getComputedStyle(form).color).to.equal('rgb(235, 235, 235)');
    document.documentElement.style.removeProperty('color');
    await waitUntil(() => getComputedStyle(form).colorScheme === 'light', 'the form did not follow the page back');
  });

  it('elements inside a thread inherit the scheme the thread read', async () => {
    const threadId = nextThread();
    const adapter = new MemoryAdapter({ comments: makeComments({ threadId, count: 2 }) });
    const page = await fixture<HTMLElement>(
      html`<div style="color: rgb(221, 225, 230); background: rgb(20, 22, 26)"><comment-thread thread-id=${threadId} .adapter=${adapter}></comment-thread></div>`,
    );
    const thread = page.querySelector('comment-thread')!;
    // comments are templates in the thread's shadow root: its reply form is the element inside it
    await waitUntil(() => deepQuery(thread, 'reply-form') && deepQuery(thread, 'article'), 'the comments did not render');
    const counter = deepQuery(thread, 'reply-form')!;
    expect(getComputedStyle(counter).colorScheme).to.equal('dark');
    expect(getComputedStyle(counter).color).to.equal('rgb(221, 225, 230)');
  });
});

describe('sizes from the page’s text', () => {
  afterEach(() => document.documentElement.style.removeProperty('font-size'));

  it('under a 62.5 % root with 18 px text, the text is 18 px and no control is under 24 px', async () => {
    document.documentElement.style.fontSize = '62.5%';
    const form = await formIn('font-size: 1.8rem');
    expect(getComputedStyle(part(form, 'textarea')).fontSize).to.equal('18px');
    for (const name of ['tab', 'textarea', 'input', 'submit']) {
      expect(height(part(form, name)), name).to.be.at.least(24);
    }
  });

  it('grows with large text: 24 px text, targets and spacing in proportion', async () => {
    const small = await formIn('font-size: 16px');
    const large = await formIn('font-size: 24px');
    expect(getComputedStyle(part(large, 'textarea')).fontSize).to.equal('24px');
    expect(height(part(large, 'tab')) / height(part(small, 'tab'))).to.be.closeTo(1.5, 0.15);
    expect(parseFloat(getComputedStyle(part(large, 'fields')).columnGap) / parseFloat(getComputedStyle(part(small, 'fields')).columnGap)).to.be.closeTo(1.5, 0.01);
  });

  it('never under 14 px text or 24 px targets on a page of small print', async () => {
    const form = await formIn('font-size: 11px');
    expect(getComputedStyle(part(form, 'textarea')).fontSize).to.equal('14px');
    expect(height(part(form, 'tab'))).to.be.at.least(24);
  });

  it('a site’s --confab-font-size and --confab-target-size still decide, targets never under 24 px', async () => {
    const form = await formIn('font-size: 16px; --confab-font-size: 13px; --confab-target-size: 10px');
    expect(getComputedStyle(part(form, 'textarea')).fontSize).to.equal('13px');
    expect(height(part(form, 'tab'))).to.be.at.least(24);
  });

  it('a smaller-text control keeps the target size computed at the host', async () => {
    const form = await formIn('font-size: 16px');
    // the tab's text is smaller than the host's; its height still comes from the host's 16 px
    expect(parseFloat(getComputedStyle(part(form, 'tab')).fontSize)).to.be.below(16);
    expect(height(part(form, 'tab'))).to.be.at.least(28);
  });
});

describe('inherited text settings', () => {
  it('a justified, indented, upper-case, spaced-out, hyphenated, pre-wrap page reaches no widget', async () => {
    const form = await formIn(
      'text-align: justify; text-align-last: justify; text-indent: 3em; text-transform: uppercase; letter-spacing: 0.2em; word-spacing: 0.5em; white-space: pre-wrap; hyphens: auto; word-break: break-all; text-shadow: 0 0 2px red; line-height: 1',
    );
    for (const name of ['heading', 'label', 'submit']) {
      const style = getComputedStyle(part(form, name));
      // a button centres its label of its own
      expect(style.textAlign, name).to.equal(name === 'submit' ? 'center' : 'start');
      expect(style.textIndent, name).to.equal('0px');
      expect(style.textTransform, name).to.equal('none');
      expect(style.letterSpacing, name).to.equal('normal');
      expect(style.wordSpacing, name).to.equal('0px');
      expect(style.whiteSpaceCollapse, name).to.equal('collapse');
      expect(style.hyphens, name).to.equal('manual');
      expect(style.wordBreak, name).to.equal('normal');
      expect(style.textShadow, name).to.equal('none');
    }
    const textarea = getComputedStyle(part(form, 'textarea'));
    expect(parseFloat(textarea.lineHeight) / parseFloat(textarea.fontSize)).to.be.closeTo(1.55, 0.01);
  });

  it('a comment count in the page’s text keeps that text’s case and spacing', async () => {
    const threadId = nextThread();
    const adapter = new MemoryAdapter({ comments: makeComments({ threadId, count: 3 }) });
    const page = await fixture<HTMLElement>(
      html`<p style="text-transform: uppercase; letter-spacing: 0.1em">Teaser · <comment-count thread-id=${threadId} .adapter=${adapter}></comment-count></p>`,
    );
    const count = page.querySelector('comment-count')!;
    await waitUntil(() => count.shadowRoot!.querySelector('[part~="count"]'), 'the count did not load');
    const style = getComputedStyle(count.shadowRoot!.querySelector('[part~="count"]')!);
    expect(style.textTransform).to.equal('uppercase');
    expect(style.letterSpacing).to.not.equal('normal');
  });
});
