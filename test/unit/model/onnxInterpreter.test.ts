import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { selectBackend } from '../../../src/engine/backend';
import { readOnnxGraph } from '../../../src/engine/model/onnx/onnxFile';
import { OnnxInterpreter } from '../../../src/engine/model/onnx/onnxInterpreter';
import { device, logical } from '../../../src/engine/model/onnx/onnxValues';
import { type PackedArray, unpack } from '../../fixtures/oracleArrays';

interface Oracle { x01: PackedArray; probabilities: PackedArray; normalisation: { mean: number[]; std: number[]; bakedIn: boolean }; exports: { file: string }[] }

// Oracles written by PyTorch (scripts/onnx-fixtures/make_onnx_fixtures.py): both exporters of four architectures.
for (const arch of ['resnet', 'mobilenetv3', 'convnext', 'vit']) {
  test(`the interpreted ONNX graph gives PyTorch's probabilities for ${arch} (every export)`, async () => {
    await selectBackend('wasm');
    const oracle = JSON.parse(readFileSync(`test/fixtures/onnx/${arch}.oracle.json`, 'utf8')) as Oracle;
    const expected = unpack(oracle.probabilities);
    for (const { file } of oracle.exports) {
      const graph = await readOnnxGraph(`test/fixtures/onnx/${file}`);
      const interpreter = new OnnxInterpreter(graph);
      // An export with a fixed batch takes exactly that many images: the first ones of the oracle's.
      const fixedBatch = graph.inputs[0].shape?.[0] ?? null;
      const count = fixedBatch ?? oracle.x01.shape[0];
      const before = tf.memory().numTensors;
      const probabilities = tf.tidy(() => {
        const x01 = tf.slice(tf.tensor4d(unpack(oracle.x01), oracle.x01.shape as [number, number, number, number]), 0, count);
        const { mean, std, bakedIn } = oracle.normalisation;
        const x = bakedIn ? x01 : tf.div(tf.sub(x01, mean), std);
        const [logits] = interpreter.run(new Map([[graph.inputs[0].name, device(x, true)]]), [graph.outputs[0].name]);
        return tf.softmax(logical(logits));
      });
      const actual = await probabilities.data();
      probabilities.dispose();
      assert.equal(tf.memory().numTensors, before, `${file} leaks tensors`);
      interpreter.dispose();
      assert.equal(actual.length, count * 10);
      expected.subarray(0, count * 10).forEach((p, i) => assert.ok(Math.abs(actual[i] - p) <= 1e-5, `${file}: probability ${i} is ${actual[i]}, PyTorch ${p}`));
    }
  });
}
