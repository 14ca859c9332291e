import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EditWindowController, type EditWindow } from '../../../src/components/comment/edit-window-controller.js';
import { RelativeTimeController, type TimedText } from '../../../src/components/comment/relative-time-controller.js';
import '../../helpers/define.js';
import { sleep } from '../../helpers/dom.js';
import { trackTimers } from '../../helpers/timers.js';

/** A controller host without an element: the controllers are connected and disconnected by hand. */
function bareHost(): ReactiveControllerHost & { controllers: ReactiveController[] } {
  const controllers: ReactiveController[] = [];
  return {
    controllers,
    addController: (controller) => controllers.push(controller),
    removeController: () => {},
    requestUpdate: () => {},
    updateComplete: Promise.resolve(true),
  };
}

describe('RelativeTimeController', () => {
  it('formats a time, keeps the text until it is due, then asks for a redraw; no timer while disconnected', async () => {
    const timers = trackTimers();
    try {
      const owners: (TimedText & { changes: number })[] = [];
      const host = bareHost();
      const times = new RelativeTimeController(host, () => owners);
      const owner = { timeDue: Infinity, changes: 0, timeChanged: () => void owner.changes++ } as TimedText & { changes: number };
      owners.push(owner);
      const iso = new Date(Date.now() - 44_500).toISOString();

      // not connected (as under server rendering): formats, starts no timer
      expect(times.format(owner, iso, 'en').text).to.equal('just now');
      expect(timers.pending()).to.deep.equal([]);

      times.hostConnected();
      expect(timers.pending(), 'one timer for the earliest change').to.have.length(1);
      expect(times.format(owner, iso, 'en').text, 'the same text until it is due').to.equal('just now');
      // polled with sleep: waitUntil would leave its own timeout timer behind
      for (let waited = 0; owner.changes === 0 && waited < 3000; waited += 50) await sleep(50);
      expect(owner.changes, 'the due text is redrawn').to.equal(1);
      expect(times.format(owner, iso, 'en').text).to.equal('1 minute ago');

      times.hostDisconnected();
      expect(timers.pending(), 'no timer left behind').to.deep.equal([]);
    } finally {
      timers.restore();
    }
  });
});

describe('EditWindowController', () => {
  it('writes the time left every second into its element only, and says once when the window closed', async () => {
    const timers = trackTimers();
    try {
      const host = bareHost();
      const countdowns = new EditWindowController(host);
      const span = document.createElement('span');
      const until = Date.now() + 2_200;
      let closed = 0;
      const window: EditWindow = { lang: 'en', timeLeft: () => until - Date.now(), countdown: () => span, editWindowClosed: () => void closed++ };
      countdowns.hostConnected();
      countdowns.watch(window, true);
      expect(span.textContent, 'written at once').to.match(/^You can edit for [23] sec$/);
      expect(timers.pending().filter((timer) => timer.delay === 1000), 'one interval').to.have.length(1);
      for (let waited = 0; closed === 0 && waited < 4000; waited += 50) await sleep(50);
      expect(closed, 'the window closed').to.equal(1);
      await sleep(1100);
      expect(closed, 'said once').to.equal(1);
      expect(timers.pending().filter((timer) => timer.delay === 1000), 'the interval stops with the last countdown').to.deep.equal([]);

      countdowns.watch({ ...window, timeLeft: () => 60_000 }, true);
      countdowns.hostDisconnected();
      expect(timers.pending().filter((timer) => timer.delay === 1000), 'none while disconnected').to.deep.equal([]);
    } finally {
      timers.restore();
    }
  });
});

describe('LocalizeController', () => {
  it('gives every element the language of its own lang, an ancestor (across shadow roots) or the page', async () => {
    const page = await fixture<HTMLElement>(html`<div lang="ru">
      <reaction-counter thread-id="t-lang"></reaction-counter>
      <reaction-counter thread-id="t-lang" lang="en"></reaction-counter>
    </div>`);
    await expect(page).to.be.accessible();
    const [inherited, own] = [...page.querySelectorAll('reaction-counter')];
    await import('../../../src/locales/ru.js');
    const label = (el: Element): string | null | undefined => el.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('aria-label');
    await waitUntil(() => label(inherited) === 'Реакции', `the ancestor's language was not used (${label(inherited)})`);
    expect(label(own), 'its own lang wins').to.equal('Reactions');
    own.setAttribute('lang', 'ru');
    await (own as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(label(own), 'a change of its own lang re-renders it').to.equal('Реакции');
  });
});
