import { expect, fixtureSync, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ConfabTypoReportEvent, TypoReport } from '../../src/components/typo-report/typo-report.js';
import { t } from '../../src/render/i18n.js';
import '../helpers/define.js';
import { deepActiveElement, sleep, text } from '../helpers/dom.js';
import { press } from '../helpers/keys.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

const part = <T extends Element = HTMLElement>(el: Element, name: string): T | null =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

/** The dialog; it is created the first time it opens (its code loads then). */
const dialogOf = (el: TypoReport): HTMLDialogElement => part<HTMLDialogElement>(el, 'dialog')!;
const isOpen = (el: TypoReport): boolean => part<HTMLDialogElement>(el, 'dialog')?.open ?? false;

const buttonShown = (el: TypoReport): boolean => part(el, 'button')!.matches(':popover-open');

/** Selects the first occurrence of `needle` inside one text node under `container`. */
function select(container: Element, needle: string): Range {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const index = node.data.indexOf(needle);
    if (index === -1) continue;
    const range = document.createRange();
    range.setStart(node, index);
    range.setEnd(node, index + needle.length);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    return range;
  }
  throw new Error(`"${needle}" not found`);
}

interface Page {
  root: HTMLElement;
  el: TypoReport;
  article: HTMLElement;
  adapter: MemoryAdapter;
}

async function page(adapter = new MemoryAdapter()): Promise<Page> {
  // fixtureSync: a plain root would make fixture() wait for an animation frame, which a
  // background tab of the test browser may never get
  const root = fixtureSync<HTMLElement>(html`<div>
    <button id="elsewhere">Share</button>
    <article id="article-body">
      <h1>Budget passes</h1>
      <p>The city council met on Monday. The new budget was aproved by a wide margin. Residents welcomed it.</p>
      <p>A reader wrote ${HOSTILE} in the letters page.</p>
      <p id="long">${'lorem ipsum '.repeat(40)}</p>
      <textarea aria-label="Notes">Ctrl Enter here is not a report</textarea>
    </article>
    <p id="outside">Text outside the article body.</p>
    <typo-report for="article-body" thread-id="a-42" .adapter=${adapter}></typo-report>
  </div>`);
  const el = root.querySelector<TypoReport>('typo-report')!;
  await el.updateComplete;
  return { root, el, adapter, article: root.querySelector<HTMLElement>('#article-body')! };
}

/** Real key events: Control held down while Enter is pressed. */
const pressCtrlEnter = (): Promise<void> => press('Control+Enter');

async function openedDialog(el: TypoReport): Promise<HTMLDialogElement> {
  await waitUntil(() => isOpen(el), 'dialog opened');
  await el.updateComplete;
  return dialogOf(el);
}

const pageUrl = (): string => location.href.split('#')[0];

