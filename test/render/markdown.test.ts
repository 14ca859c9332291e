import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import {
  MAX_CONTAINER_DEPTH,
  MAX_INLINE_DELIMITERS,
  MAX_MARKDOWN_LENGTH,
  MAX_QUOTE_DEPTH,
  QUOTE_BUDGET,
  isParsable,
  markdownToUnsafeHtml,
} from '../../src/render/markdown.js';
import { renderMarkdown } from '../../src/render/sanitize.js';

describe('markdown limits', () => {
  it('parses a body up to the length limit and not beyond', () => {
    expect(isParsable('a'.repeat(MAX_MARKDOWN_LENGTH))).to.equal(true);
    expect(isParsable('a'.repeat(MAX_MARKDOWN_LENGTH + 1))).to.equal(false);
  });

  it('parses quotes up to the depth limit, with or without spaces', () => {
    expect(isParsable('>'.repeat(MAX_QUOTE_DEPTH) + ' x')).to.equal(true);
    expect(isParsable('> '.repeat(MAX_QUOTE_DEPTH) + 'x')).to.equal(true);
    expect(isParsable('>'.repeat(MAX_QUOTE_DEPTH + 1) + ' x')).to.equal(false);
    expect(isParsable(' > >\t>'.repeat(3) + ' x')).to.equal(false);
  });

  it('bounds the total cost of deep quoting, not only its depth', () => {
    const perLine = 2 ** 3 - 1;
    const allowed = Math.floor(QUOTE_BUDGET / perLine);
    expect(isParsable('>>> x\n'.repeat(allowed))).to.equal(true);
    expect(isParsable('>>> x\n'.repeat(allowed + 1))).to.equal(false);
    // a lone carriage return ends a line for marked, so it does for the limits too
    const staircase = Array.from({ length: MAX_QUOTE_DEPTH + 4 }, (_, i) => '>'.repeat(MAX_QUOTE_DEPTH + 4 - i) + ' x');
    expect(isParsable('x\r' + staircase.join('\r'))).to.equal(false);
    expect(isParsable('x\r\n' + '>>> x\r\n'.repeat(allowed + 1))).to.equal(false);
    // a long conversation quoted one level deep is fine
    expect(isParsable('> a quoted line\n'.repeat(500))).to.equal(true);
  });

  it('bounds list nesting, counting markers and indentation', () => {
    expect(isParsable('- '.repeat(MAX_CONTAINER_DEPTH) + 'x')).to.equal(true);
    expect(isParsable('- '.repeat(MAX_CONTAINER_DEPTH + 1) + 'x')).to.equal(false);
    expect(isParsable('1. '.repeat(MAX_CONTAINER_DEPTH + 1) + 'x')).to.equal(false);
    expect(isParsable(' '.repeat(2 * MAX_CONTAINER_DEPTH) + '- x')).to.equal(false);
    // indentation without a marker is code or a continuation, not nesting
    expect(isParsable(' '.repeat(100) + 'x')).to.equal(true);
  });

  it('bounds inline delimiters outside fenced code only', () => {
    expect(isParsable('*a* '.repeat(MAX_INLINE_DELIMITERS / 2))).to.equal(true);
    expect(isParsable('*a* '.repeat(MAX_INLINE_DELIMITERS / 2 + 1))).to.equal(false);
    expect(isParsable('!'.repeat(MAX_INLINE_DELIMITERS + 1))).to.equal(false);
    const code = 'snake_case_name = other_name[index]\n'.repeat(100);
    expect(isParsable('```python\n' + code + '```\nafter')).to.equal(true);
    expect(isParsable('~~~\n' + code + '~~~')).to.equal(true);
    // a closing fence must match the opening one; an unclosed fence keeps the rest as code
    expect(isParsable('````\n' + code + '```\n' + code + '````')).to.equal(true);
    // "```a`b" is not a fence (backtick in the info string), so what follows counts
    expect(isParsable('```a`b\n' + code + code)).to.equal(false);
  });

  it('returns null instead of throwing when a body is beyond the limits', () => {
    expect(markdownToUnsafeHtml('>'.repeat(5000))).to.equal(null);
    expect(markdownToUnsafeHtml('plain')).to.equal('<p>plain</p>');
  });

  it('renders a fenced block full of delimiters as code', () => {
    const code = 'a_b = c_d * e_f  # <not html>\n'.repeat(60);
    const el = document.createElement('div');
    render(html`${renderMarkdown('```\n' + code + '```')}`, el);
    expect(el.querySelector('pre > code')!.textContent).to.equal(code.replace(/\n$/, ''));
  });
});
