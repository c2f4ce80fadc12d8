// Real Keras 3 architectures, saved as .keras and .h5, against Keras's own numbers: the oracles were written by
// scripts/keras-fixtures/make_keras_fixtures.py with TensorFlow/Keras from the same trained models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { fgsmGradient } from '../../../src/engine/adversarial';
import { selectBackend } from '../../../src/engine/backend';
import { classActivationMaps } from '../../../src/engine/cam/cam';
import { gradCam } from '../../../src/engine/cam/gradcam';
import { resizeMapsBilinear } from '../../../src/engine/cam/resize';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { maxAbsDifference, type PackedArray, read, unpack } from '../../fixtures/oracleArrays';

interface Oracle {
  x01: PackedArray;
  labels: number[];
  inputScale: 'unit' | 'raw255';
  probabilities: PackedArray;
  gradcam: { featureLayer: string; featureShape: [number, number, number]; targetClasses: number[]; maps: PackedArray };
  inputGradients: { values: PackedArray };
  fgsm: { epsilon: number; predictions: number[]; probabilities: PackedArray };
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < b.length; i++) { dot += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return dot / Math.sqrt(aa * bb);
}

function offCount(a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number): number {
  let off = 0;
  for (let i = 0; i < b.length; i++) if (Math.abs(a[i] - b[i]) > tolerance) off++;
  return off;
}

/** Each file on wasm, the engine's CPU backend; the .keras file on cpu too (the same weights as the .h5). */
const runs = [['wasm', 'keras'], ['wasm', 'h5'], ['cpu', 'keras']] as const;

