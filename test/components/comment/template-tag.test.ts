import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { EMPTY, piece, templateTag, text } from '../../../src/components/comment/template-tag.js';

function rendered(result: unknown): HTMLElement {
  const container = document.createElement('div');
  render(result, container);
  return container;
}

describe('templateTag', () => {
  it('puts a prefix before every static part name, and leaves values alone', () => {
    const html = templateTag('comment-');
    const el = rendered(html`<div part="base"><span part="author meta" title=${'part="x"'}>${'part="y"'}</span></div>`);
    expect(el.querySelector('div')!.getAttribute('part')).to.equal('comment-base');
    expect(el.querySelector('span')!.getAttribute('part')).to.equal('comment-author comment-meta');
    expect(el.querySelector('span')!.title).to.equal('part="x"');
    expect(el.querySelector('span')!.textContent).to.equal('part="y"');
  });

  it('writes pieces into the template that uses them, one template however many pieces', () => {
    const html = templateTag('');
    const header = (name: string): unknown => piece`<header part="header"><b>${name}</b></header>`;
    const view = (name: string, flat: boolean): unknown => html`<article>${header(name)}${flat ? piece`<i>flat</i>` : EMPTY}<p>${'body'}</p></article>`;
    const first = view('Ada', false);
    const second = view('Bo', false);
    expect((first as { strings: unknown }).strings, 'the same template for the same pieces').to.equal((second as { strings: unknown }).strings);
    expect((view('Ada', true) as { strings: unknown }).strings, 'another for another combination').to.not.equal((first as { strings: unknown }).strings);
    const el = rendered(first);
    expect(el.querySelector('article')!.innerHTML.replace(/<!--.*?-->/g, '')).to.equal('<header part="header"><b>Ada</b></header><p>body</p>');
  });

  it('writes fixed words in escaped, even inside an attribute, and refuses markup inside a tag', () => {
    const html = templateTag('');
    const el = rendered(html`<span aria-label="${text('a "b" <c> & \'d\'')}">${text('<em>not markup</em>')}</span>`);
    const span = el.querySelector('span')!;
    expect(span.getAttribute('aria-label')).to.equal('a "b" <c> & \'d\'');
    expect(span.textContent).to.equal('<em>not markup</em>');
    expect(span.querySelector('em')).to.equal(null);
    expect(() => html`<span title=${piece`<b>x</b>`}></span>`).to.throw(/element content/);
  });
});
