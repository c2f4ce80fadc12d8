// TF.js graph models laid out as tensorflowjs_converter writes them (signature, fused ops, output `Softmax → Identity`)
// against TensorFlow's own numbers: scripts/graph-fixtures/make_graph_fixtures.py wrote the models and oracle.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { gradCam } from '../../../src/engine/cam/gradcam';
import { resizeMapsBilinear } from '../../../src/engine/cam/resize';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { withTempDir } from '../../fixtures/model/tempDir';
import { maxAbsDifference, type PackedArray, read, unpack } from '../../fixtures/oracleArrays';

interface VariantOracle {
  outputTail: string[];
  outputNode: string;
  softmaxNode: string;
  logitsNode: string;
  denseNode: string;
  featureNode: string;
  featureShape: [number, number, number];
  logits: PackedArray;
  probabilities: PackedArray;
  gradcam: PackedArray;
}
interface GraphNodeJson { name: string; op: string; input?: string[]; attr?: Record<string, unknown> }
interface Oracle { x01: PackedArray; labels: number[]; variants: Record<string, VariantOracle> }

const fixtures = 'test/fixtures/graph-softmax-tail';
const oracle = JSON.parse(readFileSync(`${fixtures}/oracle.json`, 'utf8')) as Oracle;

// Pearson correlation of two equally long arrays.
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) { ab += (a[i] - ma) * (b[i] - mb); aa += (a[i] - ma) ** 2; bb += (b[i] - mb) ** 2; }
  return ab / Math.sqrt(aa * bb);
}

/** Loads the graph model at `path` and checks its inspection, outputs, CAM head weights and Grad-CAM against `expected`. */
async function assertMatchesTensorFlow(path: string, expected: VariantOracle): Promise<void> {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  const classifier = await loadClassifier(path);
  try {
    const { inspection } = classifier;
    assert.equal(inspection.format, 'tfjs-graph');
    assert.equal(inspection.outputKind, 'softmax', 'the Softmax behind the pass-through ops is the model output');
    assert.equal(inspection.logitsSource, expected.logitsNode);
    assert.deepEqual(inspection.lastConvLayer, { name: expected.featureNode, shape: expected.featureShape }, 'default CAM layer');
    assert.equal(inspection.camHead.applicable, true, inspection.camHead.reason);
    assert.equal(inspection.camHead.denseLayer, expected.denseNode);
    assert.match(inspection.camHead.reason, /global average pooling/);

    const [count, height, width] = oracle.x01.shape;
    const x01 = tf.tensor4d(unpack(oracle.x01), [count, height, width, 3]);
    const probabilities = await read(classifier.probabilities(x01));
    assert.ok(maxAbsDifference(probabilities, unpack(expected.probabilities)) <= 1e-4, `probabilities ${Array.from(probabilities.slice(0, 10))}`);
    const predicted = await read(await classifier.predict(x01));
    assert.ok(maxAbsDifference(predicted, unpack(expected.probabilities)) <= 1e-4, 'predict');
    const expectedLogits = unpack(expected.logits);
    const logitScale = Math.max(1, ...expectedLogits.map(Math.abs));
    assert.ok(maxAbsDifference(await read(classifier.logits(x01)), expectedLogits) <= 1e-4 * logitScale, 'logits');

    // Classic CAM reads the head's weights: mean(A)·W + b must give the logits back.
    const weights = classifier.denseHeadWeights();
    const bias = weights?.bias;
    assert.ok(weights && bias, 'dense head weights and bias');
    const { features, logits } = classifier.featuresAndLogits(x01);
    const fromWeights = tf.tidy(() => tf.add(tf.matMul(tf.mean(features, [1, 2]), weights.kernel), bias));
    assert.ok(maxAbsDifference(await read(fromWeights), await read(logits)) <= 1e-4 * logitScale, 'CAM head weights');
    features.dispose();

    const { maps, classes, logits: camLogits } = gradCam(classifier, x01, { kind: 'classes', classes: oracle.labels });
    tf.dispose([classes, camLogits]);
    const [mapHeight, mapWidth] = expected.featureShape;
    const expectedMaps = await read(tf.tidy(() => resizeMapsBilinear(tf.tensor3d(unpack(expected.gradcam), [count, mapHeight, mapWidth]), [height, width])));
    const actualMaps = await read(maps);
    const mapCorrelation = correlation(actualMaps, expectedMaps);
    assert.ok(mapCorrelation >= 0.99, `Grad-CAM correlation ${mapCorrelation}`);
    assert.ok(maxAbsDifference(actualMaps, expectedMaps) <= 1e-3 * Math.max(...expectedMaps), 'Grad-CAM values');
    x01.dispose();
  } finally {
    classifier.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
}

for (const [variant, expected] of Object.entries(oracle.variants)) {
  test(`converted graph model ${variant} (${expected.outputTail.join(' ← ')}): one softmax, the logits feeding it, a CAM head and TensorFlow's numbers`, async () => {
    await assertMatchesTensorFlow(`${fixtures}/${variant}/model.json`, expected);
  });
}

test('without a signature, a StopGradient between the softmax and the Identity output is followed too', async () => {
  const variant = 'avgpool-squeeze-matmul';
  const expected = oracle.variants[variant];
  await withTempDir(async (dir) => {
    const json = JSON.parse(readFileSync(`${fixtures}/${variant}/model.json`, 'utf8')) as { signature?: unknown; modelTopology: { node: GraphNodeJson[] } };
    delete json.signature;
    const output = json.modelTopology.node.find((n) => n.name === expected.outputNode);
    assert.ok(output, 'output node');
    output.input = ['tail/StopGradient'];
    json.modelTopology.node.push({ name: 'tail/StopGradient', op: 'StopGradient', input: [expected.softmaxNode], attr: { T: { type: 'DT_FLOAT' } } });
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    await copyFile(`${fixtures}/${variant}/group1-shard1of1.bin`, join(dir, 'group1-shard1of1.bin'));
    await assertMatchesTensorFlow(join(dir, 'model.json'), expected);
  });
});
