import { JSDOM } from 'jsdom';

/** What the reader sent, kept for the page that says why it was not posted. */
export interface KeptPost {
  action: string;
  body: string;
  name: string;
  email: string;
  hidden: Record<string, string>;
}

/**
 * The plain page a post without JavaScript gets when it is refused: the reason, and the form again
 * with the reader's text in it, to fix and send again. Built with DOM calls (text set as text,
 * attributes as attributes) and serialized: nothing the reader sent is written as markup.
 */
export function postErrorPage(message: string, kept: KeptPost): string {
  const { window } = new JSDOM('<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body></body></html>');
  const document = window.document;
  const el = (tag: string, attributes: Record<string, string> = {}, text?: string) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    if (text !== undefined) element.textContent = text;
    return element;
  };
  document.title = 'Your comment was not posted';
  document.head.append(el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), el('meta', { name: 'color-scheme', content: 'light dark' }));
  document.head.append(el('style', {}, 'body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}label{display:block;margin-top:1rem}textarea,input{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}textarea{min-height:10rem}button{margin-top:1rem;font:inherit;padding:.4rem 1rem}[role=alert]{border-inline-start:4px solid #c00;padding:.5rem 1rem}'));
  const main = el('main');
  main.append(el('h1', {}, 'Your comment was not posted'), el('p', { role: 'alert' }, message));
  const form = el('form', { method: 'post', action: kept.action });
  for (const [name, value] of Object.entries(kept.hidden)) if (value) form.append(el('input', { type: 'hidden', name, value }));
  const field = (label: string, control: ReturnType<typeof el>) => {
    const wrapper = el('label', {}, label);
    wrapper.append(control);
    form.append(wrapper);
  };
  field('Comment', el('textarea', { name: 'body', required: '' }, kept.body));
  field('Name', el('input', { name: 'name', value: kept.name, autocomplete: 'name', required: '' }));
  field('Email (optional, never shown)', el('input', { name: 'email', type: 'email', value: kept.email, autocomplete: 'email' }));
  form.append(el('button', { type: 'submit' }, 'Post comment'));
  main.append(form);
  if (kept.hidden.return) main.append(el('a', { href: kept.hidden.return }, 'Back to the article'));
  document.body.append(main);
  return '<!doctype html>\n' + document.documentElement.outerHTML;
}