describe('<typo-report>', () => {
  afterEach(() => {
    document.getSelection()?.removeAllRanges();
  });

  it('is accessible, closed and with the dialog open', async () => {
    const { el, article } = await page();
    await expect(el).to.be.accessible();
    expect(text(part(el, 'hint'))).to.contain('Ctrl + Enter');
    select(article, 'aproved');
    await pressCtrlEnter();
    await openedDialog(el);
    await expect(el).to.be.accessible();
  });

  it('creates its dialog only when it first opens', async () => {
    const { el, article } = await page();
    await expect(el).to.be.accessible();
    expect(part(el, 'dialog'), 'no dialog before it is needed').to.equal(null);
    select(article, 'aproved');
    await pressCtrlEnter();
    const dialog = await openedDialog(el);
    expect(dialog.open).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('opens on Ctrl+Enter with the selection marked in its sentence, and sends the report', async () => {
    const { el, article, adapter } = await page();
    select(article, 'aproved');
    await pressCtrlEnter();
    const dialog = await openedDialog(el);
    expect(dialog.getAttribute('aria-labelledby')).to.equal('title');
    expect(text(part(el, 'title'))).to.equal(t('typo.title'));
    expect(text(el.shadowRoot!.querySelector('blockquote'))).to.equal('The new budget was aproved by a wide margin.');
    expect(text(part(el, 'mark'))).to.equal('aproved');
    // the correction field has focus: the reader can type at once
    expect(deepActiveElement()).to.equal(part(el, 'input'));
    await sendKeys({ type: 'approved' });

    const before = oneEvent(el, 'confab-typo-report') as Promise<ConfabTypoReportEvent>;
    part<HTMLButtonElement>(el, 'send')!.click();
    const event = await before;
    expect(event.cancelable).to.equal(true);
    expect(event.detail.quote.exact).to.equal('aproved');
    await waitUntil(() => part(el, 'message'), 'thanks shown');
    expect(text(part(el, 'message'))).to.equal(t('typo.sent'));
    expect(part(el, 'count')).to.equal(null);

    const reports = adapter.typoReports;
    expect(reports).to.have.length(1);
    expect(reports[0].quote).to.deep.equal({
      exact: 'aproved',
      prefix: 't on Monday. The new budget was ',
      suffix: ' by a wide margin. Residents wel',
    });
    expect(reports[0].url).to.equal(pageUrl());
    expect(reports[0].suggestion).to.equal('approved');
    expect(reports[0].threadId).to.equal('a-42');
    expect(deepActiveElement()).to.equal(part(el, 'close'));
  });

  it('sends the optional comment and leaves the correction out when empty', async () => {
    const { el, article, adapter } = await page();
    select(article, 'Residents');
    await pressCtrlEnter();
    await openedDialog(el);
    const comment = part<HTMLTextAreaElement>(el, 'textarea')!;
    comment.focus();
    await sendKeys({ type: 'Should this be plural?' });
    await pressCtrlEnter();
    await waitUntil(() => adapter.typoReports.length === 1, 'report stored');
    expect(adapter.typoReports[0].comments).to.deep.equal(['Should this be plural?']);
    expect(adapter.typoReports[0].suggestion).to.equal(undefined);
  });

  it('tells the reader when others reported the same thing', async () => {
    const { el, article, adapter } = await page();
    for (let round = 0; round < 2; round++) {
      // the adapter counts readers, not clicks: the second report comes from another reader
      if (round === 1) el.adapter = adapter.asViewer('second-reader');
      select(article, 'aproved');
      await pressCtrlEnter();
      await openedDialog(el);
      part<HTMLInputElement>(el, 'input')!.focus();
      await sendKeys({ type: 'approved' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => part(el, 'message'), 'sent');
      if (round === 0) {
        await sendKeys({ press: 'Escape' });
        await waitUntil(() => !isOpen(el), 'closed');
      }
    }
    expect(text(part(el, 'count'))).to.equal(t('typo.count', { count: 2 }));
    expect(text(part(el, 'message'))).to.contain(t('typo.sent'));
    expect(adapter.typoReports).to.have.length(1);
    expect(adapter.typoReports[0].count).to.equal(2);
  });

  it('offers a button next to the selection that the keyboard reaches with Tab', async () => {
    const { el, article } = await page();
    expect(buttonShown(el)).to.equal(false);
    select(article, 'aproved');
    await waitUntil(() => buttonShown(el), 'button shown');
    const button = part<HTMLButtonElement>(el, 'button')!;
    expect(text(button)).to.equal(t('typo.button'));
    // placed near the selection, not where <typo-report> sits
    const selectionBox = document.getSelection()!.getRangeAt(0).getBoundingClientRect();
    const buttonBox = button.getBoundingClientRect();
    expect(Math.abs(buttonBox.top - selectionBox.bottom)).to.be.below(30);
    expect(buttonBox.height).to.be.at.least(24);

    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(button);
    await sendKeys({ press: 'Enter' });
    await openedDialog(el);
    expect(text(part(el, 'mark'))).to.equal('aproved');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !isOpen(el), 'closed');
    await waitUntil(() => document.getSelection()!.toString() === 'aproved', 'selection given back');
    expect(deepActiveElement()).to.equal(button);
  });

  it('hides the button when the selection goes away, and shows none for text outside the scope', async () => {
    const { el, article, root } = await page();
    select(article, 'Monday');
    await waitUntil(() => buttonShown(el), 'button shown');
    document.getSelection()!.removeAllRanges();
    await waitUntil(() => !buttonShown(el), 'button hidden');
    select(root.querySelector('#outside')!, 'outside');
    await sleep(400);
    expect(buttonShown(el)).to.equal(false);
  });

  it('opens the dialog by click on the button (touch), keeping the selection it reports', async () => {
    const { el, article } = await page();
    select(article, 'council');
    await waitUntil(() => buttonShown(el), 'button shown');
    part<HTMLButtonElement>(el, 'button')!.click();
    await openedDialog(el);
    expect(text(part(el, 'mark'))).to.equal('council');
  });

  for (const [name, prepare, message] of [
    ['an empty selection', () => document.getSelection()!.removeAllRanges(), t('typo.empty')],
    ['a selection outside the scope', (p: Page) => select(p.root.querySelector('#outside')!, 'outside'), t('typo.outside')],
    [
      'a huge selection',
      (p: Page) => {
        const range = document.createRange();
        range.selectNodeContents(p.root.querySelector('#long')!);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
      },
      t('typo.tooLong', { max: 300 }),
    ],
  ] as const) {
    it(`explains ${name} instead of reporting it`, async () => {
      const p = await page();
      prepare(p);
      await pressCtrlEnter();
      const dialog = await openedDialog(p.el);
      expect(text(part(p.el, 'message'))).to.equal(message);
      expect(dialog.getAttribute('aria-describedby')).to.equal('message');
      expect(part(p.el, 'send')).to.equal(null);
      expect(deepActiveElement()).to.equal(part(p.el, 'close'));
      await expect(p.el).to.be.accessible();
      part<HTMLButtonElement>(p.el, 'close')!.click();
      await waitUntil(() => !dialog.open);
      expect(p.adapter.calls.reportTypo).to.equal(0);
      expect(p.adapter.typoReports).to.have.length(0);
    });
  }

  it('shows hostile selected text as text, never as markup', async () => {
    const { el, article, adapter } = await page();
    select(article, HOSTILE);
    await pressCtrlEnter();
    await openedDialog(el);
    expect(text(part(el, 'mark'))).to.equal(HOSTILE);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(text(el.shadowRoot!.querySelector('blockquote'))).to.equal(`A reader wrote ${HOSTILE} in the letters page.`);
    part<HTMLButtonElement>(el, 'send')!.click();
    await waitUntil(() => adapter.typoReports.length === 1);
    expect(adapter.typoReports[0].quote.exact).to.equal(HOSTILE);
  });

  it('closes on Escape and gives focus back to where it was', async () => {
    const { el, article, root } = await page();
    const elsewhere = root.querySelector<HTMLButtonElement>('#elsewhere')!;
    elsewhere.focus();
    select(article, 'margin');
    await pressCtrlEnter();
    await openedDialog(el);
    expect(deepActiveElement()).to.equal(part(el, 'input'));
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !isOpen(el), 'closed');
    expect(document.activeElement).to.equal(elsewhere);
  });

  it('leaves Ctrl+Enter in a text field alone', async () => {
    const { el, root } = await page();
    const notes = root.querySelector('textarea')!;
    notes.focus();
    notes.setSelectionRange(0, 4);
    await pressCtrlEnter();
    await sleep(100);
    expect(isOpen(el)).to.equal(false);
  });

  it('keeps the inputs when sending fails, and retries', async () => {
    const { el, article, adapter } = await page();
    adapter.failNext('reportTypo');
    select(article, 'aproved');
    await pressCtrlEnter();
    await openedDialog(el);
    await sendKeys({ type: 'approved' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part(el, 'error'), 'error shown');
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(part<HTMLInputElement>(el, 'input')!.value).to.equal('approved');
    expect(text(part(el, 'send'))).to.equal(t('action.retry'));
    expect(adapter.typoReports).to.have.length(0);
    part<HTMLButtonElement>(el, 'send')!.click();
    await waitUntil(() => part(el, 'message'), 'sent after retry');
    expect(adapter.typoReports).to.have.length(1);
    expect(adapter.typoReports[0].suggestion).to.equal('approved');
  });

  it('shows "Sending…" while the adapter works', async () => {
    const { el, article } = await page(new MemoryAdapter({ latency: 200 }));
    select(article, 'aproved');
    await pressCtrlEnter();
    await openedDialog(el);
    part<HTMLButtonElement>(el, 'send')!.click();
    await waitUntil(() => text(part(el, 'status')) === t('typo.sending'), 'sending shown');
    expect(part(el, 'send')!.getAttribute('aria-disabled')).to.equal('true');
    await waitUntil(() => part(el, 'message'), 'sent');
  });

  it('sends nothing when the confab-typo-report event is cancelled', async () => {
    const { el, article, adapter } = await page();
    el.addEventListener('confab-typo-report', (event) => event.preventDefault());
    select(article, 'aproved');
    await pressCtrlEnter();
    await openedDialog(el);
    part<HTMLButtonElement>(el, 'send')!.click();
    await waitUntil(() => !isOpen(el), 'closed');
    expect(adapter.calls.reportTypo).to.equal(0);
  });

  it('does nothing without a reportTypo capability, and logs that once', async () => {
    const adapter = new MemoryAdapter();
    Object.defineProperty(adapter, 'reportTypo', { value: undefined });
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const { el, article } = await page(adapter);
      select(article, 'aproved');
      await pressCtrlEnter();
      await pressCtrlEnter();
      await sleep(400);
      expect(isOpen(el)).to.equal(false);
      expect(buttonShown(el)).to.equal(false);
      expect(warnings.filter((args) => String(args[0]).includes('typo-report'))).to.have.length(1);
    } finally {
      console.warn = warn;
    }
  });

  it('takes its scope from the parent element when "for" is absent', async () => {
    const adapter = new MemoryAdapter();
    const root = fixtureSync<HTMLElement>(html`<div>
      <section><p>Inside the section text.</p><typo-report .adapter=${adapter}></typo-report></section>
      <p id="after">After the section.</p>
    </div>`);
    const el = root.querySelector<TypoReport>('typo-report')!;
    await el.updateComplete;
    select(root.querySelector('#after')!, 'After');
    await pressCtrlEnter();
    await openedDialog(el);
    expect(text(part(el, 'message'))).to.equal(t('typo.outside'));
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !isOpen(el));
    select(root.querySelector('section')!, 'section');
    await pressCtrlEnter();
    await openedDialog(el);
    expect(text(part(el, 'mark'))).to.equal('section');
  });

  it('removes its listeners when disconnected', async () => {
    const { el, article } = await page();
    el.remove();
    select(article, 'aproved');
    await pressCtrlEnter();
    await sleep(100);
    expect(isOpen(el)).to.equal(false);
  });
});
