import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { CommentItem } from '../../src/components/comment-item/comment-item.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import type { ReplyForm } from '../../src/components/reply-form/reply-form.js';
import type { TypoReport } from '../../src/components/typo-report/typo-report.js';
import '../../src/locales/ar.js';
import type { Comment } from '../../src/model/comment.js';
import { getThreadStore } from '../../src/store/thread-store.js';
import '../helpers/define.js';
import { deepActiveElement, deepQuery, text } from '../helpers/dom.js';
import { makeComment, makeComments } from '../helpers/fixtures.js';

// Every element, with real content, checked by axe (contrast AA included) in each theme and right
// to left in Arabic; plus two checks axe leaves out by default: pointer targets of at least 24 px
// (WCAG 2.5.8) and a focus ring that every keyboard stop shows, in a colour that stands out from
// the page (WCAG 2.4.7, 1.4.11).

interface Mode {
  name: string;
  /** `theme` attribute on each element; none: follow the system */
  theme?: 'light' | 'dark';
  /** the emulated `prefers-color-scheme` */
  system: 'light' | 'dark';
  lang: 'en' | 'ar';
  dir: 'ltr' | 'rtl';
}

const MODES: Mode[] = [
  // pinned light while the system is dark: the attribute must win
  { name: 'light theme', theme: 'light', system: 'dark', lang: 'en', dir: 'ltr' },
  { name: 'dark theme', theme: 'dark', system: 'light', lang: 'en', dir: 'ltr' },
  { name: 'dark system colour scheme', system: 'dark', lang: 'en', dir: 'ltr' },
  { name: 'Arabic, right to left', system: 'light', lang: 'ar', dir: 'rtl' },
  { name: 'Arabic, right to left, dark theme', theme: 'dark', system: 'light', lang: 'ar', dir: 'rtl' },
];

/** The host page's own colours in each scheme, as a site with a dark mode paints them. */
const PAGE = {
  light: { background: '#ffffff', color: '#1d1f23' },
  dark: { background: '#16181c', color: '#e8e9ec' },
};

const VIEWER = 'viewer';

/** A discussion with every kind of comment a reader meets: nested replies, own, edited, deleted, Arabic. */
function discussion(threadId: string): Comment[] {
  const comments = makeComments({ threadId, count: 2, replies: 1, depth: 2, seed: 7 });
  return [
    ...comments,
    makeComment({
      id: 'own',
      threadId,
      author: { id: VIEWER, name: 'Me Myself', url: 'https://me.example/' },
      body: 'My own comment, with a [link](https://example.org/) and `code`.',
      createdAt: new Date(Date.now() - 3 * 60_000).toISOString(),
      editedAt: new Date(Date.now() - 60_000).toISOString(),
      reactions: { like: 2 },
      viewer: { reactions: ['like'], canEdit: true, canDelete: true },
    }),
    makeComment({
      id: 'gone',
      threadId,
      author: { name: '' },
      body: '',
      status: 'deleted',
      replyCount: 1,
      createdAt: new Date(Date.now() - 2 * 60_000).toISOString(),
    }),
    makeComment({
      id: 'gone.1',
      threadId,
      parentId: 'gone',
      author: { name: 'ليلى حداد' },
      body: 'شكرًا على هذا المقال، **التفاصيل** مفيدة جدًا.',
      createdAt: new Date(Date.now() - 60_000).toISOString(),
    }),
  ];
}

let threadCounter = 0;
const nextThread = (): string => `a11y-thread-${++threadCounter}-${Date.now()}`;

const part = <T extends Element = HTMLElement>(el: Element, name: string): T | null =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

/**
 * Places `content` on a page painted in the mode's colours, between two buttons outside it. The
 * content sets `theme` itself: set later, colours would still be in their transition when checked.
 */
async function onPage<T extends HTMLElement>(mode: Mode, tag: string, content: TemplateResult): Promise<T> {
  const scheme = mode.theme ?? mode.system;
  const page = await fixture<HTMLElement>(html`
    <div
      lang=${mode.lang}
      dir=${mode.dir}
      style="padding: 16px; color-scheme: ${scheme}; background: ${PAGE[scheme].background}; color: ${PAGE[scheme].color}"
    >
      <button id="before">Before</button>
      ${content}
      <button id="after">After</button>
    </div>
  `);
  const el = page.querySelector<T>(tag)!;
  await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return el;
}

