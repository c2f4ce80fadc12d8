// CAM, Grad-CAM and Grad-CAM++ on tiny conv → GAP → dense models whose maps are worked out by hand.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import type { ModelInspection } from '../../../src/protocol/model';
import { classActivationMaps } from '../../../src/engine/cam/cam';
import type { DenseHeadClassifier, SplitClassifier } from '../../../src/engine/cam/camModel';
import { gradCam, gradCamPlusPlus } from '../../../src/engine/cam/gradcam';
import { UserFacingError } from '../../../src/engine/errors';

/** A conv → GAP → dense LayersModel seen through the accessors the CAM methods need. */
function asCamClassifier(model: tf.LayersModel): DenseHeadClassifier & SplitClassifier {
  const [conv, pool, dense] = model.layers;
  const split = tf.model({ inputs: model.inputs, outputs: [conv.output as tf.SymbolicTensor, model.outputs[0]] });
  const inspection: ModelInspection = {
    path: 'test', format: 'tfjs-layers', inputShape: model.inputs[0].shape.slice(1) as [number, number, number],
    parameterCount: model.countParams(), layers: [], numClasses: 3, outputKind: 'logits', logitsSource: null,
    lastConvLayer: { name: conv.name, shape: (conv.outputShape as number[]).slice(1) as [number, number, number] },
    camHead: { applicable: true, reason: 'GAP then one dense layer.', denseLayer: dense.name }, warnings: [],
  };
  return {
    inspection,
    featuresAndLogits: (x) => tf.tidy(() => {
      const [features, logits] = split.apply(x) as tf.Tensor[];
      return { features: features as tf.Tensor4D, logits: logits as tf.Tensor2D };
    }),
    denseHeadWeights: () => ({ kernel: dense.getWeights()[0] as tf.Tensor2D, bias: dense.getWeights()[1] as tf.Tensor1D }),
    headFromFeatures: (features) => dense.apply(pool.apply(features)) as tf.Tensor2D,
  };
}

// Input 4×4×1; conv 2×2 stride 2 with 2 filters: A_1 = sum of each 2×2 block, A_2 = its top-left pixel + 0.5.
// Dense kernel rows (k = 1, 2) over classes 0..2: [1, −1, 0.5] and [−1, 3, 0]; bias [0, 0, 0.25].
function handModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 2, strides: 2, padding: 'valid' }),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 3 }),
  ] });
  model.layers[0].setWeights([tf.tensor4d([1, 1, 1, 0, 1, 0, 1, 0], [2, 2, 1, 2]), tf.tensor1d([0, 0.5])]);
  model.layers[2].setWeights([tf.tensor2d([[1, -1, 0.5], [-1, 3, 0]]), tf.tensor1d([0, 0, 0.25])]);
  return model;
}

// Image 1 blocks: [1 0; 0 1], [0 2; 0 0], [0 0; 1 0], [3 0; 0 1] → A_1 = [[2, 2], [1, 4]], A_2 = [[1.5, 0.5], [0.5, 3.5]];
// GAP = (2.25, 1.5) → logits (0.75, 2.25, 1.375): top-1 is class 1. Image 2 is black: A_1 = 0, A_2 = 0.5 → logits (−0.5, 1.5, 0.25).
const images = (): tf.Tensor4D => tf.tensor4d([
  1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 3, 0, 1, 0, 0, 1,
  ...new Array(16).fill(0),
], [2, 4, 4, 1]);

