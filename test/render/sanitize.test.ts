import { expect, html } from '@open-wc/testing';
// eslint-disable-next-line no-restricted-imports -- checks that the page's own DOMPurify is left alone
import DOMPurify from 'dompurify';
import { render, type TemplateResult } from 'lit';
import { markdownToUnsafeHtml } from '../../src/render/markdown.js';
import { LINK_REL, renderMarkdown, renderPreview, safeUrl, sanitizeMarkdown } from '../../src/render/sanitize.js';

const ALLOWED_TAGS = new Set(['P', 'BR', 'STRONG', 'EM', 'DEL', 'S', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A', 'HR']);
const ALLOWED_ATTRIBUTES = new Set(['href', 'start', 'target', 'rel']);

declare global {
  interface Window {
    confabXss?: number;
  }
}

const mounted: HTMLElement[] = [];

// Rendered synchronously by Lit rather than with `fixture`, which waits for an animation frame
// that never comes while the test page is in a background tab.
function mount(template: TemplateResult): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  render(template, container);
  return container;
}

afterEach(() => {
  for (const container of mounted.splice(0)) container.remove();
});

async function renderBody(body: unknown): Promise<HTMLElement> {
  return mount(html`${renderMarkdown(body)}`);
}

/** Only allowlisted elements and attributes, only absolute http(s)/mailto links, each opening safely. */
function expectSafe(root: Element): void {
  for (const element of root.querySelectorAll('*')) {
    expect(ALLOWED_TAGS.has(element.tagName), `<${element.tagName.toLowerCase()}> is not allowed`).to.equal(true);
    for (const attribute of element.attributes) {
      // the one attribute confab itself adds: code blocks are reachable by keyboard
      if (element.tagName === 'PRE' && attribute.name === 'tabindex' && attribute.value === '0') continue;
      expect(ALLOWED_ATTRIBUTES.has(attribute.name), `${attribute.name}= on <${element.tagName.toLowerCase()}>`).to.equal(true);
    }
  }
  for (const link of root.querySelectorAll('a')) {
    const href = link.getAttribute('href');
    expect(href, 'a link without href').to.be.a('string');
    expect(['http:', 'https:', 'mailto:']).to.include(new URL(href!).protocol);
    expect(link.getAttribute('target')).to.equal('_blank');
    expect(link.getAttribute('rel')).to.equal('ugc nofollow noopener noreferrer');
  }
}

/** Lets any handler that slipped through (onerror, onload…) run before asserting it did not. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('renderMarkdown: hostile input', () => {
  beforeEach(() => {
    window.confabXss = 0;
  });

  const vectors: [string, string][] = [
    ['script tag', '<script>window.confabXss = 1</script>'],
    ['img onerror', '<img src=x onerror="window.confabXss = 1">'],
    ['svg onload', '<svg onload="window.confabXss = 1"><circle r="5"/></svg>'],
    ['iframe', '<iframe src="javascript:window.confabXss = 1"></iframe>'],
    ['form and input', '<form action="https://evil.example"><input name="q" autofocus onfocus="window.confabXss = 1"></form>'],
    ['style attribute', '<p style="background:url(javascript:window.confabXss = 1)">styled</p>'],
    ['style element', '<style>body { display: none }</style>'],
    ['math', '<math><mi xlink:href="javascript:window.confabXss = 1">x</mi></math>'],
    ['mXSS through noscript', '<noscript><p title="</noscript><img src=x onerror=window.confabXss=1>">'],
    ['mXSS through a comment', '<!--<img src="--><img src=x onerror=window.confabXss=1//">'],
    ['object', '<object data="data:text/html,<script>parent.confabXss=1</script>"></object>'],
    ['details ontoggle', '<details open ontoggle="window.confabXss = 1">x</details>'],
    ['base href', '<base href="https://evil.example/">'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:window.confabXss=1">'],
    ['template', '<template><img src=x onerror=window.confabXss=1></template>'],
  ];

  for (const [name, vector] of vectors) {
    it(`shows ${name} as text and runs nothing`, async () => {
      const el = await renderBody(`before\n\n${vector}\n\nafter`);
      await settle();
      expectSafe(el);
      expect(window.confabXss).to.equal(0);
      expect(el.textContent).to.contain(vector.slice(0, 20));
      expect(el.textContent).to.contain('before');
      expect(el.textContent).to.contain('after');
    });
  }

  it('shows inline raw HTML as the text that was typed, inside its paragraph', async () => {
    const el = await renderBody('Use <b onclick="x()">bold</b> and <!-- a comment --> here');
    expectSafe(el);
    expect(el.querySelector('b')).to.equal(null);
    expect(el.querySelector('p')!.textContent).to.equal('Use <b onclick="x()">bold</b> and <!-- a comment --> here');
  });

  it('keeps no HTML comment nodes', async () => {
    const el = await renderBody('<!-- hidden -->\n\nvisible');
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_COMMENT);
    const comments: string[] = [];
    while (walker.nextNode()) comments.push(walker.currentNode.nodeValue ?? '');
    // Lit's own part markers are empty comments; nothing the author wrote becomes one
    expect(comments.filter((text) => text.includes('hidden'))).to.deep.equal([]);
    expect(el.textContent).to.contain('<!-- hidden -->');
  });

  const badLinks: [string, string][] = [
    ['javascript:', '[click](javascript:window.confabXss=1)'],
    ['mixed-case javascript:', '[click](JaVaScRiPt:window.confabXss=1)'],
    ['javascript: behind a decimal reference', '[click](&#106;avascript:window.confabXss=1)'],
    ['javascript: behind a hex reference', '[click](&#x6A;avascript:window.confabXss=1)'],
    ['javascript: behind a named colon reference', '[click](javascript&colon;window.confabXss=1)'],
    ['javascript: with a tab inside', '[click](<java\tscript:window.confabXss=1>)'],
    ['javascript: with an encoded newline', '[click](java&#10;script:window.confabXss=1)'],
    ['javascript: with leading spaces', '[click](<  javascript:window.confabXss=1>)'],
    ['data:', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript:', '[click](vbscript:msgbox(1))'],
    ['protocol-relative', '[click](//evil.example/path)'],
    ['relative path', '[click](/account/delete)'],
    ['fragment', '[click](#top)'],
    ['file:', '[click](file:///etc/passwd)'],
    ['credentials disguising the host', '[click](https://bank.example@evil.example/)'],
    ['reference-style javascript:', '[click][x]\n\n[x]: javascript:window.confabXss=1'],
    ['raw anchor with protocol-relative href', '<a href="//evil.example">click</a>'],
    ['raw anchor with javascript:', '<a href="javascript:window.confabXss=1">click</a>'],
  ];

  for (const [name, body] of badLinks) {
    it(`drops a ${name} link and keeps its text`, async () => {
      const el = await renderBody(body);
      expectSafe(el);
      for (const link of el.querySelectorAll('a')) expect(link.href).not.to.match(/^(javascript|data|vbscript|file):/i);
      expect(el.textContent).to.contain('click');
      el.querySelector('a')?.click();
      await settle();
      expect(window.confabXss).to.equal(0);
    });
  }

  it('turns an image into a link to it and loads nothing', async () => {
    const el = await renderBody('Look: ![a cat](http://remote.invalid/cat.png "title")');
    await settle();
    expectSafe(el);
    expect(el.querySelector('img')).to.equal(null);
    const link = el.querySelector('a')!;
    expect(link.textContent).to.equal('a cat');
    expect(link.getAttribute('href')).to.equal('http://remote.invalid/cat.png');
    const requests = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('remote.invalid'));
    expect(requests).to.deep.equal([]);
  });

  it('shows an image with an unsafe source as its alt text only', async () => {
    const el = await renderBody('![<b>alt</b> text](javascript:window.confabXss=1)');
    expectSafe(el);
    expect(el.querySelector('a')).to.equal(null);
    expect(el.textContent).to.equal('<b>alt</b> text');
  });

  it('refuses id and name clobbering, class and data attributes', async () => {
    const el = await renderBody('<a id="location" name="cookie" class="x" data-x="1" href="https://ok.example">x</a>\n\n<p id="body" class="y">p</p>');
    expectSafe(el);
    expect(el.querySelector('[id], [name], [class], [data-x]')).to.equal(null);
    expect(document.getElementById('location')).to.equal(null);
  });

  it('does not throw on input that is not a string', async () => {
    for (const value of [null, undefined, 42, true, { toString: () => '<b>x</b>' }, Symbol('s'), ['a']]) {
      const el = await renderBody(value);
      expectSafe(el);
      expect(el.querySelector('b')).to.equal(null);
    }
    expect((await renderBody(42)).textContent).to.equal('42');
    expect((await renderBody(null)).textContent).to.equal('');
    expect((await renderBody({ toString: () => 'hidden' })).textContent).to.equal('');
  });
});

describe('renderMarkdown: pathological input', () => {
  it('renders 5,000 nested quotes as plain text, quickly', async () => {
    const body = '>'.repeat(5000) + ' deep';
    const started = performance.now();
    const el = await renderBody(body);
    expect(performance.now() - started).to.be.below(2000);
    expect(el.querySelector('blockquote')).to.equal(null);
    expect(el.textContent).to.equal(body);
  });

  it('renders a staircase of quotes (exponential in marked) as plain text, quickly', async () => {
    const stair = Array.from({ length: 24 }, (_, i) => '>'.repeat(24 - i) + ' x').join('\n');
    const started = performance.now();
    const el = await renderBody(stair);
    expect(performance.now() - started).to.be.below(2000);
    expect(el.querySelector('blockquote')).to.equal(null);
    expect(el.querySelectorAll('br').length).to.equal(23);
  });

  it('renders 5,000 nested list markers as plain text', async () => {
    const el = await renderBody('- '.repeat(5000) + 'x');
    expect(el.querySelector('ul')).to.equal(null);
    expect(el.textContent).to.contain('- - -');
  });

  it('keeps line breaks and escapes markup in the plain-text fallback', async () => {
    const body = '>'.repeat(100) + ' <img src=x onerror=window.confabXss=1>\nsecond line';
    window.confabXss = 0;
    const el = await renderBody(body);
    await settle();
    expectSafe(el);
    expect(window.confabXss).to.equal(0);
    const paragraph = el.querySelector('p')!;
    expect(paragraph.querySelectorAll('br').length).to.equal(1);
    expect(paragraph.textContent).to.equal(body.replace('\n', ''));
  });

  it('renders an over-long body as plain text', async () => {
    const body = '**bold** '.repeat(2000);
    const el = await renderBody(body);
    expect(el.querySelector('strong')).to.equal(null);
    expect(el.textContent).to.equal(body.trim());
  });

  it('renders hundreds of emphasis delimiters as plain text, quickly', async () => {
    const body = 'a_b'.repeat(3000);
    const started = performance.now();
    const el = await renderBody(body);
    expect(performance.now() - started).to.be.below(2000);
    expect(el.textContent).to.equal(body);
  });

  it('still renders moderately nested quotes and lists as markdown', async () => {
    const el = await renderBody('> > > three levels\n\n- a\n  - b\n    - c');
    expect(el.querySelectorAll('blockquote').length).to.equal(3);
    expect(el.querySelectorAll('ul').length).to.equal(3);
  });
});

describe('renderMarkdown: markdown', () => {
  it('gives every link a readable name', async () => {
    const el = await renderBody('[docs](https://example.com) https://example.org ![](https://example.com/pic.png) ![chart](https://example.com/c.png)');
    const names = [...el.querySelectorAll('a')].map((link) => link.textContent);
    expect(names).to.deep.equal(['docs', 'https://example.org', 'https://example.com/pic.png', 'chart']);
  });

  it('renders emphasis, strikethrough and inline code', async () => {
    const el = await renderBody('**bold** *italic* _also_ ~~gone~~ `a < b`');
    expectSafe(el);
    expect(el.querySelector('strong')!.textContent).to.equal('bold');
    expect([...el.querySelectorAll('em')].map((em) => em.textContent)).to.deep.equal(['italic', 'also']);
    expect(el.querySelector('del, s')!.textContent).to.equal('gone');
    expect(el.querySelector('code')!.textContent).to.equal('a < b');
  });

  it('renders code blocks verbatim, without a language class', async () => {
    const el = await renderBody('```html\n<script>x()</script>\n  indented\n```');
    expectSafe(el);
    expect(el.querySelector('pre > code')!.textContent).to.equal('<script>x()</script>\n  indented');
    expect(el.querySelector('script')).to.equal(null);
  });

  it('makes code blocks reachable by keyboard, so a wide one can be scrolled', async () => {
    const el = await renderBody('```\nconst line = "' + 'x'.repeat(300) + '";\n```\n\n    indented code');
    const blocks = [...el.querySelectorAll('pre')];
    expect(blocks).to.have.length(2);
    for (const pre of blocks) expect(pre.tabIndex).to.equal(0);
    expect(sanitizeMarkdown('```\ncode\n```').querySelector('pre')!.getAttribute('tabindex')).to.equal('0');
  });

  it('renders quotes, lists and breaks', async () => {
    const el = await renderBody('> a quote\n\n- one\n- two\n\n3. three\n4. four\n\nline one\nline two\n\n---');
    expectSafe(el);
    expect(el.querySelector('blockquote')!.textContent!.trim()).to.equal('a quote');
    expect([...el.querySelectorAll('ul > li')].map((li) => li.textContent)).to.deep.equal(['one', 'two']);
    expect(el.querySelector('ol')!.getAttribute('start')).to.equal('3');
    expect(el.querySelector('hr')).not.to.equal(null);
    const paragraph = [...el.querySelectorAll('p')].find((p) => p.textContent!.startsWith('line one'))!;
    expect(paragraph.querySelector('br')).not.to.equal(null);
  });

  it('renders links that open in a new tab without referrer', async () => {
    const el = await renderBody('[docs](https://example.com/docs?a=1&amp;b=2) and [mail](mailto:editor@example.com)');
    expectSafe(el);
    const [docs, mail] = el.querySelectorAll('a');
    expect(docs.textContent).to.equal('docs');
    expect(docs.getAttribute('href')).to.equal('https://example.com/docs?a=1&b=2');
    expect(docs.target).to.equal('_blank');
    expect(docs.rel).to.equal(LINK_REL);
    expect(mail.getAttribute('href')).to.equal('mailto:editor@example.com');
  });

  it('autolinks bare URLs, www addresses and emails', async () => {
    const el = await renderBody('see https://example.com/a?b=1&c=2 or www.example.org, or write to team@example.com');
    expectSafe(el);
    expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://example.com/a?b=1&c=2',
      'http://www.example.org/',
      'mailto:team@example.com',
    ]);
  });

  it('renders headings as bold paragraphs, tables and task lists as text', async () => {
    const el = await renderBody('# Big\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open');
    expectSafe(el);
    expect(el.querySelector('h1, table, input')).to.equal(null);
    expect(el.querySelector('p > strong')!.textContent).to.equal('Big');
    expect(el.textContent).to.contain('| 1 | 2 |');
    expect([...el.querySelectorAll('li')].map((li) => li.textContent!.trim())).to.deep.equal(['[x] done', '[ ] open']);
  });

  it('keeps underscores inside words and web addresses as they are', async () => {
    const el = await renderBody('snake_case_name at https://example.com/a_b_c and _this_');
    expect(el.querySelectorAll('em').length).to.equal(1);
    expect(el.querySelector('em')!.textContent).to.equal('this');
    expect(el.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/a_b_c');
    expect(el.textContent).to.equal('snake_case_name at https://example.com/a_b_c and this');
  });

  it('leaves sentence punctuation out of bare addresses and code alone', async () => {
    const el = await renderBody('(see https://example.com/wiki/A_(b)). Not `https://code.example` nor ```www.block.example```');
    expectSafe(el);
    expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/wiki/A_(b)']);
    expect(el.textContent).to.equal('(see https://example.com/wiki/A_(b)). Not https://code.example nor www.block.example');
  });

  it('shows backslash-escaped markup characters literally', async () => {
    const el = await renderBody('\\*not emphasis\\* and \\[not](a link)');
    expect(el.querySelector('em, a')).to.equal(null);
    expect(el.textContent).to.equal('*not emphasis* and [not](a link)');
  });

  it('renders strong emphasis around emphasis, and both at once', async () => {
    const el = await renderBody('***both*** and **a *b* c**');
    expect(el.querySelector('strong > em, em > strong')!.textContent).to.equal('both');
    expect(el.querySelectorAll('strong').length).to.equal(2);
  });

  it('renders tight and loose lists, continuation lines and indented code', async () => {
    const el = await renderBody('- a\ncontinued\n- b\n\n1. one\n\n2. two\n\nbetween\n\n    code  here\n\nafter');
    expectSafe(el);
    const [tight, loose] = el.querySelectorAll('ul, ol');
    expect([...tight.children].map((li) => li.textContent)).to.deep.equal(['acontinued', 'b']);
    expect(tight.querySelector('br')).not.to.equal(null);
    expect(tight.querySelector('p')).to.equal(null);
    expect(loose.querySelectorAll('li > p').length).to.equal(2);
    expect(el.querySelector('pre > code')!.textContent).to.equal('code  here');
    expect(el.lastElementChild!.textContent).to.equal('after');
  });

  it('continues a quote on a line without the marker until a blank line', async () => {
    const el = await renderBody('> quoted\nlazy\n\nafter');
    expect(el.querySelector('blockquote')!.textContent).to.equal('quotedlazy');
    expect(el.lastElementChild!.textContent).to.equal('after');
  });

  it('renders an empty body as nothing', async () => {
    const el = await renderBody('   ');
    expect(el.children.length).to.equal(0);
  });
});

describe('sanitizeMarkdown: plain text', () => {
  /** What markdown and DOMPurify make of `body`, serialized the way the DOM serializes it. */
  function viaMarkdown(body: string): string {
    const template = document.createElement('template');
    template.innerHTML = DOMPurify.sanitize(markdownToUnsafeHtml(body) ?? '');
    // code blocks are made reachable by keyboard (see the test above)
    for (const pre of template.content.querySelectorAll('pre')) pre.tabIndex = 0;
    return template.innerHTML;
  }

  function rendered(body: string): string {
    const container = document.createElement('div');
    container.append(sanitizeMarkdown(body));
    return container.innerHTML;
  }

  it('renders plain text exactly as markdown would: paragraphs at blank lines, line breaks within', () => {
    const bodies = [
      'Thanks, great piece.',
      'First line\nsecond line\n\nA new paragraph.',
      '\n\nBlank lines around\n\n\n\nand between\n\n',
      'Quotes: "double", \'single\', (parentheses), 50% off, $5 or €5; colon: yes! question?',
      'Ünïcode — dashes “curly” 😀, 中文, עברית, العربية',
      'The 3.5 million figure; 2024 was worse',
      'a\nb\nc\n',
    ];
    for (const body of bodies) expect(rendered(body), JSON.stringify(body)).to.equal(viaMarkdown(body));
    expect(rendered('One\n\nTwo')).to.equal('<p>One</p><p>Two</p>');
  });

  it('agrees with markdown on random text, plain or not', () => {
    // no "@", "/" or "www": bare addresses become links only after sanitizing, which markdown alone does not show
    const alphabet = ['a', 'B', 'z', '0', '7', ' ', ' ', '\n', '\n', '.', ',', '!', '?', "'", '"', '(', ')', '-', '+', '*', '_', '#', '>', '&', '<', '\t', ':', '1.', 'é', '😀', '='];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      let body = '';
      const length = 1 + random(40);
      for (let j = 0; j < length; j++) body += alphabet[random(alphabet.length)];
      expect(rendered(body), JSON.stringify(body)).to.equal(viaMarkdown(body));
    }
  });

  it('still renders markup-looking text as text', () => {
    expect(rendered('1 < 2 & 3 > 2')).to.equal('<p>1 &lt; 2 &amp; 3 &gt; 2</p>');
    expect(rendered('<img src=x onerror=alert(1)>')).to.not.contain('<img');
  });
});

