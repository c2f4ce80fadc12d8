// Every CAM method of the registry against an independent PyTorch/NumPy computation of pytorch-grad-cam's definitions,
// on a small ONNX network, on the wasm and cpu backends: scripts/cam-oracles/make_cam_oracles.py wrote the network and its maps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { selectBackend } from '../../../src/engine/backend';
import { CAM_METHODS } from '../../../src/engine/cam/methods';
import { resizeMapsBilinear } from '../../../src/engine/cam/resize';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { camMethods } from '../../../src/protocol/cam';
import { type PackedArray, read, unpack } from '../../fixtures/oracleArrays';

interface LayerOracle { onnxValue: string; featureShape: [number, number, number]; maps: Partial<Record<string, PackedArray>> }
interface Oracle { model: string; x01: PackedArray; classes: number[]; logits: PackedArray; layers: Record<'relu1' | 'relu2', LayerOracle> }

const fixtures = 'test/fixtures/cam-oracles';
const oracle = JSON.parse(readFileSync(`${fixtures}/twoconv.oracle.json`, 'utf8')) as Oracle;

/** Largest |actual − expected| relative to the largest |expected| of the batch (the maps' scale). */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return worst / scale;
}

test('the registry lists every CLI method name but occlusion (occlusionMaps.ts) once, in the protocol\'s order', () => {
  assert.deepEqual(CAM_METHODS.map((method) => method.name), camMethods.filter((name) => name !== 'occlusion'));
  assert.deepEqual([...camMethods], ['cam', 'gradcam', 'gradcam++', 'xgradcam', 'layercam', 'hirescam', 'scorecam', 'eigencam', 'ablationcam', 'occlusion']);
});

for (const backend of ['wasm', 'cpu']) {
  test(`every method's maps on an ONNX network equal pytorch-grad-cam's definitions computed in PyTorch, at both layers (${backend})`, async (t) => {
    await selectBackend('wasm');
    assert.ok(await tf.setBackend(backend), `the ${backend} backend starts`);
    const classifier = await loadClassifier(`${fixtures}/${oracle.model}`, { profileOverrides: { scaling: { kind: 'unit' } } });
    try {
      assert.equal(classifier.inspection.lastConvLayer?.name, oracle.layers.relu2.onnxValue, 'the default layer is the map feeding the pooling');
      const [count, height, width] = oracle.x01.shape;
      const x01 = tf.tensor4d(unpack(oracle.x01), oracle.x01.shape as [number, number, number, number]);
      const target = { kind: 'classes', classes: oracle.classes } as const;
      let compared = 0;
      for (const method of CAM_METHODS) {
        for (const layer of Object.values(oracle.layers)) {
          const packed = layer.maps[method.name];
          if (!packed) continue;
          const [mapHeight, mapWidth] = layer.featureShape.slice(1);
          const expected = await read(tf.tidy(() => resizeMapsBilinear(tf.tensor3d(unpack(packed), [count, mapHeight, mapWidth]), [height, width])));
          const before = tf.memory().numTensors;
          const { maps, classes, logits } = method.maps(classifier, x01, target, layer.onnxValue);
          assert.deepEqual(maps.shape, [count, height, width]);
          assert.deepEqual(Array.from(await read(classes)), oracle.classes);
          const logitError = relativeError(await read(logits), unpack(oracle.logits));
          const error = relativeError(await read(maps), expected);
          assert.equal(tf.memory().numTensors, before, `${method.name} at ${layer.onnxValue} leaks tensors`);
          assert.ok(logitError < 1e-5, `${method.name}: logits differ from PyTorch's by ${logitError}`);
          assert.ok(error <= 1e-4, `${method.name} at ${layer.onnxValue}: max |Δ| is ${error} of the oracle's largest value`);
          t.diagnostic(`${method.name} at ${layer.onnxValue}: max |Δ| / max |oracle| = ${error.toExponential(2)}`);
          compared++;
        }
      }
      assert.equal(compared, 2 * CAM_METHODS.length - 1, 'every method at both layers, classic CAM at the pooled one only');
      x01.dispose();
    } finally {
      classifier.dispose();
    }
  });
}
