import { expect, fixtureSync, html } from '@open-wc/testing';
import {
  MAX_SELECTION_LENGTH,
  checkSelection,
  collapseWhitespace,
  sentenceContext,
  textQuote,
} from '../../src/components/typo-report/text-quote.js';

/** A range over the `occurrence`-th match of `needle` in the scope's raw text nodes. */
function rangeOfText(scope: Element, needle: string, occurrence = 0): Range {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  const full = nodes.map((node) => node.data).join('');
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = full.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`"${needle}" not found`);
  const locate = (offset: number, preferNext: boolean): [Text, number] => {
    let seen = 0;
    for (const node of nodes) {
      const end = seen + node.data.length;
      if (offset < end || (offset === end && !preferNext)) return [node, offset - seen];
      seen = end;
    }
    const last = nodes[nodes.length - 1];
    return [last, last.data.length];
  };
  const range = document.createRange();
  range.setStart(...locate(index, true));
  range.setEnd(...locate(index + needle.length, false));
  return range;
}

describe('text-quote', () => {
  it('collapses every kind of whitespace to one space', () => {
    expect(collapseWhitespace('a \n\t b\u00a0\u00a0c')).to.equal('a b c');
  });

  it('takes up to 32 characters of context either side of a selection in one text node', async () => {
    const scope = fixtureSync<HTMLElement>(html`<div>
      <p>The quick brown fox jumps over the lazy dog and keeps running far into the quiet evening woods.</p>
    </div>`);
    const quote = textQuote(rangeOfText(scope, 'lazy dog'), scope);
    expect(quote.exact).to.equal('lazy dog');
    expect(quote.prefix).to.equal('The quick brown fox jumps over the '.slice(-32));
    expect(quote.prefix).to.have.length(32);
    expect(quote.suffix).to.equal(' and keeps running far into the quiet'.slice(0, 32));
  });

  it('reads context across element boundaries and separates blocks with a space', async () => {
    const scope = fixtureSync<HTMLElement>(html`<article>
      <h2>Budget</h2><p>The council <em>approved</em> the <a href="#x">new plan</a> on Monday.</p><p>Next week it goes to vote.</p>
    </article>`);
    const quote = textQuote(rangeOfText(scope, 'new plan'), scope);
    expect(quote.exact).to.equal('new plan');
    expect(quote.prefix).to.equal('Budget The council approved the ');
    expect(quote.suffix).to.equal(' on Monday. Next week it goes to');
  });

  it('adds no space before the text right after a selection that ends inside a paragraph', async () => {
    const scope = fixtureSync<HTMLElement>(html`<article>
      <p>Inspectors found water damage in the roof trusses, which were replaced.</p><p>Then it reopened.</p>
    </article>`);
    const quote = textQuote(rangeOfText(scope, 'roof trusses'), scope);
    expect(quote.exact).to.equal('roof trusses');
    expect(quote.suffix).to.equal(', which were replaced. Then it r');
    expect(quote.prefix).to.equal('Inspectors found water damage in the '.slice(-32));
  });

  it('collapses indentation and line breaks of the markup in exact text and context', async () => {
    const scope = fixtureSync<HTMLElement>(html`<div>
      <p>
        Alpha    beta
        gamma&nbsp;&nbsp;delta
        epsilon
      </p>
    </div>`);
    const range = rangeOfText(scope, 'beta\n        gamma');
    const quote = textQuote(range, scope);
    expect(quote.exact).to.equal('beta gamma');
    expect(quote.prefix).to.equal('Alpha ');
    expect(quote.suffix).to.equal(' delta epsilon');
  });

  it('handles a selection spanning several nodes and elements', async () => {
    const scope = fixtureSync<HTMLElement>(html`<div>
      <p>First para ends here.</p><p>Second <strong>para starts</strong> here and goes on.</p>
    </div>`);
    const range = document.createRange();
    const first = scope.querySelector('p')!.firstChild as Text;
    const strong = scope.querySelector('strong')!.firstChild as Text;
    range.setStart(first, first.data.indexOf('ends'));
    range.setEnd(strong, 'para'.length);
    const quote = textQuote(range, scope);
    expect(quote.exact).to.equal('ends here. Second para');
    expect(quote.prefix).to.equal('First para ');
    expect(quote.suffix).to.equal(' starts here and goes on.');
  });

  it('moves whitespace at the edges of the selection into the context', async () => {
    const scope = fixtureSync<HTMLElement>(html`<p>one two three</p>`);
    const quote = textQuote(rangeOfText(scope, ' two '), scope);
    expect(quote).to.deep.equal({ exact: 'two', prefix: 'one ', suffix: ' three' });
  });

  it('keeps context inside the scope and ignores script and style text', async () => {
    const wrapper = fixtureSync<HTMLElement>(html`<div>
      <p>Outside before.</p>
      <section><style>p { color: red }</style><p>Inside text with a typpo in it.</p><script>var x = 1;</script></section>
      <p>Outside after.</p>
    </div>`);
    const scope = wrapper.querySelector('section')!;
    const quote = textQuote(rangeOfText(scope, 'typpo'), scope);
    expect(quote).to.deep.equal({ exact: 'typpo', prefix: 'Inside text with a ', suffix: ' in it.' });
  });

  it('reports empty, outside and too long selections', async () => {
    const wrapper = fixtureSync<HTMLElement>(html`<div>
      <p id="in">Inside paragraph.</p><p id="out">Outside paragraph.</p>
    </div>`);
    const scope = wrapper.querySelector('#in')!;
    const collapsed = document.createRange();
    collapsed.setStart(scope.firstChild!, 2);
    expect(checkSelection(collapsed, scope)).to.equal('empty');
    expect(checkSelection(null, scope)).to.equal('empty');
    expect(checkSelection(rangeOfText(scope, 'Inside'), scope)).to.equal(null);
    const out = wrapper.querySelector('#out')!;
    expect(checkSelection(rangeOfText(out, 'Outside'), scope)).to.equal('outside');
    const spanning = document.createRange();
    spanning.setStart(scope.firstChild!, 0);
    spanning.setEnd(out.firstChild!, 3);
    expect(checkSelection(spanning, scope)).to.equal('outside');

    const long = fixtureSync<HTMLElement>(html`<p>${'word '.repeat(80)}</p>`);
    const all = document.createRange();
    all.selectNodeContents(long);
    expect(checkSelection(all, long)).to.equal('too-long');
    const justEnough = rangeOfText(long, 'word '.repeat(60).slice(0, MAX_SELECTION_LENGTH));
    expect(checkSelection(justEnough, long)).to.equal(null);
  });

  it('treats a selection of whitespace only as empty', async () => {
    const scope = fixtureSync<HTMLElement>(html`<p>one     two</p>`);
    expect(checkSelection(rangeOfText(scope, '     '), scope)).to.equal('empty');
  });

  it('shows the selection in its sentence, not the whole paragraph', async () => {
    const scope = fixtureSync<HTMLElement>(html`<div>
      <p>The mayor spoke first. Then the counsil <em>voted</em> on the plan. It passed easily.</p>
    </div>`);
    const context = sentenceContext(rangeOfText(scope, 'counsil'), scope, 'en');
    expect(context).to.deep.equal({ before: 'Then the ', exact: 'counsil', after: ' voted on the plan.' });
  });

  it('extends the sentence over every sentence the selection touches, within its blocks', async () => {
    const scope = fixtureSync<HTMLElement>(html`<div>
      <h2>Heading without a stop</h2>
      <p>One sentence here. Two sentences there. Three at the end.</p>
    </div>`);
    const context = sentenceContext(rangeOfText(scope, 'here. Two'), scope, 'en');
    expect(context.before).to.equal('One sentence ');
    expect(context.exact).to.equal('here. Two');
    expect(context.after).to.equal(' sentences there.');
  });

  it('shortens a very long sentence with an ellipsis', async () => {
    const words = 'lorem ipsum dolor sit amet '.repeat(12);
    const scope = fixtureSync<HTMLElement>(html`<p>${words}TARGET ${words}end.</p>`);
    const context = sentenceContext(rangeOfText(scope, 'TARGET'), scope, 'en');
    expect(context.before.startsWith('…')).to.equal(true);
    expect(context.after.endsWith('…')).to.equal(true);
    expect(context.before.length).to.be.at.most(122);
    expect(context.after.length).to.be.at.most(122);
    expect(context.exact).to.equal('TARGET');
  });
});