function assertClose(actual: ArrayLike<number>, expected: number[], message: string, tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length, `${message}: length`);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${message}: [${i}] is ${actual[i]}, expected ${expected[i]}`);
}

test('CAM of the top-1 class is Σ_k w_k·A_k, upsampled bilinearly (half-pixel centres)', async () => {
  await selectBackend('wasm');
  const model = handModel();
  const classifier = asCamClassifier(model);
  const x = images();
  const before = tf.memory().numTensors;
  const { maps, classes, logits } = classActivationMaps(classifier, x, { kind: 'top1' });
  assert.deepEqual(maps.shape, [2, 4, 4]);
  assert.deepEqual(Array.from(await classes.data()), [1, 1]);
  assertClose(await logits.data(), [0.75, 2.25, 1.375, -0.5, 1.5, 0.25], 'logits');
  // Class 1: −A_1 + 3·A_2 = [[2.5, −0.5], [0.5, 6.5]]. Along x the 4 output columns sample at −0.25 (clamped to 0),
  // 0.25, 0.75, 1.25 (clamped to 1): weights (1, 0), (0.75, 0.25), (0.25, 0.75), (0, 1); the same along y.
  const expectedImage1 = [
    2.5, 1.75, 0.25, -0.5,
    2.0, 1.8125, 1.4375, 1.25,
    1.0, 1.9375, 3.8125, 4.75,
    0.5, 2.0, 5.0, 6.5,
  ];
  const values = await maps.data();
  assertClose(values.slice(0, 16), expectedImage1, 'image 1, class 1');
  assertClose(values.slice(16), new Array(16).fill(1.5), 'image 2, class 1 (3 × 0.5 everywhere)');
  tf.dispose([maps, classes, logits]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([x]);
  model.dispose();
});

test('CAM for given classes per image, and a wrong class list is refused', async () => {
  await selectBackend('wasm');
  const model = handModel();
  const classifier = asCamClassifier(model);
  const x = images();
  const before = tf.memory().numTensors;
  const { maps, classes, logits } = classActivationMaps(classifier, x, { kind: 'classes', classes: [0, 2] });
  const values = await maps.data();
  // Image 1, class 0: A_1 − A_2 = [[0.5, 1.5], [0.5, 0.5]]: the four corners of the upsampled map are these values.
  assertClose([values[0], values[3], values[12], values[15]], [0.5, 1.5, 0.5, 0.5], 'image 1, class 0 corners');
  // Image 2, class 2: 0.5·A_1 + 0·A_2 = 0.
  assertClose(values.slice(16), new Array(16).fill(0), 'image 2, class 2');
  tf.dispose([maps, classes, logits]);
  assert.throws(() => classActivationMaps(classifier, x, { kind: 'classes', classes: [0] }), UserFacingError);
  assert.throws(() => classActivationMaps(classifier, x, { kind: 'classes', classes: [0, 3] }), UserFacingError);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([x]);
  model.dispose();
});

test('classic CAM refuses a head that is not GAP → dense', async () => {
  await selectBackend('wasm');
  const model = handModel();
  const classifier = asCamClassifier(model);
  const notApplicable: DenseHeadClassifier = {
    ...classifier,
    inspection: { ...classifier.inspection, camHead: { applicable: false, reason: 'The head has two dense layers.', denseLayer: null } },
  };
  const x = images();
  assert.throws(() => classActivationMaps(notApplicable, x, { kind: 'top1' }), /two dense layers.*Grad-CAM/);
  tf.dispose([x]);
  model.dispose();
});

test('Grad-CAM on the hand model: α_k = w_k,c / 4, so the map is ReLU(CAM) / 4', async () => {
  await selectBackend('wasm');
  const model = handModel();
  const classifier = asCamClassifier(model);
  const x = images();
  const before = tf.memory().numTensors;
  const { maps, classes, logits } = gradCam(classifier, x, { kind: 'top1' });
  const values = await maps.data();
  // ReLU([[2.5, −0.5], [0.5, 6.5]]) / 4 = [[0.625, 0], [0.125, 1.625]] at the corners.
  assertClose([values[0], values[3], values[12], values[15]], [0.625, 0, 0.125, 1.625], 'image 1 corners');
  assertClose(values.slice(16), new Array(16).fill(0.375), 'image 2');
  tf.dispose([maps, classes, logits]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([x]);
  model.dispose();
});

test('Grad-CAM++ on the hand model: closed form worked by hand', async () => {
  await selectBackend('wasm');
  const model = handModel();
  const classifier = asCamClassifier(model);
  const x = images();
  const before = tf.memory().numTensors;
  const { maps, classes, logits } = gradCamPlusPlus(classifier, x, { kind: 'top1' });
  const values = await maps.data();
  // Class 1, image 1: g_1 = −1/4, g_2 = 3/4 everywhere; α = g²/(2g² + S·g³) = 1/(2 + S·g) with S_2 = Σ A_2 = 6;
  // w_1 = 0 (ReLU(g_1) = 0), w_2 = 4 · (3/4) / (2 + 6·3/4) = 3/6.5; map = w_2·A_2 = [[1.5, 0.5], [0.5, 3.5]]·(6/13).
  const w2 = 6 / 13;
  assertClose([values[0], values[3], values[12], values[15]], [1.5 * w2, 0.5 * w2, 0.5 * w2, 3.5 * w2], 'image 1 corners');
  // Image 2: S_2 = 2, w_2 = 3 / (2 + 1.5) = 6/7; map = 0.5 · 6/7 everywhere.
  assertClose(values.slice(16), new Array(16).fill(3 / 7), 'image 2');
  tf.dispose([maps, classes, logits]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([x]);
  model.dispose();
});

test('for a GAP → dense head, Grad-CAM = ReLU(CAM) / (h·w) for every class (random weights, same-size features)', async () => {
  await selectBackend('wasm');
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [5, 5, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }), biasInitializer: tf.initializers.randomNormal({ seed: 4 }) }),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
  ] });
  const classifier = asCamClassifier(model);
  const x = tf.randomUniform([3, 5, 5, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  let positivePixels = 0;
  for (const c of [0, 1, 2]) {
    const target = { kind: 'classes', classes: [c, c, c] } as const;
    const cam = classActivationMaps(classifier, x, target);
    const grad = gradCam(classifier, x, target);
    const camValues = await cam.maps.data();
    const gradValues = await grad.maps.data();
    camValues.forEach((v, i) => {
      if (v > 0) positivePixels += 1;
      assert.ok(Math.abs(gradValues[i] - Math.max(v, 0) / 25) <= 1e-5, `class ${c} pixel ${i}: Grad-CAM ${gradValues[i]}, ReLU(CAM)/25 ${Math.max(v, 0) / 25}`);
    });
    tf.dispose([cam.maps, cam.classes, cam.logits, grad.maps, grad.classes, grad.logits]);
  }
  assert.ok(positivePixels > 0, 'some CAM values are positive');
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  tf.dispose([x]);
  model.dispose();
});
