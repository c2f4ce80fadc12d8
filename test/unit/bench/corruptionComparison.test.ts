// The imagecorruptions comparison's table: per corruption ours, theirs and ours / theirs (wall clock and CPU time), a
// total in seconds whose ratio is theirs / ours, and dashes when imagecorruptions did not run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchPhotoPaths, comparisonRows, type RateReport } from '../../../scripts/bench/corruptionComparison';

const ours: RateReport = { rates: { frost: 100, fog: 50 }, cpuRates: { frost: 200, fog: 100 } };
const theirs: RateReport = { rates: { frost: 25, fog: 100 }, cpuRates: { frost: 50, fog: 50 } };

test('each corruption row gives both rates and ours / theirs; the total compares seconds for all images', () => {
  const rows = comparisonRows(ours, theirs, 8);
  // Registry order: frost before fog.
  assert.deepEqual(rows[0], ['frost', '100', '25.0', '4.0×', '200', '50.0', '4.0×']);
  assert.deepEqual(rows[1], ['fog', '50.0', '100', '0.50×', '100', '50.0', '2.0×']);
  // 40 images each: ours 0.4 + 0.8 s, theirs 1.6 + 0.4 s by the wall clock → theirs / ours = 2.0 / 1.2.
  assert.deepEqual(rows[2], ['all 2 (80 images)', '1.20 s', '2.00 s', '1.7×', '0.60 s', '1.60 s', '2.7×']);
});

test('without imagecorruptions the reference columns are dashes', () => {
  const rows = comparisonRows(ours, null, 8);
  assert.deepEqual(rows[1], ['fog', '50.0', '—', '—', '100', '—', '—']);
  assert.deepEqual(rows[2].slice(2, 4), ['—', '—']);
});

test('the bench photos are the three committed 224² inputs, cycled', () => {
  const paths = benchPhotoPaths('/repo');
  assert.equal(paths.length, 8);
  assert.equal(paths[3], '/repo/test/fixtures/corruptions/reference/inputs/imagenet-0.png');
});