describe('renderMarkdown: caching and updates', () => {
  it('renders the same body in two places at once', async () => {
    const body = 'shared **body**';
    const el = mount(html`<div id="a">${renderMarkdown(body)}</div><div id="b">${renderMarkdown(body)}</div>`);
    expect(el.querySelector('#a strong')!.textContent).to.equal('body');
    expect(el.querySelector('#b strong')!.textContent).to.equal('body');
    expect(el.querySelector('#a strong')).not.to.equal(el.querySelector('#b strong'));
  });

  it('keeps its nodes when re-rendered with the same body and replaces them when it changes', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    try {
      const view = (body: string) => html`<div>${renderMarkdown(body)}</div>`;
      render(view('first *version*'), container);
      const first = container.querySelector('em')!;
      render(view('first *version*'), container);
      expect(container.querySelector('em')).to.equal(first);
      render(view('second *version*'), container);
      expect(container.textContent!.trim()).to.equal('second version');
      expect(container.querySelectorAll('p').length).to.equal(1);
    } finally {
      container.remove();
    }
  });

  it('renders the preview like a comment', async () => {
    const el = mount(html`${renderPreview('**draft** <i>raw</i>')}`);
    expectSafe(el);
    expect(el.querySelector('strong')!.textContent).to.equal('draft');
    expect(el.textContent).to.contain('<i>raw</i>');
  });

  it('gives a fresh fragment each time outside Lit', () => {
    const one = sanitizeMarkdown('*x*');
    const two = sanitizeMarkdown('*x*');
    expect(one).not.to.equal(two);
    expect(one.querySelector('em')!.textContent).to.equal('x');
    expect(two.querySelector('em')!.textContent).to.equal('x');
  });

  it('refuses to render in an attribute', async () => {
    let error: unknown;
    try {
      mount(html`<div title=${renderMarkdown('x')}></div>`);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(Error);
  });

  it("leaves the page's own DOMPurify configuration alone", async () => {
    await renderBody('[x](https://example.com)');
    const out = DOMPurify.sanitize('<a href="/relative" class="c">x</a>');
    expect(out).to.equal('<a href="/relative" class="c">x</a>');
  });
});

describe('safeUrl', () => {
  it('accepts absolute http(s) URLs, normalized', () => {
    expect(safeUrl('https://example.com')).to.equal('https://example.com/');
    expect(safeUrl('  http://example.com/a b  ')).to.equal('http://example.com/a%20b');
    expect(safeUrl('HTTPS://EXAMPLE.COM/Path')).to.equal('https://example.com/Path');
  });

  it('refuses everything else', () => {
    for (const url of [
      undefined,
      null,
      42,
      {},
      '',
      '   ',
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\nscript:alert(1)',
      'data:image/png;base64,AAAA',
      'vbscript:x',
      'mailto:a@example.com',
      'ftp://example.com/',
      '//evil.example',
      '/relative',
      'example.com',
      'https://user:pass@example.com/',
      'https://example.com/\u0000',
      'https://example.com/\u0085',
      'https://' + 'a'.repeat(5000) + '.com',
    ]) {
      expect(safeUrl(url), String(url)).to.equal(undefined);
    }
  });
});
