// In-page driver of the plain-DOM baseline page (runs in the browser): one innerHTML of markup
// prerendered in Node, then two frames.
/* global window, document */
import { afterFrames, countNodes, inTask } from './common.js';

let markup;

window.bench = {
  /** Fetches the prerendered thread; it is only parsed into DOM by `render`. */
  async prepare({ url }) {
    markup = await (await fetch(url)).text();
    return { bytes: markup.length };
  },

  async render() {
    const app = document.getElementById('app');
    await inTask(() => {
      app.innerHTML = markup;
      // the page keeps nothing but the DOM, like a server-rendered page
      markup = undefined;
    });
    await afterFrames(2);
    return { count: app.querySelectorAll('article').length, complete: true };
  },

  /** Reference for a live comment: its prerendered article appended, the count in the header updated. */
  async liveComment({ markup, title }) {
    const app = document.getElementById('app');
    await inTask(() => {
      app.querySelector('.feed').insertAdjacentHTML('beforeend', markup);
      // the text comes prerendered: formatting a number here would bill the page for setting up Intl
      app.querySelector('.title').textContent = title;
    });
    await afterFrames(2);
  },

  /** Setup for a reaction, as on confab's page: the comment at `position` scrolled into view. */
  async scrollToComment({ position }) {
    document.getElementById('app').querySelectorAll('.feed > article')[position - 1].scrollIntoView({ block: 'center' });
    await afterFrames(3);
  },

  /** Setup for "load more", as on confab's page: scrolled to the end of the thread. */
  async scrollToLoadMore() {
    document.getElementById('app').querySelector('.feed > article:last-child').scrollIntoView({ block: 'end' });
    await afterFrames(3);
  },

  /** Reference for a reaction: the Like button of the top-level comment at `position` pressed. */
  async toggleReaction({ position }) {
    const app = document.getElementById('app');
    const button = app.querySelectorAll('.feed > article')[position - 1].querySelector('[data-reaction="like"]');
    await inTask(() => {
      const count = button.querySelector('span');
      const next = Number(count.textContent) + 1;
      count.textContent = String(next);
      button.setAttribute('aria-pressed', 'true');
      button.setAttribute('aria-label', `Like: ${next}`);
    });
    await afterFrames(2);
  },

  /** Reference for "load more": the next page's prerendered articles appended. */
  async loadMore({ markup }) {
    const app = document.getElementById('app');
    await inTask(() => app.querySelector('.feed').insertAdjacentHTML('beforeend', markup));
    await afterFrames(2);
  },

  /** Nothing but the harness's own steps: a task, two frames. What every measured step costs at least. */
  async idle() {
    await inTask(() => {});
    await afterFrames(2);
  },

  inspect() {
    const app = document.getElementById('app');
    return { items: app.querySelectorAll('article').length, ...countNodes(app) };
  },
};
