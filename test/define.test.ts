import { expect } from '@open-wc/testing';
import * as confab from '../src/index.js';

const TAGS = {
  'comment-count': confab.CommentCount,
  'comment-item': confab.CommentItem,
  'comment-thread': confab.CommentThread,
  'reaction-counter': confab.ReactionCounter,
  'reply-form': confab.ReplyForm,
  'typo-report': confab.TypoReport,
};

/** Collects console.warn calls while `run` runs. */
async function consoleWarnings(run: () => unknown): Promise<string[]> {
  const original = console.warn;
  const messages: string[] = [];
  console.warn = (...args: unknown[]) => messages.push(args.join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return messages;
}

// One page for the whole file: registrations cannot be undone, so the steps build on each other.
describe('define', () => {
  it('registers nothing when the package root is imported', () => {
    for (const tag of Object.keys(TAGS)) expect(customElements.get(tag), tag).to.equal(undefined);
  });

  it('registers every element on import of define.js, leaving a tag another script took', async () => {
    class OtherTypoReport extends HTMLElement {}
    customElements.define('typo-report', OtherTypoReport);

    const warnings = await consoleWarnings(() => import('../src/define.js'));

    for (const [tag, element] of Object.entries(TAGS)) {
      if (tag !== 'typo-report') expect(customElements.get(tag), tag).to.equal(element);
    }
    expect(customElements.get('typo-report')).to.equal(OtherTypoReport);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<typo-report>');
    expect(document.createElement('comment-thread')).to.be.instanceOf(confab.CommentThread);
  });

  it('is a no-op when called again', async () => {
    const warnings = await consoleWarnings(() => {
      confab.define();
      confab.define();
    });
    expect(warnings).to.deep.equal([]);
    expect(customElements.get('comment-thread')).to.equal(confab.CommentThread);
  });
});
