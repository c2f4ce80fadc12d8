// OOD detection metrics on small score sets worked by hand (definitions.md §5).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { auprIn, auprOut, auroc, averagePrecision, detectionAccuracy, fprAtTpr, oodDetection, scoreHistograms, tnrAtTpr } from '../../../src/engine/uncertainty';

const close = (actual: number, expected: number, message: string): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${message}: ${actual}, expected ${expected}`);

// in = [0.9, 0.8, 0.8], out = [0.8, 0.1]. Pairs (in, out): 0.9 beats both (2); each 0.8 ties 0.8 (½) and beats 0.1 (1): 1.5 + 1.5.
// AUROC = 5/6. Thresholds high to low: 0.9 → TPR 1/3; 0.8 → TPR 1, FPR 1/2: TNR = 1/2.
// Detection accuracy 1 − ½(FNR + FPR): above all 0.5; at 0.9: 1 − ½(2/3 + 0) = 2/3; at 0.8: 1 − ½(0 + ½) = 3/4; at 0.1: 1 − ½(0 + 1) = 1/2 → 3/4.
test('AUROC counts ties as half; TNR at TPR 95% and detection accuracy with ties', () => {
  const inScores = [0.9, 0.8, 0.8];
  const outScores = [0.8, 0.1];
  close(auroc(inScores, outScores), 5 / 6, 'AUROC');
  assert.deepEqual(tnrAtTpr(inScores, outScores), { tnr: 0.5, threshold: 0.8 });
  close(detectionAccuracy(inScores, outScores), 0.75, 'detection accuracy');
  const all = oodDetection(inScores, outScores);
  assert.equal(all.inCount, 3);
  assert.equal(all.outCount, 2);
  close(all.auroc, 5 / 6, 'AUROC (together)');
  assert.equal(all.tnrAtTpr95, 0.5);
});

test('separable scores: AUROC 1, TNR 1, detection accuracy 1; reversed scores: AUROC 0, detection accuracy ½', () => {
  assert.equal(auroc([0.9, 0.7], [0.5, 0.2]), 1);
  assert.deepEqual(tnrAtTpr([0.9, 0.7], [0.5, 0.2]), { tnr: 1, threshold: 0.7 });
  assert.equal(detectionAccuracy([0.9, 0.7], [0.5, 0.2]), 1);
  assert.equal(auroc([0.1], [0.9]), 0);
  assert.equal(detectionAccuracy([0.1], [0.9]), 0.5, 'no threshold beats calling everything OOD');
  assert.equal(auroc([0.5, 0.5], [0.5]), 0.5, 'all tied');
});

// in = 0.05, 0.10, …, 1.00 (20 scores); out = 0.02, 0.07, 0.12, 0.5. From the top, TPR first reaches 19/20 = 0.95 at threshold 0.10;
// the out-scores ≥ 0.10 are 0.12 and 0.5, FPR 2/4, TNR 1/2 (at 0.12 TPR is only 18/20).
test('TNR at TPR 95% stops at the first threshold reaching 19 of 20 in-distribution scores', () => {
  const inScores = Array.from({ length: 20 }, (_, i) => (i + 1) / 20);
  assert.deepEqual(tnrAtTpr(inScores, [0.02, 0.07, 0.12, 0.5]), { tnr: 0.5, threshold: 0.1 });
});

test('OOD metrics refuse empty or non-finite score sets', () => {
  assert.throws(() => auroc([], [0.5]), /at least one/);
  assert.throws(() => tnrAtTpr([0.5], [Number.NaN]), /finite/);
});

// Four bins (0, .25], (.25, .5], (.5, .75], (.75, 1]: in 0.25 → 1st, 0.26 → 2nd, 1 → 4th; out 0.5 → 2nd, 0.1 → 1st.
test('score histograms count both sets on (lo, hi] bins', () => {
  const bins = scoreHistograms([0.25, 0.26, 1], [0.5, 0.1], 4);
  assert.deepEqual(bins.map((b) => [b.lower, b.upper, b.inCount, b.outCount]), [[0, 0.25, 1, 1], [0.25, 0.5, 1, 1], [0.5, 0.75, 0, 0], [0.75, 1, 1, 0]]);
});

// Same sets. AUPR-In (in positive), thresholds high to low: 0.9 → recall 1/3, precision 1/1; 0.8 → recall 1, precision 3/4;
// AP = 1/3·1 + 2/3·3/4 = 5/6. AUPR-Out (out positive, scores negated: out −0.8, −0.1; in −0.9, −0.8, −0.8): −0.1 → recall ½,
// precision 1; −0.8 → recall 1, precision 2/4; AP = ½ + ½·½ = 3/4. FPR at TPR 95% = 1 − TNR = ½ at threshold 0.8.
test('FPR at TPR 95%, AUPR-In and AUPR-Out on the hand-worked tied sets', () => {
  const inScores = [0.9, 0.8, 0.8];
  const outScores = [0.8, 0.1];
  assert.deepEqual(fprAtTpr(inScores, outScores), { fpr: 0.5, threshold: 0.8 });
  close(auprIn(inScores, outScores), 5 / 6, 'AUPR-In');
  close(auprOut(inScores, outScores), 3 / 4, 'AUPR-Out');
  const all = oodDetection(inScores, outScores);
  assert.equal(all.fprAtTpr95, 0.5);
  close(all.auprIn, 5 / 6, 'AUPR-In (together)');
  close(all.auprOut, 3 / 4, 'AUPR-Out (together)');
});

// Step-wise, not interpolated: positives [3, 1], negatives [2]. Thresholds 3 → recall ½, precision 1; 2 → recall ½ (no step);
// 1 → recall 1, precision 2/3. AP = ½ + ½·2/3 = 5/6 (a trapezoid under the curve would give a different number).
test('average precision steps only where recall rises, with the precision at that threshold', () => {
  close(averagePrecision([3, 1], [2]), 5 / 6, 'AP');
  assert.equal(averagePrecision([1, 1], [1]), 2 / 3, 'all tied: one step to recall 1 at precision 2/3');
});

interface OracleMetrics { auroc: number; fprAtTpr95: number; threshold: number; auprIn: number; auprOut: number }
interface OodOracles {
  cases: Array<{ name: string; in: number[]; out: number[]; expected: OracleMetrics }>;
}

// scripts/ood-oracles/make_ood_oracles.py re-implements scikit-learn's roc_curve / average_precision_score and OpenOOD's
// fpr_recall with numpy; its JSON is committed next to this test.
test('AUROC, FPR at TPR 95%, AUPR-In and AUPR-Out match the scikit-learn-formula oracles', () => {
  const oracles = JSON.parse(readFileSync('test/unit/uncertainty/fixtures/ood-oracles.json', 'utf8')) as OodOracles;
  assert.ok(oracles.cases.length >= 6);
  for (const { name, in: inScores, out: outScores, expected } of oracles.cases) {
    const got = oodDetection(inScores, outScores);
    close(got.auroc, expected.auroc, `${name}: AUROC`);
    close(got.fprAtTpr95, expected.fprAtTpr95, `${name}: FPR@95`);
    assert.equal(got.tnrThreshold, expected.threshold, `${name}: threshold`);
    close(got.auprIn, expected.auprIn, `${name}: AUPR-In`);
    close(got.auprOut, expected.auprOut, `${name}: AUPR-Out`);
  }
});
