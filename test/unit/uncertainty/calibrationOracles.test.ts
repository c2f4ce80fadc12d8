// Adaptive ECE, classwise ECE, temperature scaling and the logit OOD scores against independent computations:
// scripts/calibration-oracles (torch transcriptions of Mukhoti et al.'s AdaptiveECELoss / ClasswiseECELoss and gpleiss's
// temperature scaling) and scripts/ood-oracles (numpy scores and scikit-learn's metrics), plus cases worked by hand (definitions.md §5).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  adaptiveCalibrationError, classwiseCalibrationError, equalCountEdges, fitTemperature, oodDetection, oodScoresFromLogits, temperatureNll,
  temperatureScaledProbabilities, OOD_SCORE_NAMES,
} from '../../../src/engine/uncertainty';

interface CalibrationCase {
  name: string;
  classCount: number;
  labels: number[];
  logits: number[];
  probabilities: number[];
  confidences: number[];
  correct: boolean[];
  adaptiveEce: number;
  classwiseEce: number;
  temperature: { temperature: number; nllBefore: number; nllAfter: number };
}

const fixtures = 'test/unit/uncertainty/fixtures';
const calibration = JSON.parse(readFileSync(join(fixtures, 'calibration-oracles.json'), 'utf8')) as {
  cases: CalibrationCase[]; tied: { confidences: number[]; correct: boolean[]; adaptiveEce: number };
};

const close = (actual: number, expected: number, tolerance: number, message: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message}: ${actual}, expected ${expected} (±${tolerance})`);

// Sorted 0.2, 0.4, 0.6, 0.8 in 2 bins: edges at positions 0, 2, 4 → 0.2, 0.6, 0.8 (position 4 is past the last index).
// Bins (0.2, 0.6] = {0.4 ✗, 0.6 ✓}: acc ½ = conf ½, gap 0; (0.6, 0.8] = {0.8 ✓}: gap 0.2, weight ¼ → 0.05. 0.2 is in no bin.
test('adaptive ECE worked by hand: interpolated equal-count edges, (lower, upper] bins, the smallest confidence in none', () => {
  assert.deepEqual(equalCountEdges([0.2, 0.4, 0.6, 0.8], 2), [0.2, 0.6, 0.8]);
  close(equalCountEdges([0.1, 0.3, 0.9], 2)[1], 0.3 + 0.5 * (0.9 - 0.3), 1e-15, 'position 1.5 interpolates between the 2nd and 3rd');
  close(adaptiveCalibrationError([0.8, 0.2, 0.6, 0.4], [true, true, true, false], 2), 0.05, 1e-15, 'adaptive ECE');
  assert.throws(() => adaptiveCalibrationError([], []), /at least one/);
});

test('adaptive ECE matches AdaptiveECELoss (focal_calibration) on random and tied confidences', () => {
  for (const c of calibration.cases) close(adaptiveCalibrationError(c.confidences, c.correct), c.adaptiveEce, 1e-6, c.name);
  close(adaptiveCalibrationError(calibration.tied.confidences, calibration.tied.correct), calibration.tied.adaptiveEce, 1e-6, 'tied');
});

// Two images, two classes: p = (0.9, 0.1) with y = 0 and (0.3, 0.7) with y = 0. Class 0: 0.9 in (0.8667, 0.9333] acc 1 → gap 0.1,
// 0.3 in (0.2667, 0.3333] acc 1 → gap 0.7: ½(0.1 + 0.7) = 0.4. Class 1: 0.1 acc 0 → 0.1, 0.7 acc 0 → 0.7: 0.4. Mean 0.4.
test('classwise ECE worked by hand, and against ClasswiseECELoss', () => {
  // Probabilities are summed on a 2⁻³² grid (exact shard merges), so agreement is to ~1e-10.
  close(classwiseCalibrationError([0.9, 0.1, 0.3, 0.7], [0, 0], 2), 0.4, 1e-9, 'hand-worked');
  for (const c of calibration.cases) close(classwiseCalibrationError(c.probabilities, c.labels, c.classCount), c.classwiseEce, 1e-6, c.name);
  // A third class with probability 0 everywhere (left out of a restricted evaluation) is in no bin and not in the mean.
  close(classwiseCalibrationError([0.9, 0.1, 0, 0.3, 0.7, 0], [0, 0], 3), 0.4, 1e-9, 'a class that is never predicted');
  assert.throws(() => classwiseCalibrationError([0.5], [0], 2), /rows of 2/);
});

test('temperature scaling finds gpleiss/LBFGS\'s T to 1e-4 and its NLL before and after', () => {
  for (const c of calibration.cases) {
    const fit = fitTemperature(c.logits, c.labels, c.classCount);
    close(fit.temperature, c.temperature.temperature, 1e-4, `${c.name}: T`);
    close(fit.nllBefore, c.temperature.nllBefore, 1e-9, `${c.name}: NLL at T = 1`);
    close(fit.nllAfter, c.temperature.nllAfter, 1e-9, `${c.name}: NLL at the fitted T`);
    assert.equal(fit.atRangeEdge, false);
    const scaled = temperatureScaledProbabilities(c.logits, c.classCount, fit.temperature);
    close(scaled.slice(0, c.classCount).reduce((s, p) => s + p, 0), 1, 1e-12, 'a scaled row sums to 1');
  }
  // NLL(T) = ln 2 for logits (z, z): the labels carry no information whatever T is.
  close(temperatureNll([3, 3], [1], 2, 0.5), Math.LN2, 1e-15, 'tied logits');
  assert.throws(() => fitTemperature([], [], 3), /at least one/);
});

interface LogitsOracle {
  inLogits: number[][];
  outLogits: number[][];
  inScores: Record<string, number[]>;
  outScores: Record<string, number[]>;
  expected: Record<string, { auroc: number; fprAtTpr95: number; auprIn: number; auprOut: number }>;
}

test('MSP, max logit and energy scores and their OOD metrics match the numpy / scikit-learn oracle', () => {
  const oracle = (JSON.parse(readFileSync(join(fixtures, 'ood-oracles.json'), 'utf8')) as { logits: LogitsOracle }).logits;
  const classCount = oracle.inLogits[0].length;
  const inScores = oodScoresFromLogits(oracle.inLogits.flat(), classCount);
  const outScores = oodScoresFromLogits(oracle.outLogits.flat(), classCount);
  for (const name of OOD_SCORE_NAMES) {
    inScores[name].forEach((s, i) => close(s, oracle.inScores[name][i], 1e-12, `${name} in ${i}`));
    outScores[name].forEach((s, i) => close(s, oracle.outScores[name][i], 1e-12, `${name} out ${i}`));
    const metrics = oodDetection(inScores[name], outScores[name]);
    for (const key of ['auroc', 'fprAtTpr95', 'auprIn', 'auprOut'] as const) close(metrics[key], oracle.expected[name][key], 1e-12, `${name} ${key}`);
  }
  // Energy of log-probabilities is log Σ p = 0: degenerate, as the reports say for models that only give probabilities.
  close(oodScoresFromLogits([Math.log(0.2), Math.log(0.8)], 2).energy[0], 0, 1e-15, 'energy of log-softmax');
  assert.throws(() => oodScoresFromLogits([1, 2, 3], 2), /rows of 2/);
});