// ---- checks axe leaves out by default ------------------------------------------------------------

interface AxeRuleResult {
  id: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}
type AxeRun = (context: Element, options: object) => Promise<{ violations: AxeRuleResult[] }>;

/** WCAG 2.5.8 through axe's own `target-size` rule (off by default in axe 4). */
async function expectTargetsOf24px(el: Element): Promise<void> {
  // the `accessible()` assertion before this one has loaded axe onto the page
  const axe = (window as unknown as { axe?: { run: AxeRun } }).axe;
  if (!axe) throw new Error('axe is not loaded: check accessible() first');
  const { violations } = await axe.run(el, { runOnly: { type: 'rule', values: ['target-size'] }, resultTypes: ['violations'] });
  const problems = violations.flatMap((violation) => violation.nodes.map((node) => `${JSON.stringify(node.target)}: ${node.failureSummary}`));
  expect(problems, problems.join('\n')).to.deep.equal([]);
}

/** sRGB channels of a computed colour (`rgb()`/`rgba()` or `color(srgb …)`). */
function channels(color: string): [number, number, number, number] {
  const rgb = color.match(/^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)$/);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
  const srgb = color.match(/^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+))?\s*\)$/);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  throw new Error(`cannot read the colour ${color}`);
}

function luminance([r, g, b]: number[]): number {
  const linear = (value: number): number => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(channels(a)), luminance(channels(b))].sort((x, y) => y - x);
  return (la + 0.05) / (lb + 0.05);
}

/** The colour an element sits on: the first opaque background up its (shadow-including) ancestors. */
function backgroundBehind(el: Element): string {
  for (let node: Element | null = el; node; ) {
    const background = getComputedStyle(node).backgroundColor;
    if (channels(background)[3] === 1) return background;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null);
  }
  return 'rgb(255, 255, 255)';
}

/**
 * Checks the focus ring of the focused element: an outline at least 2 px wide, or a box-shadow
 * ring (on the control, or on the field box around it that lights up with :focus-within), in a
 * colour with 3:1 contrast against what the ring is drawn on.
 */
function expectFocusRing(active: Element): void {
  const label = `${active.localName}${active.getAttribute('part') ? `[part="${active.getAttribute('part')}"]` : ''} "${text(active).slice(0, 30)}"`;
  for (let node: Element | null = active, level = 0; node && level < 3; node = node.parentElement, level++) {
    const style = getComputedStyle(node);
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) {
      expect(parseFloat(style.outlineWidth), `${label}: outline width`).to.be.at.least(2);
      // an outline with an offset is drawn on what is around the control, else on the control itself
      const under = parseFloat(style.outlineOffset) > 0 && node.parentElement ? backgroundBehind(node.parentElement) : backgroundBehind(node);
      expect(contrast(style.outlineColor, under), `${label}: ring ${style.outlineColor} on ${under}`).to.be.at.least(3);
      return;
    }
    const shadow = style.boxShadow.match(/rgba?\([^)]*\)/);
    if (style.boxShadow !== 'none' && shadow) {
      const under = node.parentElement ? backgroundBehind(node.parentElement) : 'rgb(255, 255, 255)';
      expect(contrast(shadow[0], under), `${label}: ring ${shadow[0]} on ${under}`).to.be.at.least(3);
      return;
    }
  }
  expect.fail(`${label} shows no focus ring`);
}

/** Waits for the focus transitions around `el` to end: the ring as it stays, not as it fades in. */
async function transitionsEnded(el: Element): Promise<void> {
  const nodes = [el, el.parentElement, el.parentElement?.parentElement].filter((node): node is HTMLElement => node instanceof HTMLElement);
  const transitions = nodes.flatMap((node) => node.getAnimations()).filter((animation) => animation instanceof CSSTransition);
  await Promise.all(transitions.map((transition) => transition.finished.catch(() => undefined)));
}

