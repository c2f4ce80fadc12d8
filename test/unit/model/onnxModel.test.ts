// ONNX checkpoints opened as classifiers, checked against PyTorch itself: the oracles were written by
// scripts/onnx-fixtures/make_onnx_fixtures.py from the same trained networks that were exported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fgsmGradient } from '../../../src/engine/adversarial';
import { selectBackend } from '../../../src/engine/backend';
import { gradCam } from '../../../src/engine/cam/gradcam';
import { resizeMapsBilinear } from '../../../src/engine/cam/resize';
import { isUserFacingError } from '../../../src/engine/errors';
import { type Classifier, loadClassifier } from '../../../src/engine/model/classifier';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

interface PackedArray { shape: number[]; base64: string }
interface GradCamOracle { targetClasses: number[]; featureShape: [number, number, number]; maps: PackedArray }
interface Oracle {
  x01: PackedArray;
  labels: number[];
  logits: PackedArray;
  probabilities: PackedArray;
  normalisation: { mean: number[]; std: number[]; bakedIn: boolean };
  exports: { file: string; exporter: string; featureTensor: string; featureTensorNorm1?: string }[];
  gradcam: GradCamOracle;
  /** ViT only: Grad-CAM at the last block's norm1, pytorch-grad-cam's documented ViT layer. */
  gradcamNorm1?: GradCamOracle;
  inputGradients: { values: PackedArray };
  fgsm: { epsilon: number; predictions: number[]; probabilities: PackedArray };
}

const fixtures = 'test/fixtures/onnx';
const cnns = ['resnet', 'mobilenetv3', 'convnext'];

function unpack(packed: PackedArray): Float32Array {
  const bytes = Buffer.from(packed.base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function readOracle(arch: string): Oracle {
  return JSON.parse(readFileSync(`${fixtures}/${arch}.oracle.json`, 'utf8')) as Oracle;
}

function images(oracle: Oracle): tf.Tensor4D {
  return tf.tensor4d(unpack(oracle.x01), oracle.x01.shape as [number, number, number, number]);
}

async function read(t: tf.Tensor): Promise<Float32Array> {
  const data = await t.data() as Float32Array;
  t.dispose();
  return data;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  let at = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= worst)) { worst = d; at = i; }
  }
  assert.ok(worst <= tolerance, `${what}: element ${at} is ${actual[at]}, PyTorch ${expected[at]} (|Δ| = ${worst} > ${tolerance})`);
}

async function withClassifier(file: string, fn: (c: Classifier) => Promise<void>): Promise<void> {
  const classifier = await loadClassifier(`${fixtures}/${file}`);
  try {
    await fn(classifier);
  } finally {
    classifier.dispose();
  }
}

for (const arch of ['resnet', 'mobilenetv3', 'convnext', 'vit']) {
  test(`${arch} (every export) opens as a classifier whose interpreted and ONNX Runtime probabilities equal PyTorch's`, async () => {
    await selectBackend('wasm');
    const oracle = readOracle(arch);
    const expected = unpack(oracle.probabilities);
    for (const { file } of oracle.exports) {
      await withClassifier(file, async (classifier) => {
        const { inspection, profile } = classifier;
        assert.equal(inspection.format, 'onnx');
        assert.deepEqual(inspection.inputShape, [64, 64, 3]);
        assert.equal(inspection.numClasses, 10);
        assert.equal(inspection.outputKind, 'logits');
        assert.match(inspection.predictionRuntime ?? '', /^ONNX Runtime · cpu, \d+ threads?$/);
        // The guess must see normalisation baked into the graph and not apply it twice.
        if (oracle.normalisation.bakedIn) assert.deepEqual(profile.scaling, { kind: 'unit' });
        else assert.deepEqual(profile.scaling, { kind: 'meanStd', mean: oracle.normalisation.mean, std: oracle.normalisation.std });
        assert.ok(profile.guessed);
        const x01 = images(oracle);
        const before = tf.memory().numTensors;
        const interpreted = await read(classifier.probabilities(x01));
        const onRuntime = await read(await classifier.predict(x01));
        const logitsOnRuntime = await read(await classifier.predictLogits(x01));
        const logitsInterpreted = await read(classifier.logits(x01));
        assert.equal(tf.memory().numTensors, before, `${file} leaks tensors`);
        x01.dispose();
        assertClose(interpreted, expected, 1e-5, `${file} interpreted`);
        assertClose(onRuntime, expected, 1e-5, `${file} on ONNX Runtime`);
        assertClose(onRuntime, interpreted, 1e-5, `${file} ONNX Runtime vs interpreted`);
        // The graph outputs its logits, so the sweep's OOD scores take them from ONNX Runtime: PyTorch's logits, as the interpreter's.
        const expectedLogits = unpack(oracle.logits);
        const logitScale = expectedLogits.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        assertClose(logitsOnRuntime, expectedLogits, 1e-5 * logitScale, `${file} logits on ONNX Runtime`);
        assertClose(logitsOnRuntime, logitsInterpreted, 1e-5 * logitScale, `${file} logits, ONNX Runtime vs interpreted`);
      });
    }
  });
}

