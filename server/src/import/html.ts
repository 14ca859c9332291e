import TurndownService from 'turndown';

/**
 * HTML of another system's comment → confab markdown, with turndown (a maintained HTML-to-markdown
 * converter) on a restricted rule set: links (http, https, mailto) and emphasis (em, strong, code)
 * are kept; everything else becomes its text. Markdown characters in that text are escaped, so an
 * imported `*` or `<b>` written as text stays text. Scripts, styles, embeds and forms disappear with
 * their content; images leave their alt text. The result then goes through the same validation as
 * a post, and at display through the widgets' sanitizing renderer like every other comment.
 */
const service = new TurndownService({ emDelimiter: '*', strongDelimiter: '**', codeBlockStyle: 'fenced', headingStyle: 'atx', linkStyle: 'inlined' });

service.remove(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'select', 'textarea', 'svg', 'math', 'head', 'title', 'meta', 'link']);

const SAFE_LINK = /^(https?:|mailto:)/i;
// turndown escapes markdown's own characters; `<` too, or a comment's literal `<b>` would be markup.
const escapeMarkdown = service.escape.bind(service);
service.escape = (content: string) => escapeMarkdown(content).replace(/</g, '\\<');

service.addRule('links', {
  filter: 'a',
  replacement: (content, node) => {
    const href = node.getAttribute('href')?.trim() ?? '';
    const label = content.trim();
    if (!SAFE_LINK.test(href) || !label) return content;
    return `[${label}](${href.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)})`;
  },
});
service.addRule('plain-blocks', {
  filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dl', 'figure', 'details', 'section', 'article', 'aside', 'header', 'footer', 'div', 'center'],
  replacement: (content) => `\n\n${content.trim()}\n\n`,
});
service.addRule('plain-lines', {
  filter: ['li', 'dt', 'dd', 'tr', 'caption', 'figcaption', 'summary'],
  replacement: (content) => `\n${content.trim()}\n`,
});
service.addRule('plain-cells', {
  filter: ['td', 'th'],
  replacement: (content) => ` ${content.trim()} `,
});
service.addRule('rules', { filter: 'hr', replacement: () => '\n\n' });
service.addRule('images', {
  filter: ['img', 'picture', 'video', 'audio'],
  replacement: (_content, node) => service.escape(node.getAttribute('alt') ?? ''),
});
service.addRule('inline-code', {
  filter: (node) => node.nodeName === 'CODE' && node.parentNode?.nodeName !== 'PRE',
  replacement: (content) => (content.includes('`') ? content : `\`${content}\``),
});
service.addRule('code-in-pre', {
  filter: (node) => node.nodeName === 'CODE' && node.parentNode?.nodeName === 'PRE',
  replacement: (content) => content,
});

/** Markdown of an HTML fragment (a comment body from Disqus or WordPress). */
export function htmlToMarkdown(html: string): string {
  // Most comments are plain text: they need escaping, not a DOM.
  if (!/[<&]/.test(html)) return service.escape(html.replace(/\s+/g, ' ').trim());
  return service
    .turndown(html)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * WordPress stores comments as typed: paragraphs by blank lines and line breaks by newlines, which
 * it turns into <p> and <br> when it shows them (wpautop). Done here before the conversion.
 */
export function autoParagraphs(content: string): string {
  return content
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}
