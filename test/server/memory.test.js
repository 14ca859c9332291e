// collectGarbageSoon: a full collection after the current request, without exposing gc() anywhere.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { collectGarbageSoon } from '../../server/dist/memory.js';

describe('collectGarbageSoon', () => {
  it('collects what the finished request dropped', async () => {
    let dropped = { comments: new Array(1000).fill('x') };
    const ref = new WeakRef(dropped);
    dropped = null;
    collectGarbageSoon();
    collectGarbageSoon();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(ref.deref(), undefined);
  });

  it('leaves gc() unexposed to this process and to contexts made later', async () => {
    collectGarbageSoon();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(typeof globalThis.gc, 'undefined');
    assert.equal(runInNewContext('typeof gc'), 'undefined');
  });
});