for (const arch of [...cnns, 'vit']) {
  test(`${arch}: the default CAM layer is the map the global pooling reads (ViT: the last block's norm1 on the patch grid), and Grad-CAM there equals pytorch-grad-cam's`, async () => {
    await selectBackend('wasm');
    const oracle = readOracle(arch);
    const gradcam = oracle.gradcamNorm1 ?? oracle.gradcam;
    const [channels, height, width] = gradcam.featureShape;
    const expectedMaps = resizeMapsBilinear(tf.tensor3d(unpack(gradcam.maps), [4, height, width]), [64, 64]);
    const expected = await read(expectedMaps);
    const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (const { file, featureTensor, featureTensorNorm1 } of oracle.exports) {
      await withClassifier(file, async (classifier) => {
        assert.deepEqual(classifier.inspection.lastConvLayer, { name: featureTensorNorm1 ?? featureTensor, shape: [height, width, channels] });
        const x01 = images(oracle);
        const { maps, classes, logits } = gradCam(classifier, x01, { kind: 'classes', classes: gradcam.targetClasses });
        x01.dispose();
        tf.dispose([classes, logits]);
        assertClose(await read(maps), expected, 1e-4 * scale, `${file} Grad-CAM`);
      });
    }
  });

  test(`${arch}: input gradients and FGSM at ε = 8/255 through the interpreted graph equal PyTorch's`, async () => {
    await selectBackend('wasm');
    const oracle = readOracle(arch);
    const expectedGradients = unpack(oracle.inputGradients.values);
    const gradientScale = expectedGradients.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (const { file } of oracle.exports) {
      await withClassifier(file, async (classifier) => {
        const x01 = images(oracle);
        const loss = (x: tf.Tensor): tf.Scalar => tf.losses.softmaxCrossEntropy(tf.oneHot(oracle.labels, 10), classifier.logits(x as tf.Tensor4D), undefined, undefined, tf.Reduction.SUM) as tf.Scalar;
        assertClose(await read(tf.grad(loss)(x01)), expectedGradients, 1e-4 * gradientScale, `${file} input gradients`);
        // Our signs must equal PyTorch's wherever its gradient is clearly non-zero; near zero, float rounding decides.
        const { sign, cleanLogits, targets } = fgsmGradient(classifier, x01, oracle.labels);
        const signs = await sign.data();
        const mismatches = expectedGradients.filter((g, i) => Math.abs(g) > 1e-4 * gradientScale && Math.sign(g) !== signs[i]).length;
        assert.equal(mismatches, 0, `${file}: FGSM signs that differ from PyTorch's`);
        // PyTorch's own adversarial images (x + ε·sign of its gradient) must get PyTorch's predictions. The signs are
        // taken here, not on wasm, which flushes subnormal gradients (sign ±1 in PyTorch) to zero.
        const adversarial = tf.tidy(() => tf.clipByValue(tf.add(x01, tf.mul(tf.tensor(expectedGradients.map(Math.sign), x01.shape), oracle.fgsm.epsilon)), 0, 1) as tf.Tensor4D);
        const probabilities = await classifier.predict(adversarial);
        assert.deepEqual(Array.from(await tf.argMax(probabilities, 1).data()), oracle.fgsm.predictions, `${file} FGSM predictions`);
        assertClose(await read(probabilities), unpack(oracle.fgsm.probabilities), 1e-5, `${file} FGSM probabilities`);
        tf.dispose([x01, sign, cleanLogits, targets, adversarial]);
      });
    }
  });
}