/**
 * Tabs through `el` from the button before it and checks the focus ring at each stop. Returns
 * the number of stops.
 */
async function expectVisibleFocus(el: Element, limit = 80): Promise<number> {
  document.querySelector<HTMLButtonElement>('#before')!.focus();
  const seen = new Set<Element>();
  for (let i = 0; i < limit; i++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActiveElement();
    if (!active || active.id === 'after' || seen.has(active)) break;
    seen.add(active);
    await transitionsEnded(active);
    expect(active.matches(':focus-visible'), `${active.localName} matches :focus-visible`).to.equal(true);
    expectFocusRing(active);
  }
  return seen.size;
}

/** All three checks on one element in its current state. */
async function expectAccessibleEverywhere(el: Element, { minStops = 1 } = {}): Promise<void> {
  await expect(el).to.be.accessible();
  await expectTargetsOf24px(el);
  expect(await expectVisibleFocus(el), 'keyboard stops inside the element').to.be.at.least(minStops);
}

// ---- the suite -----------------------------------------------------------------------------------

for (const mode of MODES) {
  describe(`every element, ${mode.name}`, function () {
    this.timeout(30_000);

    before(() => emulateMedia({ colorScheme: mode.system }));
    after(() => emulateMedia({ colorScheme: 'light' }));
    afterEach(() => {
      document.getSelection()?.removeAllRanges();
      localStorage.clear();
    });

    it('comment-thread with nested replies, own, edited, deleted and Arabic comments', async () => {
      const threadId = nextThread();
      const adapter = new MemoryAdapter({ comments: discussion(threadId), viewerId: VIEWER });
      const el = await onPage<CommentThread>(mode, 'comment-thread', html`<comment-thread theme=${ifDefined(mode.theme)} thread-id=${threadId} .adapter=${adapter}></comment-thread>`);
      await waitUntil(() => el.shadowRoot!.querySelector('[role="feed"] > [data-comment-id]'), 'the thread did not load');
      await waitUntil(() => deepQuery(el, '[part~="comment-body"] strong'), 'the nested Arabic reply did not render');
      expect(getComputedStyle(el).direction).to.equal(mode.dir);
      const reply = deepQuery(el, '[part~="comment-reply-button"]')!;
      expect(text(reply)).to.equal(mode.lang === 'ar' ? 'رد' : 'Reply');
      // the reply arrow points back against the reading direction
      expect(getComputedStyle(reply.querySelector('svg')!).transform).to.equal(mode.dir === 'rtl' ? 'matrix(-1, 0, 0, 1, 0, 0)' : 'none');
      await expectAccessibleEverywhere(el, { minStops: 10 });
    });

    it('comment-item on its own, with its replies', async () => {
      const threadId = nextThread();
      const adapter = new MemoryAdapter({ comments: discussion(threadId), viewerId: VIEWER });
      const store = getThreadStore(adapter, threadId);
      await store.load();
      const first = store.state.ids[0];
      const el = await onPage<CommentItem>(mode, 'comment-item', html`<comment-item theme=${ifDefined(mode.theme)} .store=${store} comment-id=${first}></comment-item>`);
      await waitUntil(() => el.shadowRoot!.querySelectorAll('[data-comment-id]').length > 1, 'the replies did not render');
      await expectAccessibleEverywhere(el, { minStops: 3 });
    });

    it('reply-form showing what is missing, then a failed post', async () => {
      const adapter = new MemoryAdapter({ fail: { post: true } });
      const el = await onPage<ReplyForm>(mode, 'reply-form', html`<reply-form theme=${ifDefined(mode.theme)} thread-id=${nextThread()} .adapter=${adapter}></reply-form>`);
      part<HTMLButtonElement>(el, 'submit')!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('#name-error'), 'no message for the missing name');
      await expectAccessibleEverywhere(el, { minStops: 3 });

      el.shadowRoot!.querySelector<HTMLInputElement>('#name')!.focus();
      await sendKeys({ type: 'Ada' });
      el.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea')!.focus();
      await sendKeys({ type: 'A comment that will not reach the server.' });
      part<HTMLButtonElement>(el, 'submit')!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"][part~="error"]'), 'no error after the failed post');
      await expectAccessibleEverywhere(el, { minStops: 3 });
    });

    it('reaction-counter with counts and a pressed reaction', async () => {
      const threadId = nextThread();
      const adapter = new MemoryAdapter();
      await adapter.asViewer('someone-else').react({ threadId, commentId: null, reaction: 'dislike', active: true });
      const el = await onPage<HTMLElement>(mode, 'reaction-counter', html`<reaction-counter theme=${ifDefined(mode.theme)} thread-id=${threadId} .adapter=${adapter}></reaction-counter>`);
      await waitUntil(() => el.shadowRoot!.querySelector('[aria-busy="false"]'), 'the counter did not load');
      const like = el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-pressed]')!;
      like.click();
      await waitUntil(() => like.getAttribute('aria-pressed') === 'true', 'the reaction was not pressed');
      await expectAccessibleEverywhere(el, { minStops: 2 });
    });

    it('comment-count badge in a teaser line', async () => {
      const threadId = nextThread();
      const adapter = new MemoryAdapter({ comments: makeComments({ threadId, count: 3 }) });
      // a badge is a link in the page's own text, where WCAG exempts inline targets from 24 px
      const el = await onPage<HTMLElement>(
        mode,
        'comment-count',
        html`<p>
          ${mode.lang === 'ar' ? 'مكتبة الحي الشرقي تعيد فتح أبوابها' : 'Eastside library reopens'} ·
          <comment-count theme=${ifDefined(mode.theme)} thread-id=${threadId} .adapter=${adapter}></comment-count>
        </p>`,
      );
      await waitUntil(() => part(el, 'count'), 'the count did not load');
      expect(text(part(el, 'count'))).to.equal(mode.lang === 'ar' ? '3 تعليقات' : '3 comments');
      await expectAccessibleEverywhere(el);
    });

    it('typo-report hint, and its dialog open with a failed send', async () => {
      const adapter = new MemoryAdapter({ fail: { reportTypo: true } });
      const el = await onPage<TypoReport>(
        mode,
        'typo-report',
        html`<div>
          <p id="typo-article">${mode.lang === 'ar' ? 'وافق المجلس على الميزانيه بأغلبية واسعة.' : 'The council aproved the budget by a wide margin.'}</p>
          <typo-report theme=${ifDefined(mode.theme)} for="typo-article" .adapter=${adapter}></typo-report>
        </div>`,
      );
      await expect(el).to.be.accessible();
      await expectTargetsOf24px(el);

      const paragraph = [...document.getElementById('typo-article')!.childNodes].find((node) => node.nodeType === Node.TEXT_NODE) as Text;
      const word = mode.lang === 'ar' ? 'الميزانيه' : 'aproved';
      const range = document.createRange();
      range.setStart(paragraph, paragraph.data.indexOf(word));
      range.setEnd(paragraph, paragraph.data.indexOf(word) + word.length);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
      await el.reportSelection();
      const dialog = part<HTMLDialogElement>(el, 'dialog')!;
      expect(dialog.open).to.equal(true);
      part<HTMLButtonElement>(el, 'send')!.click();
      await waitUntil(() => part(el, 'error'), 'no error after the failed send');
      await expect(el).to.be.accessible();
      await expectTargetsOf24px(el);
      // focus stays in the modal dialog: walk its fields and buttons
      part<HTMLInputElement>(el, 'input')!.focus();
      const stops = new Set<Element>();
      for (let i = 0; i < 6; i++) {
        await sendKeys({ press: 'Tab' });
        const active = deepActiveElement();
        // past the last button, Chromium takes focus out of a modal dialog to its own toolbar
        if (!active || active === document.body || stops.has(active)) break;
        stops.add(active);
        await transitionsEnded(active);
        expectFocusRing(active);
      }
      expect(stops.size, 'the dialog has several keyboard stops').to.be.at.least(3);
      dialog.close();
    });
  });
}
