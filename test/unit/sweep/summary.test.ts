// CE, relative CE, mCE, families and the best-per-column marks on a small table worked by hand (definitions.md §1.4).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CORRUPTIONS, type CorruptionName } from '../../../src/engine/corruptions';
import {
  ALEXNET_MEAN_ERRORS, alexNetCorruptionError, alexNetRelativeCorruptionError, corruptionError, relativeCorruptionError, reportFacts, summariseRobustness,
  type ModelErrors,
} from '../../../src/engine/sweep';

const close = (actual: number | null | undefined, expected: number, message: string): void =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-9, `${message}: ${actual}, expected ${expected}`);

const benchmark = CORRUPTIONS.filter((c) => c.kind === 'benchmark').map((c) => c.name);
const everyBenchmark = (errors: (name: CorruptionName) => number[]): Partial<Record<CorruptionName, number[]>> =>
  Object.fromEntries(benchmark.map((name) => [name, errors(name)]));

test('CE and relative CE of one corruption', () => {
  // Σ model = 1.5, Σ base = 2.5 → CE 0.6. Relative: (1.5 − 5·0.1)/(2.5 − 5·0.2) = 1/1.5.
  close(corruptionError([0.2, 0.2, 0.3, 0.3, 0.5], [0.3, 0.4, 0.5, 0.6, 0.7]), 0.6, 'CE');
  close(relativeCorruptionError([0.2, 0.2, 0.3, 0.3, 0.5], 0.1, [0.3, 0.4, 0.5, 0.6, 0.7], 0.2), 2 / 3, 'relative CE');
  assert.equal(corruptionError([0.1, 0.1, 0.1, 0.1, 0.1], [0, 0, 0, 0, 0]), null, 'a baseline with no errors gives no CE');
  assert.equal(relativeCorruptionError([0.3, 0.3, 0.3, 0.3, 0.3], 0.1, [0.2, 0.2, 0.2, 0.2, 0.2], 0.2), null, 'a baseline no worse than its clean error gives no relative CE');
});

// Baseline: clean 0.2, every benchmark corruption (0.3, 0.4, 0.5, 0.6, 0.7) (Σ 2.5, Σ above clean 1.5), speckle 0.8 at every severity.
// Model f: clean 0.1; gaussian noise 0.1 everywhere (Σ 0.5); every other benchmark corruption (0.2, 0.2, 0.3, 0.3, 0.5) (Σ 1.5); speckle 0.4.
// CE: gaussian 0.5/2.5 = 0.2, others 0.6 → mCE = (0.2 + 14·0.6)/15 = 8.6/15.
// Relative: gaussian (0.5 − 0.5)/1.5 = 0, others (1.5 − 0.5)/1.5 = 2/3 → relative mCE = (14·2/3)/15 = 28/45.
// Families: noise (0.5 + 1.5 + 1.5)/15 = 3.5/15; blur, weather, digital 0.3. Speckle (extra): CE 2/4 = 0.5, relative (2 − 0.5)/(4 − 1) = 0.5.
const base: ModelErrors = {
  model: 'base', clean: 0.2, fgsm: 0.6, occlusion: 0.3,
  corruptions: { ...everyBenchmark(() => [0.3, 0.4, 0.5, 0.6, 0.7]), speckle_noise: [0.8, 0.8, 0.8, 0.8, 0.8] },
};
const f: ModelErrors = {
  model: 'f', clean: 0.1, fgsm: 0.5, occlusion: 0.4,
  corruptions: { ...everyBenchmark((name) => (name === 'gaussian_noise' ? [0.1, 0.1, 0.1, 0.1, 0.1] : [0.2, 0.2, 0.3, 0.3, 0.5])), speckle_noise: [0.4, 0.4, 0.4, 0.4, 0.4] },
};
const g: ModelErrors = { model: 'g', clean: 0.1, fgsm: null, occlusion: null, corruptions: { gaussian_noise: [0.5, 0.5, 0.5, 0.5, 0.5] } };

test('the seed paper\'s row against a baseline checkpoint', () => {
  const { rows, best } = summariseRobustness([base, f, g], { kind: 'checkpoint', errors: base }, { parameterSet: 'cifar-10-c', classCount: 10 });
  const [baseRow, fRow, gRow] = rows;
  close(baseRow.mce, 1, 'the baseline against itself');
  close(baseRow.relativeMce, 1, 'the baseline against itself (relative)');
  close(baseRow.noise, 0.5, 'baseline noise');
  close(fRow.benchmark.gaussian_noise?.ce, 0.2, 'f gaussian CE');
  close(fRow.benchmark.fog?.ce, 0.6, 'f fog CE');
  close(fRow.mce, 8.6 / 15, 'f mCE');
  close(fRow.benchmark.gaussian_noise?.relativeCe, 0, 'f gaussian relative CE');
  close(fRow.relativeMce, 28 / 45, 'f relative mCE');
  close(fRow.noise, 3.5 / 15, 'f noise');
  close(fRow.blur, 0.3, 'f blur');
  close(fRow.weather, 0.3, 'f weather');
  close(fRow.digital, 0.3, 'f digital');
  close(fRow.extras.speckle_noise?.ce, 0.5, 'f speckle CE (extra)');
  close(fRow.extras.speckle_noise?.relativeCe, 0.5, 'f speckle relative CE (extra)');
  assert.equal(fRow.benchmark.speckle_noise, undefined, 'extras are not benchmark corruptions');
  assert.deepEqual(fRow.missingBenchmark, []);
  // g has one corruption: CE 2.5/2.5 = 1 for it, but no mCE, no complete family.
  close(gRow.benchmark.gaussian_noise?.ce, 1, 'g gaussian CE');
  assert.equal(gRow.mce, null);
  assert.equal(gRow.noise, null);
  assert.equal(gRow.missingBenchmark.length, 14);
  assert.deepEqual(best, {
    clean: ['f', 'g'], fgsm: ['f'], occlusion: ['base'], noise: ['f'], blur: ['f'], weather: ['f'], digital: ['f'], mce: ['f'], relativeMce: ['f'],
  });
});

