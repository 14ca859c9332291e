import { expect, waitUntil } from '@open-wc/testing';
import { anchorId, commentIdFromHash, permalinks, type PermalinkHost } from '../../../src/components/comment/permalinks.js';

/** An element showing some comments, as the permalinks see it: it records what it is asked. */
function host(shown: string[]): PermalinkHost & { revealed: string[]; expanded: string[][]; links: (string | null)[] } {
  return {
    revealed: [],
    expanded: [],
    links: [],
    revealComment(commentId) {
      if (!shown.includes(commentId)) return false;
      this.revealed.push(commentId);
      return true;
    },
    expandComments(commentIds) {
      this.expanded.push([...commentIds]);
    },
    linkChanged(commentId) {
      this.links.push(commentId);
    },
  };
}

const clearHash = (): void => history.replaceState(null, '', location.pathname + location.search);

describe('permalinks', () => {
  afterEach(clearHash);

  it('writes any comment id as a safe anchor and reads it back from the hash', () => {
    for (const id of ['c1', 'a.b-c_d', 'a/b', 'ü~x', '"><img src=x>', '😀']) {
      const anchor = anchorId(id);
      expect(anchor, id).to.match(/^comment-[A-Za-z0-9_.~-]+$/);
      expect(commentIdFromHash(`#${anchor}`), id).to.equal(id);
      expect(commentIdFromHash(`#${encodeURIComponent(anchor)}`), `${id}, percent-encoded`).to.equal(id);
    }
    expect(anchorId('a/b')).to.not.equal(anchorId('a.b'));
    expect(commentIdFromHash('#top')).to.equal(null);
    expect(commentIdFromHash('#comment-~110000~'), 'beyond Unicode').to.equal(null);
  });

  it('asks the element that shows the linked comment to reveal it, once, and follows hash changes', async () => {
    history.replaceState(null, '', '#comment-c2');
    const first = host(['c1']);
    const second = host(['c2']);
    permalinks.connect(first);
    permalinks.connect(second);
    try {
      expect(permalinks.linked).to.equal('c2');
      // a comment renders: only the linked one is revealed, and only the first time
      permalinks.rendered(first, 'c1');
      permalinks.rendered(second, 'c2');
      permalinks.rendered(second, 'c2');
      expect(second.revealed).to.deep.equal(['c2']);
      expect(first.revealed).to.deep.equal([]);

      location.hash = '#comment-c1';
      await waitUntil(() => first.revealed.length === 1, 'the new link was not followed');
      expect(first.links.at(-1)).to.equal('c1');
      expect(second.links.at(-1), 'every element hears of it').to.equal('c1');
    } finally {
      permalinks.disconnect(first);
      permalinks.disconnect(second);
    }
  });

  it('reveals a requested comment once it renders, and continues threads on the way to one', () => {
    const element = host(['later']);
    permalinks.connect(element);
    try {
      permalinks.reveal('not-yet');
      expect(element.revealed).to.deep.equal([]);
      permalinks.rendered(element, 'later');
      expect(element.revealed, 'not the one asked for').to.deep.equal([]);

      permalinks.expand(['p1', 'p2']);
      expect(element.expanded).to.deep.equal([['p1', 'p2']]);
      expect(permalinks.shouldExpand('p2')).to.equal(true);
      expect(permalinks.shouldExpand('other')).to.equal(false);
      permalinks.expand([]);
    } finally {
      permalinks.disconnect(element);
    }
  });
});