test('classic CAM applies to a GAP → Gemm head and reads the Gemm weights; a LayerNorm after the pooling rules it out', async () => {
  await selectBackend('wasm');
  await withClassifier('resnet-torchscript.onnx', async (classifier) => {
    assert.ok(classifier.inspection.camHead.applicable, classifier.inspection.camHead.reason);
    const weights = classifier.denseHeadWeights();
    assert.ok(weights);
    assert.deepEqual(weights.kernel.shape, [64, 10]);
  });
  await withClassifier('convnext-torchscript.onnx', async (classifier) => {
    assert.equal(classifier.inspection.camHead.applicable, false);
    assert.match(classifier.inspection.camHead.reason, /Grad-CAM/);
  });
});

test('a graph exported with a fixed batch runs any number of images in padded pieces, and says so', async () => {
  await selectBackend('wasm');
  const oracle = readOracle('vit');
  const expected = unpack(oracle.probabilities).subarray(0, 3 * 10);
  await withClassifier('vit-fixedbatch.onnx', async (classifier) => {
    assert.ok(classifier.inspection.warnings.some((w) => /fixed batch of 2/.test(w)), classifier.inspection.warnings.join('\n'));
    const x01 = tf.tidy(() => tf.slice(images(oracle), 0, 3) as tf.Tensor4D);
    assertClose(await read(await classifier.predict(x01)), expected, 1e-5, 'three images on ONNX Runtime');
    assertClose(await read(classifier.probabilities(x01)), expected, 1e-5, 'three images interpreted');
    const { maps, classes, logits } = gradCam(classifier, x01, { kind: 'top1' });
    assert.deepEqual(maps.shape, [3, 64, 64]);
    tf.dispose([maps, classes, logits, x01]);
  });
});

async function openError(path: string): Promise<Error> {
  const err = await loadClassifier(path).then((c) => { c.dispose(); return null; }, (e: unknown) => e);
  assert.ok(err instanceof Error && isUserFacingError(err), `${path} should be refused with a message, got ${String(err)}`);
  return err;
}

test('bad ONNX files are refused with a message that says what is wrong and what to do', async () => {
  await selectBackend('wasm');
  const dir = temporaryFolder('onnx-bad-');
  assert.match((await openError(`${fixtures}/bad/two-inputs.onnx`)).message, /2 inputs/);
  assert.match((await openError(`${fixtures}/bad/no-image-input.onnx`)).message, /not a batch of images/);
  assert.match((await openError(`${fixtures}/bad/training-mode.onnx`)).message, /model\.eval\(\)/);
  writeFileSync(join(dir, 'notes.onnx'), 'these are not the weights you are looking for');
  assert.match((await openError(join(dir, 'notes.onnx'))).message, /not a readable ONNX model|not an ONNX model/);
  const whole = readFileSync(`${fixtures}/resnet-torchscript.onnx`);
  writeFileSync(join(dir, 'truncated.onnx'), whole.subarray(0, whole.length >> 1));
  assert.match((await openError(join(dir, 'truncated.onnx'))).message, /truncated/);
  copyFileSync(`${fixtures}/resnet-dynamo.onnx`, join(dir, 'resnet-dynamo.onnx'));
  assert.match((await openError(join(dir, 'resnet-dynamo.onnx'))).message, /external data file .* missing/);
  assert.match((await openError(join(dir, 'weights.pt'))).message, /No model found/);
  writeFileSync(join(dir, 'weights.pt'), 'pickle');
  assert.match((await openError(join(dir, 'weights.pt'))).message, /torch\.onnx\.export/);
});

test('an operator the interpreter lacks names itself for gradient analyses while predictions still run on ONNX Runtime', async () => {
  await selectBackend('wasm');
  await withClassifier('bad/unsupported-op.onnx', async (classifier) => {
    assert.ok(classifier.inspection.warnings.some((w) => w.includes('CumSum')), classifier.inspection.warnings.join('\n'));
    const x01 = tf.zeros([2, ...classifier.inspection.inputShape]) as tf.Tensor4D;
    const probabilities = await classifier.predict(x01);
    assert.equal(probabilities.shape[0], 2);
    const sums = await read(tf.sum(probabilities, 1));
    sums.forEach((s) => assert.ok(Math.abs(s - 1) < 1e-5));
    assert.throws(() => classifier.logits(x01), /CumSum/);
    // Its output is its logits, so the sweep's max logit and energy still come, from ONNX Runtime.
    const logits = await classifier.predictLogits(x01);
    const softmaxed = await read(tf.softmax(logits));
    logits.dispose();
    assertClose(softmaxed, await read(probabilities), 1e-6, 'softmax of the runtime logits');
    x01.dispose();
  });
});