test('the AlexNet baseline: its 15 published means in benchmark order; CE = mean error / AlexNet\'s', () => {
  assert.deepEqual(Object.keys(ALEXNET_MEAN_ERRORS), benchmark);
  assert.deepEqual(Object.values(ALEXNET_MEAN_ERRORS), [
    0.886428, 0.894468, 0.92264, 0.81988, 0.826268, 0.785948, 0.79836, 0.866816, 0.826572, 0.819324, 0.564592, 0.853204, 0.646056, 0.71784, 0.6065,
  ]);
  // Gaussian noise (0.4 … 0.8), mean 0.6: CE 0.6/0.886428; relative (0.6 − 0.2)/(0.886428 − 0.4345).
  close(alexNetCorruptionError([0.4, 0.5, 0.6, 0.7, 0.8], 'gaussian_noise'), 0.6 / 0.886428, 'CE');
  close(alexNetRelativeCorruptionError([0.4, 0.5, 0.6, 0.7, 0.8], 0.2, 'gaussian_noise'), 0.4 / 0.451928, 'relative CE');
  assert.equal(alexNetCorruptionError([0.4, 0.5, 0.6, 0.7, 0.8], 'speckle_noise'), null, 'no published AlexNet number for the extras');
  // Half of AlexNet's error on every corruption: mCE 0.5 exactly.
  const half: ModelErrors = { model: 'half', clean: 0.2, fgsm: null, occlusion: null, corruptions: everyBenchmark((name) => new Array(5).fill((ALEXNET_MEAN_ERRORS[name] as number) / 2)) };
  const [row] = summariseRobustness([half], { kind: 'alexnet' }, { parameterSet: 'imagenet-c', classCount: 1000 }).rows;
  close(row.mce, 0.5, 'mCE');
  close(row.benchmark.brightness?.relativeCe, (0.564592 / 2 - 0.2) / (0.564592 - 0.4345), 'brightness relative CE');
  assert.throws(() => summariseRobustness([half], { kind: 'alexnet' }, { parameterSet: 'cifar-10-c', classCount: 1000 }), /only for ImageNet models/);
  assert.throws(() => summariseRobustness([half], { kind: 'alexnet' }, { parameterSet: 'imagenet-c', classCount: 10 }), /only for ImageNet models/);
});

test('bad error tables are refused with the model and corruption named', () => {
  const short: ModelErrors = { ...g, corruptions: { fog: [0.1, 0.2] } };
  assert.throws(() => summariseRobustness([short], { kind: 'checkpoint', errors: base }, { parameterSet: 'cifar-10-c', classCount: 10 }), /g, fog needs 5 top-1 errors/);
  assert.throws(() => summariseRobustness([{ ...g, clean: 1.5 }], { kind: 'checkpoint', errors: base }, { parameterSet: 'cifar-10-c', classCount: 10 }), /clean error must be in \[0, 1\]/);
});

test('every report states the baseline, parameters and variants (procedural frost), seed, image count and JPEG round trip', () => {
  const facts = reportFacts({
    baseline: { kind: 'alexnet' }, parameterSet: 'imagenet-c', height: 112, width: 112, corruptions: ['frost', 'fog'],
    seed: 42, imageCount: 500, jpegRoundTrip: false, fgsmTarget: 'prediction', fgsmEpsilon: 8 / 255, occlusionNote: 'zeroed before normalisation',
  });
  const byLabel = Object.fromEntries(facts.map((fact) => [fact.label, fact.value]));
  assert.deepEqual(Object.keys(byLabel), ['Baseline', 'Corruption parameters', 'Variants', 'Seed', 'Images', 'JPEG round trip', 'FGSM', 'Occlusion']);
  assert.match(byLabel.Baseline, /AlexNet.*0\.4345/);
  assert.match(byLabel['Corruption parameters'], /ImageNet-C.*min\(H, W\)\/224 = 0\.5/);
  assert.match(byLabel.Variants, /frost \(procedural\)/);
  assert.doesNotMatch(byLabel.Variants, /[Ee]lastic/, 'only the corruptions used are listed');
  assert.equal(byLabel.Seed, '42');
  assert.equal(byLabel.Images, '500');
  assert.equal(byLabel['JPEG round trip'], 'off');
  assert.match(byLabel.FGSM, /ε = 8\/255.*own predictions/);
  const checkpoint = reportFacts({ baseline: { kind: 'checkpoint', errors: base }, parameterSet: 'cifar-10-c', height: 32, width: 32, corruptions: ['fog'], seed: 1, imageCount: 10, jpegRoundTrip: true });
  assert.match(checkpoint[0].value, /checkpoint "base", evaluated on the same images/);
  assert.equal(checkpoint[1].value, 'CIFAR-10-C (definitions.md §1.3)');
  assert.match(checkpoint[2].value, /^none/);
  assert.match(checkpoint[5].value, /^on \(saved as JPEG quality 85/);
  assert.equal(checkpoint.length, 6);
});
