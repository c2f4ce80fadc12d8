import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapWithConcurrency, settleInOrder } from '../../../src/engine/data/concurrency';

/** Work that records how many calls overlap and which items were started. */
function tracedWork(delayFor: (item: number) => number) {
  const trace = { active: 0, peak: 0, started: [] as number[] };
  const work = async (item: number): Promise<number> => {
    trace.started.push(item);
    trace.active++;
    trace.peak = Math.max(trace.peak, trace.active);
    await sleep(delayFor(item));
    trace.active--;
    if (item % 5 === 4) throw new Error(`item ${item} failed`);
    return item * 10;
  };
  return { trace, work };
}

test('settleInOrder keeps input order, caps concurrency and turns failures into outcomes', async () => {
  const { trace, work } = tracedWork((item) => (item % 3) * 4);
  const outcomes = [];
  for await (const outcome of settleInOrder([0, 1, 2, 3, 4, 5, 6, 7], work, { concurrency: 3, lookahead: 5 })) outcomes.push(outcome);
  assert.deepEqual(outcomes.map((o) => o.item), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(outcomes.map((o) => (o.ok ? o.value : 'failed')), [0, 10, 20, 30, 'failed', 50, 60, 70]);
  assert.equal(trace.peak, 3);
});

test('settleInOrder reads ahead while the consumer is busy and starts nothing new after it stops', async () => {
  const { trace, work } = tracedWork(() => 1);
  for await (const outcome of settleInOrder([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], work, { concurrency: 2, lookahead: 4 })) {
    assert.equal(outcome.item, 0);
    await sleep(30);
    assert.deepEqual(trace.started, [0, 1, 2, 3, 4], 'the next four items were worked on while the consumer held item 0');
    break;
  }
  await sleep(30);
  assert.deepEqual(trace.started, [0, 1, 2, 3, 4]);

  const stoppedAtOnce = tracedWork(() => 5);
  for await (const outcome of settleInOrder([0, 1, 2, 3, 4, 5], stoppedAtOnce.work, { concurrency: 2, lookahead: 4 })) {
    assert.equal(outcome.item, 0);
    break;
  }
  await sleep(30);
  assert.deepEqual(stoppedAtOnce.trace.started, [0, 1, 2], 'items 3 and 4 were waiting for a slot and never started');
});

test('mapWithConcurrency returns results in input order with at most the given calls in flight', async () => {
  const { trace, work } = tracedWork((item) => 10 - item);
  assert.deepEqual(await mapWithConcurrency([0, 1, 2, 3], 2, work), [0, 10, 20, 30]);
  assert.equal(trace.peak, 2);
});
