// The host's crash memory: a model whose load was in flight when the engine died is named as the cause (so it is not
// re-opened into the next engine), and crashes in a row make each start wait longer, up to a cap.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CRASH_MEMORY_MS, EngineRestarts, FIRST_RESTART_DELAY_MS, MAX_RESTART_DELAY_MS } from '../../../src/extension/engineRestarts';

test('a crash while a model loads names that model, and only the loads still in flight', () => {
  const restarts = new EngineRestarts();
  restarts.beginLoad('/w/good.onnx');
  restarts.endLoad('/w/good.onnx');
  restarts.beginLoad('/w/crashing.h5');
  assert.deepEqual(restarts.crashed(0).suspects, ['/w/crashing.h5']);
  // The next crash is not blamed on the same model again unless it is loading again.
  assert.deepEqual(restarts.crashed(10).suspects, []);
});

test('two loads of the same model in flight: one finishing still leaves it in flight', () => {
  const restarts = new EngineRestarts();
  restarts.beginLoad('/w/m.json');
  restarts.beginLoad('/w/m.json');
  restarts.endLoad('/w/m.json');
  assert.deepEqual(restarts.crashed(0).suspects, ['/w/m.json']);
});

test('one crash restarts at once; crashes in a row back off 1 s, 2 s, 4 s … up to the cap', () => {
  const restarts = new EngineRestarts();
  assert.equal(restarts.startDelayMs(0), 0);
  let now = 1_000_000;
  restarts.crashed(now);
  assert.equal(restarts.startDelayMs(now), 0, 'a single crash does not delay the restart');
  const delays: number[] = [];
  for (let i = 0; i < 8; i++) {
    now += 100;
    assert.equal(restarts.crashed(now).crashesInARow, i + 2);
    delays.push(restarts.startDelayMs(now));
  }
  assert.deepEqual(delays.slice(0, 4), [FIRST_RESTART_DELAY_MS, 2 * FIRST_RESTART_DELAY_MS, 4 * FIRST_RESTART_DELAY_MS, 8 * FIRST_RESTART_DELAY_MS]);
  assert.equal(Math.max(...delays), MAX_RESTART_DELAY_MS);
  // The wait counts from the last crash.
  assert.equal(restarts.startDelayMs(now + 10_000), MAX_RESTART_DELAY_MS - 10_000);
});

test('a crash long after the previous one starts the count again', () => {
  const restarts = new EngineRestarts();
  restarts.crashed(0);
  restarts.crashed(100);
  assert.equal(restarts.startDelayMs(100), FIRST_RESTART_DELAY_MS);
  const later = 100 + CRASH_MEMORY_MS + 1;
  assert.equal(restarts.crashed(later).crashesInARow, 1);
  assert.equal(restarts.startDelayMs(later), 0);
});
