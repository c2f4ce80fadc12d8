import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { topK } from '../../../src/engine/topK';
import { WorkQueue } from '../../../src/engine/workQueue';

test('topK orders by probability and breaks ties by index', () => {
  const top = topK([0.1, 0.4, 0.1, 0.4], ['a', 'b', 'c', 'd'], 3);
  assert.deepEqual(top.map((t) => t.name), ['b', 'd', 'a']);
  assert.equal(topK([0.5, 0.5], ['a', 'b'], 5).length, 2);
});

test('WorkQueue runs jobs one at a time in order, and a failure does not block the next', async () => {
  const queue = new WorkQueue();
  const events: string[] = [];
  const job = (name: string, ms: number, fail = false) => queue.run(async () => {
    events.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, ms));
    events.push(`end ${name}`);
    if (fail) throw new Error(name);
    return name;
  });
  const results = await Promise.allSettled([job('a', 30), job('b', 1, true), job('c', 1)]);
  assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.equal(results[1].status, 'rejected');
  assert.deepEqual(results[2], { status: 'fulfilled', value: 'c' });
});