for (const arch of ['plaincnn', 'mobilenetv2', 'mobilenettop', 'mobilenetv3small', 'efficientnet', 'resnetv2', 'densenet', 'convnext']) {
  test(`Keras ${arch} (.keras and .h5, wasm and cpu): probabilities, the default CAM layer, Grad-CAM, input gradients and FGSM equal Keras's`, async () => {
    await selectBackend('wasm');
    const oracle = JSON.parse(readFileSync(`test/fixtures/keras/${arch}.oracle.json`, 'utf8')) as Oracle;
    const [height, width, channels] = oracle.gradcam.featureShape;
    const expectedMaps = await read(resizeMapsBilinear(tf.tensor3d(unpack(oracle.gradcam.maps), [4, height, width]), [oracle.x01.shape[1], oracle.x01.shape[2]]));
    const mapScale = Math.max(...expectedMaps.map(Math.abs));
    const expectedGradients = unpack(oracle.inputGradients.values);
    const gradientScale = Math.max(...expectedGradients.map(Math.abs));
    for (const [backend, extension] of runs) {
      await selectBackend(backend);
      const file = `${arch}.${extension} on ${backend}`;
      const classifier = await loadClassifier(`test/fixtures/keras/${arch}.${extension}`);
      try {
        assert.equal(classifier.profile.scaling.kind, oracle.inputScale, `${file} scaling guess`);
        if (arch === 'efficientnet') assert.ok(classifier.inspection.warnings.some((w) => /then Normalization 'normalization' \(mean \[/.test(w)), `${file} names its in-model Normalization`);
        assert.deepEqual(classifier.inspection.lastConvLayer, { name: oracle.gradcam.featureLayer, shape: [height, width, channels] }, `${file} default CAM layer`);
        const x01 = tf.tensor4d(unpack(oracle.x01), oracle.x01.shape as [number, number, number, number]);
        assert.ok(maxAbsDifference(await read(classifier.probabilities(x01)), unpack(oracle.probabilities)) <= 1e-4, `${file} probabilities`);
        const { maps, classes, logits } = gradCam(classifier, x01, { kind: 'classes', classes: oracle.gradcam.targetClasses });
        tf.dispose([classes, logits]);
        assert.ok(maxAbsDifference(await read(maps), expectedMaps) <= 1e-3 * mapScale, `${file} Grad-CAM`);
        const loss = (x: tf.Tensor): tf.Scalar => tf.losses.softmaxCrossEntropy(tf.oneHot(oracle.labels, 10), classifier.logits(x as tf.Tensor4D), undefined, undefined, tf.Reduction.SUM) as tf.Scalar;
        // Max pooling sends each window's gradient to its largest input; where two inputs differ by float noise (our
        // convolutions and TensorFlow's round differently) the gradient may land on the other one, so a few elements may
        // differ while the gradient as a whole must agree.
        const gradients = await read(tf.grad(loss)(x01));
        assert.ok(cosine(gradients, expectedGradients) >= 0.9999, `${file} input gradients: cosine ${cosine(gradients, expectedGradients)}`);
        const off = offCount(gradients, expectedGradients, 1e-3 * gradientScale);
        assert.ok(off <= 0.005 * gradients.length, `${file} input gradients: ${off} of ${gradients.length} elements differ by more than 1e-3 of the scale`);
        // FGSM signs equal Keras's wherever its gradient is clearly non-zero; Keras's own adversarial images get its predictions.
        const { sign, cleanLogits, targets } = fgsmGradient(classifier, x01, oracle.labels);
        const signs = await sign.data();
        const flipped = expectedGradients.filter((g, i) => Math.abs(g) > 1e-3 * gradientScale && Math.sign(g) !== signs[i]).length;
        assert.ok(flipped <= 0.005 * signs.length, `${file} FGSM signs: ${flipped} differ`);
        const adversarial = tf.tidy(() => tf.clipByValue(tf.add(x01, tf.mul(tf.tensor(expectedGradients.map(Math.sign), x01.shape), oracle.fgsm.epsilon)), 0, 1) as tf.Tensor4D);
        const probabilities = classifier.probabilities(adversarial);
        assert.deepEqual(Array.from(await tf.argMax(probabilities, 1).data()), oracle.fgsm.predictions, `${file} FGSM predictions`);
        assert.ok(maxAbsDifference(await read(probabilities), unpack(oracle.fgsm.probabilities)) <= 1e-4, `${file} FGSM probabilities`);
        tf.dispose([x01, sign, cleanLogits, targets, adversarial]);
      } finally {
        classifier.dispose();
      }
    }
  });
}

test("keras.applications.MobileNet's own head (keepdims pooling → 1 × 1 conv → reshape) is a CAM head read from its 1 × 1 conv", async () => {
  await selectBackend('wasm');
  const oracle = JSON.parse(readFileSync('test/fixtures/keras/mobilenettop.oracle.json', 'utf8')) as Oracle;
  const [height, width] = oracle.gradcam.featureShape;
  const classifier = await loadClassifier('test/fixtures/keras/mobilenettop.keras');
  try {
    assert.equal(classifier.inspection.camHead.applicable, true, classifier.inspection.camHead.reason);
    assert.equal(classifier.inspection.camHead.denseLayer, 'conv_preds');
    // With one linear layer after global average pooling, Grad-CAM's weights are that layer's weights / (H·W), so
    // ReLU(CAM) / (H·W) is Keras's Grad-CAM map (compared after both are resized to the input).
    const x01 = tf.tensor4d(unpack(oracle.x01), oracle.x01.shape as [number, number, number, number]);
    const { maps, classes, logits } = classActivationMaps(classifier, x01, { kind: 'classes', classes: oracle.gradcam.targetClasses });
    const camMaps = await read(tf.tidy(() => tf.div(tf.relu(maps), height * width)));
    const expected = await read(resizeMapsBilinear(tf.tensor3d(unpack(oracle.gradcam.maps), [4, height, width]), [oracle.x01.shape[1], oracle.x01.shape[2]]));
    assert.ok(cosine(camMaps, expected) >= 0.99, `CAM vs Keras Grad-CAM: cosine ${cosine(camMaps, expected)}`);
    tf.dispose([x01, maps, classes, logits]);
  } finally {
    classifier.dispose();
  }
});
