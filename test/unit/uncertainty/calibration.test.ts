// ECE, reliability bins and NLL on cases worked out by hand (definitions.md §5).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { binIndex, expectedCalibrationError, negativeLogLikelihood, reliabilityBins } from '../../../src/engine/uncertainty';

const close = (actual: number, expected: number, message: string): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${message}: ${actual}, expected ${expected}`);

test('15 bins (lo, hi]: a confidence on an edge goes into the bin it closes', () => {
  assert.equal(binIndex(0.6, 15), 8, '0.6 = 9/15 belongs to (8/15, 9/15] = (0.5333…, 0.6]');
  assert.equal(binIndex(0.6000001, 15), 9);
  assert.equal(binIndex(0.2, 15), 2, '0.2 = 3/15 belongs to (2/15, 3/15]');
  assert.equal(binIndex(1 / 15, 15), 0);
  assert.equal(binIndex(1, 15), 14);
  assert.equal(binIndex(0.5, 15), 7, '0.5 lies in (7/15, 8/15] = (0.4667, 0.5333]');
});

// Confidences 0.6, 0.55, 0.9, 0.95, 0.3, correct T F T F T. Bins: 0.6 and 0.55 → (0.5333, 0.6]: acc 1/2, conf 0.575, gap 0.075, weight 2/5 → 0.03;
// 0.9 → (0.8667, 0.9]: acc 1, gap 0.1, weight 1/5 → 0.02; 0.95 → (0.9333, 1]: acc 0, gap 0.95 → 0.19; 0.3 → (0.2667, 0.3333]: acc 1, gap 0.7 → 0.14.
// ECE = 0.03 + 0.02 + 0.19 + 0.14 = 0.38.
test('ECE of five predictions worked by hand is 0.38', () => {
  const confidences = [0.6, 0.55, 0.9, 0.95, 0.3];
  const correct = [true, false, true, false, true];
  const { ece, bins, imageCount } = expectedCalibrationError(confidences, correct);
  close(ece, 0.38, 'ECE');
  assert.equal(imageCount, 5);
  assert.equal(bins.length, 15);
  assert.deepEqual(bins.map((b) => b.count), [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 1]);
  close(bins[8].lower, 8 / 15, 'bin 8 lower');
  close(bins[8].upper, 0.6, 'bin 8 upper');
  assert.equal(bins[8].accuracy, 0.5);
  close(bins[8].meanConfidence as number, 0.575, 'bin 8 mean confidence');
  assert.equal(bins[14].accuracy, 0);
  assert.equal(bins[0].accuracy, null, 'an empty bin has no accuracy');
  assert.equal(bins[0].meanConfidence, null);
});

test('perfectly calibrated bins give ECE 0; reliability bins take any bin count', () => {
  // Four predictions at 0.75 with three right: accuracy 0.75 = confidence.
  close(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false]).ece, 0, 'ECE');
  const bins = reliabilityBins([0.5, 0.51, 1], [true, false, true], 2);
  assert.deepEqual(bins.map((b) => [b.lower, b.upper, b.count, b.accuracy]), [[0, 0.5, 1, 1], [0.5, 1, 2, 0.5]]);
});

test('calibration refuses no images or mismatched lengths', () => {
  assert.throws(() => expectedCalibrationError([], []), /at least one/);
  assert.throws(() => reliabilityBins([0.5], [true, false]), /one correctness flag/);
});

// −ln 0.5 = ln 2, −ln 0.25 = 2 ln 2, −ln 1 = 0, and p = 0 is clamped to 1e-12: −ln 1e-12 = 12 ln 10.
test('NLL is the mean −ln p_y with p clamped at 1e-12', () => {
  close(negativeLogLikelihood([0.5, 0.25, 1, 0]), (Math.LN2 + 2 * Math.LN2 + 0 + 12 * Math.LN10) / 4, 'NLL');
  close(negativeLogLikelihood([1, 1]), 0, 'certain and right');
  assert.throws(() => negativeLogLikelihood([]), /at least one/);
});
