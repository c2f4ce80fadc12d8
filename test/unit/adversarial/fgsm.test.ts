// FGSM against the analytic gradient of a linear model (definitions.md §2): for logits = W·x + b on flattened pixels,
// ∇_x CE = Wᵀ(softmax − onehot(y)), so x_adv = clip(x + ε·sign(Wᵀ(softmax − onehot)), 0, 1).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { FGSM_SWEEP_EPSILONS, FgsmSweepTally, fgsmBatch, fgsmGradient, fgsmPerturb } from '../../../src/engine/adversarial';

/** A Classifier-shaped linear model: logits = W·flatten(x) + b, W given as rows per class. */
function linearClassifier(weights: number[][], bias: number[]): { logits: (x: tf.Tensor4D) => tf.Tensor2D } {
  return {
    logits: (x) => tf.tidy(() => {
      const flat = x.reshape([x.shape[0], weights[0].length]);
      return tf.add(tf.matMul(flat, tf.tensor2d(weights), false, true), tf.tensor1d(bias)) as tf.Tensor2D;
    }),
  };
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

test('the gradient sign is sign(Wᵀ(softmax − onehot)) for a 3-class linear model on 2×2 RGB images', async () => {
  await selectBackend('wasm');
  const rng = (i: number): number => Math.sin(12.9898 * i + 4.1) * 0.5;
  const weights = [0, 1, 2].map((k) => Array.from({ length: 12 }, (_, j) => rng(12 * k + j + 1)));
  const bias = [0.1, -0.2, 0.05];
  const pixels = [Array.from({ length: 12 }, (_, j) => (j % 5) / 4), Array.from({ length: 12 }, (_, j) => ((j * 7) % 11) / 10)];
  const labels = [2, 0];
  const images = tf.tensor4d(pixels.flat(), [2, 2, 2, 3]);
  const before = tf.memory().numTensors;
  const { sign, cleanLogits, targets, target } = fgsmGradient(linearClassifier(weights, bias), images, labels);
  assert.equal(target, 'label');
  const got = await sign.data();
  pixels.forEach((x, n) => {
    const z = weights.map((w, k) => w.reduce((s, wj, j) => s + wj * x[j], bias[k]));
    const p = softmax(z);
    for (let j = 0; j < 12; j++) {
      const g = weights.reduce((s, w, k) => s + w[j] * (p[k] - (k === labels[n] ? 1 : 0)), 0);
      assert.equal(got[n * 12 + j], Math.sign(g), `image ${n}, value ${j}: gradient ${g}`);
    }
  });
  tf.dispose([sign, cleanLogits, targets]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  images.dispose();
});

// Two classes, z0 = w·x with w = (1, −1, 2, −2, 0.5, 0) over a 1×2 RGB image, z1 = 0.
// For y = 0, ∂L/∂x = (p0 − 1)·w, so sign = −sign(w) = (−1, +1, −1, +1, −1, 0); for y = 1 it is +sign(w).
const weights = [[1, -1, 2, -2, 0.5, 0], [0, 0, 0, 0, 0, 0]];
const bias = [0, 0];
// Image A (label 0): x = (0, 1, 0.75, 0.25, 1, 0.3), z0 = −1 + 1.5 − 0.5 + 0.5 = 0.5 (right). x0 and x1 already sit at the bounds the
// attack pushes towards, so they stay; Δz0 = 2·(−ε) + (−2)·(+ε) + 0.5·(−ε) = −4.5ε, so z0(ε) = 0.5 − 4.5ε: wrong once ε > 1/9.
// Image B (label 1): x = (0, 0.5, 0, 0, 0, 0), z0 = −0.5 (right); sign = (+1, −1, +1, −1, +1, 0); x3 = 0 − ε clips to 0, so
// z0(ε) = ε + (−1)(0.5 − ε) + 2ε + 0.5ε = 4.5ε − 0.5: wrong once ε > 1/9.
const pixelsA = [0, 1, 0.75, 0.25, 1, 0.3];
const pixelsB = [0, 0.5, 0, 0, 0, 0];

test('x_adv = clip(x + ε·sign) with clipping at 0 and 1 and zero-gradient pixels unchanged', async () => {
  await selectBackend('wasm');
  const images = tf.tensor4d([...pixelsA, ...pixelsB], [2, 1, 2, 3]);
  const { sign, cleanLogits, targets } = fgsmGradient(linearClassifier(weights, bias), images, [0, 1]);
  assert.deepEqual(Array.from(await sign.data()), [-1, 1, -1, 1, -1, 0, 1, -1, 1, -1, 1, 0]);
  const adversarial = fgsmPerturb(images, sign, 0.1);
  const expected = [0, 1, 0.65, 0.35, 0.9, 0.3, 0.1, 0.4, 0.1, 0, 0.1, 0];
  (await adversarial.data()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `value ${i}: ${v}, expected ${expected[i]}`));
  tf.dispose([images, sign, cleanLogits, targets, adversarial]);
});

test('an ε sweep reuses one gradient: errors 0, 0, 2 of 2 at ε = 0.1, 0.11, 0.2; gallery perturbation (x_adv − x)/(2ε) + 0.5', async () => {
  await selectBackend('wasm');
  const classifier = linearClassifier(weights, bias);
  let forwardPasses = 0;
  const counting = { logits: (x: tf.Tensor4D) => { forwardPasses++; return classifier.logits(x); } };
  const images = tf.tensor4d([...pixelsA, ...pixelsB], [2, 1, 2, 3]);
  const before = tf.memory().numTensors;
  const epsilons = [0.1, 0.11, 0.2];
  const batch = await fgsmBatch(counting, images, [0, 1], { epsilons, galleryCount: 1 });
  assert.equal(forwardPasses, 1 + epsilons.length, 'one forward pass for the gradient, one per ε');
  assert.equal(batch.target, 'label');
  assert.equal(batch.cleanWrong, 0);
  // ε = 0.1: z0(A) = 0.05, z0(B) = −0.05 (both right); 0.11: 0.005 and −0.005 (right); 0.2: −0.4 and 0.4 (both wrong).
  assert.deepEqual(batch.wrongAtEpsilon, [0, 0, 2]);
  assert.equal(batch.gallery.length, 3);
  const shown = batch.gallery[0];
  assert.deepEqual(shown.perturbation.shape, [1, 1, 2, 3]);
  // Image A at ε = 0.1: changes (0, 0, −0.1, +0.1, −0.1, 0) → (0.5, 0.5, 0, 1, 0, 0.5).
  const perturbation = Array.from(await shown.perturbation.data(), (v) => Number(v.toFixed(5)) + 0);
  assert.deepEqual(perturbation, [0.5, 0.5, 0, 1, 0, 0.5]);
  assert.equal(shown.clean[0].classIndex, 0);
  assert.ok(Math.abs(shown.clean[0].probability - 1 / (1 + Math.exp(-0.5))) < 1e-6, 'clean p = σ(0.5)');
  assert.equal(batch.gallery[2].attacked[0].classIndex, 1, 'at ε = 0.2 image A is pushed to class 1');
  assert.ok(Math.abs(batch.gallery[2].attacked[0].probability - 1 / (1 + Math.exp(-0.4))) < 1e-6, 'attacked p = σ(0.4)');
  for (const entry of batch.gallery) tf.dispose([entry.adversarial, entry.perturbation]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');

  const tally = new FgsmSweepTally(epsilons);
  tally.add(batch);
  tally.add(await fgsmBatch(classifier, images.slice(0, 1), [1], { epsilons }));
  const result = tally.result();
  assert.equal(result.imageCount, 3);
  assert.equal(result.cleanError, 1 / 3, 'image A labelled 1 is wrong on clean');
  assert.deepEqual(result.errors.map((e) => e.wrong), [1, 1, 3], 'attacking A towards label 1 only raises z0, so it stays wrong');
  images.dispose();
});

test('unlabelled images are attacked against the model\'s own prediction and say so', async () => {
  await selectBackend('wasm');
  const images = tf.tensor4d([...pixelsA, ...pixelsB], [2, 1, 2, 3]);
  const before = tf.memory().numTensors;
  const batch = await fgsmBatch(linearClassifier(weights, bias), images, null, { epsilons: [0.1, 0.2] });
  assert.equal(batch.target, 'prediction');
  assert.equal(batch.cleanWrong, 0);
  assert.deepEqual(batch.wrongAtEpsilon, [0, 2], 'A is predicted 0 and B 1, as their labels, so the attack is the same');
  const tally = new FgsmSweepTally([0.1, 0.2]);
  tally.add(batch);
  assert.throws(() => tally.add({ ...batch, target: 'label' }), /mix labelled and unlabelled/);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  await assert.rejects(fgsmBatch(linearClassifier(weights, bias), images, null, { epsilons: [0] }), /must be in \(0, 1\]/);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked on a refused ε');
  images.dispose();
});

test('the sweep ε are {1, 2, 4, 8, 16}/255', () => {
  assert.deepEqual(FGSM_SWEEP_EPSILONS, [1 / 255, 2 / 255, 4 / 255, 8 / 255, 16 / 255]);
});
