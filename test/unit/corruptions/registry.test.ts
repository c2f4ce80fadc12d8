// The registry, the parameter-set choice, pixel scaling, the JPEG-85 option and input checks (definitions.md §1).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { CORRUPTIONS, corrupt, describeCorruption, parameterSetFor, type CorruptionName, type Severity } from '../../../src/engine/corruptions';
import { CORRUPTION_NAMES } from '../../../src/engine/corruptions/types';
import { isUserFacingError } from '../../../src/engine/errors';
import { SeededRandom } from '../../../src/engine/random';
import { naturalBatch, values } from './testImages';

before(async () => {
  await selectBackend('wasm');
});

test('15 benchmark corruptions in 4 families and 4 extras, each with 5 rows in both tables', () => {
  const benchmark = CORRUPTIONS.filter((c) => c.kind === 'benchmark');
  assert.equal(benchmark.length, 15);
  assert.deepEqual(benchmark.map((c) => c.name), [
    'gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
    'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
  ]);
  assert.deepEqual(CORRUPTIONS.filter((c) => c.kind === 'extra').map((c) => c.name), ['speckle_noise', 'gaussian_blur', 'spatter', 'saturate']);
  assert.deepEqual(CORRUPTIONS.map((c) => c.name), [...CORRUPTION_NAMES], 'the name list that dataset listing uses follows the registry');
  const families = Object.fromEntries(['noise', 'blur', 'weather', 'digital'].map((f) => [f, benchmark.filter((c) => c.family === f).length]));
  assert.deepEqual(families, { noise: 3, blur: 4, weather: 4, digital: 4 });
  for (const c of CORRUPTIONS) {
    assert.equal(c.parameterTables['imagenet-c'].rows.length, 5);
    assert.equal(c.parameterTables['cifar-10-c'].rows.length, 5);
  }
  const frost = CORRUPTIONS.find((c) => c.name === 'frost');
  assert.equal(frost?.displayName, 'frost (procedural)');
  assert.match(CORRUPTIONS.find((c) => c.name === 'elastic_transform')?.variant ?? '', /imagecorruptions/);
});

test('tables hold the numbers of definitions.md (spot checks)', () => {
  const row = (name: CorruptionName, set: 'imagenet-c' | 'cifar-10-c', severity: Severity) => describeCorruption(name, severity, 224, 224, { parameterSet: set }).parameters;
  assert.deepEqual(row('glass_blur', 'imagenet-c', 5), { sigma: 1.5, delta: 4, iterations: 2 });
  assert.deepEqual(row('fog', 'imagenet-c', 3), { strength: 2.5, wibbleDecay: 1.7 });
  assert.deepEqual(row('jpeg_compression', 'imagenet-c', 5), { quality: 7 });
  assert.deepEqual(row('saturate', 'cifar-10-c', 4), { scale: 2, offset: 0.1 });
  assert.equal(row('elastic_transform', 'imagenet-c', 5).alpha, 30);
});

test('parameterSetFor: CIFAR-10-C up to 64 px, ImageNet-C above', () => {
  assert.equal(parameterSetFor(32, 32), 'cifar-10-c');
  assert.equal(parameterSetFor(64, 48), 'cifar-10-c');
  assert.equal(parameterSetFor(65, 64), 'imagenet-c');
  assert.equal(parameterSetFor(224, 224), 'imagenet-c');
});

test('pixel lengths scale by min(H, W) / reference size, and the description says which', () => {
  const half = describeCorruption('defocus_blur', 1, 112, 160);
  assert.equal(half.parameterSet, 'imagenet-c');
  assert.equal(half.pixelScale, 0.5);
  assert.deepEqual(half.parameters, { radius: 1.5, aliasSigma: 0.05 });
  assert.deepEqual(half.scaledFields, ['radius', 'aliasSigma']);
  const cifar = describeCorruption('motion_blur', 5, 32, 32);
  assert.equal(cifar.pixelScale, 1);
  assert.deepEqual(cifar.parameters, { radius: 9, sigma: 2.5 });
  const noise = describeCorruption('gaussian_noise', 2, 112, 112);
  assert.deepEqual(noise.scaledFields, []);
  assert.deepEqual(noise.parameters, { sigma: 0.12 });
  const mud = describeCorruption('spatter', 4, 112, 112);
  assert.deepEqual(mud.scaledFields, ['blurSigma', 'intensity']);
  assert.equal(describeCorruption('spatter', 1, 112, 112).parameters.intensity, 0.6);
  assert.match(describeCorruption('snow', 1, 32, 32).parameterSource, /make_cifar_c/);
});

test('outputs are whole 8-bit levels (truncated, as np.uint8); the JPEG-85 round trip is off by default and changes them', async () => {
  const images = naturalBatch(32);
  const plain = await corrupt(images, 'contrast', 2, SeededRandom.fromSeed(1));
  const saved = await corrupt(images, 'contrast', 2, SeededRandom.fromSeed(1), { jpegRoundTrip: true });
  assert.ok(values(plain).every((v) => Math.abs(v * 255 - Math.round(v * 255)) < 1e-3));
  assert.ok(values(saved).every((v) => Math.abs(v * 255 - Math.round(v * 255)) < 1e-3));
  assert.notDeepEqual(values(plain), values(saved));
  assert.equal(describeCorruption('contrast', 2, 32, 32, { jpegRoundTrip: true }).jpegRoundTrip, true);
  tf.dispose([images, plain, saved]);
});

test('bad input is refused with a message for the user', async () => {
  const images = naturalBatch(8);
  const gray = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
  const refused = async (run: () => Promise<unknown>) => assert.rejects(run, (err: unknown) => isUserFacingError(err));
  await refused(() => corrupt(images, 'rain' as CorruptionName, 1, SeededRandom.fromSeed(0)));
  await refused(() => corrupt(images, 'fog', 6 as Severity, SeededRandom.fromSeed(0)));
  await refused(() => corrupt(gray, 'fog', 1, SeededRandom.fromSeed(0)));
  tf.dispose([images, gray]);
});
