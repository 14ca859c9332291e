// In-page driver of the structure-floor benchmark (runs in the browser): the same comments as the
// plain-DOM baseline, rendered with lit in the structures a comment widget can have, from data
// prepared in Node (names, times, body HTML already made), so that only the structure's own cost
// is measured: no store, no markdown, no sanitizing, no formatting. Also confab itself, for scale.
/* global window, document, customElements, CSSStyleSheet */
import { LitElement, html, render } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
// The benchmark's own generated bodies, made into HTML in Node as the plain-DOM baseline does; no
// confab code runs on them here, and no user input reaches this page.
// eslint-disable-next-line no-restricted-imports
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { afterFrames, countNodes, countRenderedComments, inTask, waitForCount, withoutPageCap } from './common.js';

const data = JSON.parse(document.getElementById('floor-data').textContent);
const children = new Map();
const roots = [];
for (const comment of data.records) {
  if (comment.parentId === null) roots.push(comment);
  else {
    if (!children.has(comment.parentId)) children.set(comment.parentId, []);
    children.get(comment.parentId).push(comment);
  }
}

// The baseline's stylesheet, for shadow roots: `#app` rules become `:host` rules.
const sheet = new CSSStyleSheet();
sheet.replaceSync(
  [...document.styleSheets]
    .flatMap((styles) => [...styles.cssRules].map((rule) => rule.cssText))
    .join('\n')
    .replaceAll('#app', ':host'),
);

const noop = () => {};
const thumb = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7 10.5v10M7 10.5l3.6-6.9c.4-.8 1.3-1.1 2.1-.8 1 .4 1.5 1.4 1.3 2.4L13.4 9h5.2a2 2 0 0 1 2 2.4l-1.3 7.2a2.2 2.2 0 0 1-2.2 1.9H7m0-10H4.5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1H7" /></svg>`;

/** The like/dislike pair, one template. */
const reactions = (like, dislike) =>
  html`<div class="reactions" role="group" aria-label="Reactions" @click=${noop}><button type="button" class="reaction" data-reaction="like" aria-pressed="false" aria-label=${`Like: ${like}`}>${thumb}<span>${like}</span></button><button type="button" class="reaction" data-reaction="dislike" aria-pressed="false" aria-label=${`Dislike: ${dislike}`}>${thumb}<span>${dislike}</span></button><span role="alert"></span></div>`;

/** One comment as one template; `reply` renders a reply, `counter` the reactions. */
const comment = (c, reply, counter) => {
  const replies = children.get(c.id);
  return html`<article class="comment-item" id=${`comment-${c.id}`} tabindex="-1" aria-label=${`Comment by ${c.name}, ${c.time}`}><div class="comment"><div class="avatar" aria-hidden="true" style=${`--avatar-bg:${c.color}`}>${c.initials}</div><div class="main"><div class="header"><span class="author" title=${c.name}><bdi>${c.name}</bdi></span><span class="meta"><a class="permalink" href=${`#comment-${c.id}`}><time datetime=${c.datetime} title=${c.title}>${c.time}</time><span class="visually-hidden">, Link to this comment</span></a></span></div><div class="body">${unsafeHTML(c.body)}</div><div class="footer">${counter(c)}<div class="actions"><button class="action" type="button" aria-expanded="false" @click=${noop}>Reply</button></div></div></div></div>${
    replies ? html`<div class="replies"><div role="list">${repeat(replies, (r) => r.id, reply)}</div></div>` : ''
  }</article>`;
};

const inlineCounter = (c) => reactions(c.like, c.dislike);
const templateComment = (c) => comment(c, templateComment, inlineCounter);

let rendered = 0;
let onRendered = noop;
function counted() {
  rendered += 1;
  onRendered();
}

class FloorCounter extends LitElement {
  static properties = { like: { attribute: false }, dislike: { attribute: false } };
  static styles = [sheet];
  render() {
    return reactions(this.like, this.dislike);
  }
  firstUpdated() {
    counted();
  }
}

class FloorComment extends LitElement {
  static properties = { comment: { attribute: false }, withCounter: { attribute: false } };
  static styles = [sheet];
  render() {
    const withCounter = this.withCounter;
    return comment(
      this.comment,
      (r) => html`<floor-comment .comment=${r} .withCounter=${withCounter}></floor-comment>`,
      withCounter ? (c) => html`<floor-counter .like=${c.like} .dislike=${c.dislike}></floor-counter>` : inlineCounter,
    );
  }
  firstUpdated() {
    counted();
  }
}
customElements.define('floor-counter', FloorCounter);
customElements.define('floor-comment', FloorComment);

function untilRendered(target) {
  return new Promise((resolve) => {
    onRendered = () => rendered >= target && resolve();
    onRendered();
  });
}

/**
 * Resolves once confab's `<comment-thread>` has `target` comments rendered; without a target, once
 * no more appear (it shows all but the replies behind "Show more replies").
 */
async function renderConfab(app, target) {
  const confab = await import('/confab/confab.bundle.js');
  const current = countRenderedComments(() => onRendered());
  const adapter = new confab.MemoryAdapter({ comments: data.comments });
  if (adapter.ready) await adapter.ready;
  const thread = document.createElement('comment-thread');
  thread.setAttribute('thread-id', data.threadId);
  thread.setAttribute('page-size', String(data.comments.length));
  // the whole thread in one page, as the main benchmark shows it (the adapter caps pages at 100)
  thread.adapter = withoutPageCap(adapter);
  const done = waitForCount({ current, target, notify: (check) => (onRendered = check) });
  app.append(thread);
  return done;
}

const feed = (items) => html`<div class="feed" role="feed">${items}</div>`;

const variants = {
  plain: async (app) => {
    app.innerHTML = `<div class="feed" role="feed">${data.plain}</div>`;
  },
  template: async (app) => render(feed(repeat(roots, (c) => c.id, templateComment)), app),
  element: async (app) => {
    const done = untilRendered(data.records.length);
    render(feed(repeat(roots, (c) => c.id, (c) => html`<floor-comment .comment=${c} .withCounter=${false}></floor-comment>`)), app);
    await done;
  },
  'two elements': async (app) => {
    const done = untilRendered(2 * data.records.length);
    render(feed(repeat(roots, (c) => c.id, (c) => html`<floor-comment .comment=${c} .withCounter=${true}></floor-comment>`)), app);
    await done;
  },
  confab: (app, target) => renderConfab(app, target),
};

window.floor = {
  /** Loads what a variant needs before the measured step (confab's bundle). */
  async prepare({ variant }) {
    if (variant === 'confab') {
      const confab = await import('/confab/confab.bundle.js');
      // the bundle loads its in-browser adapters on first use: load them before the measured step
      await new confab.MemoryAdapter().ready;
    }
  },
  async render({ variant, target }) {
    const app = document.getElementById('app');
    rendered = 0;
    const result = await inTask(() => variants[variant](app, target));
    await afterFrames(2);
    return { ...countNodes(app), comments: variant === 'confab' ? result.count : data.records.length };
  },
};
window.floorReady = true;
