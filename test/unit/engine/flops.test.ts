// FLOP counts checked against hand arithmetic and against ResNet-18's published multiply-add count.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/engine/backend';
import { layerFlops, modelFlops } from '../../../src/engine/perf/flops';
import { buildResNet18 } from '../../../scripts/bench/resnet18';

test('conv and dense FLOPs match the hand count', async () => {
  await selectBackend('wasm');
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same' }),
    tf.layers.conv2d({ filters: 6, kernelSize: [1, 3], strides: 2, padding: 'valid' }),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 2 }),
  ] });
  // 8·8 outputs × 3·3·3 taps × 4 filters × 2 FLOPs = 13 824
  assert.equal(layerFlops(model.layers[0]), 13824);
  // valid 1×3 stride 2 on 8×8: 4×3 outputs × 1·3·4 taps × 6 filters × 2 = 1 728
  assert.equal(layerFlops(model.layers[1]), 1728);
  assert.equal(layerFlops(model.layers[2]), 0);
  assert.equal(layerFlops(model.layers[3]), 2 * 6 * 2);
  assert.equal(modelFlops(model), 13824 + 1728 + 24);
  model.dispose();
});

test('ResNet-18 counts 1.814 G multiply-adds, as published', async () => {
  await selectBackend('wasm');
  const resnet = buildResNet18();
  const macs = modelFlops(resnet) / 2;
  assert.ok(Math.abs(macs - 1.814e9) < 0.01e9, `${macs}`);
  assert.equal(resnet.countParams(), 11_689_512 + 9_600, 'torchvision resnet18 has 11 689 512 parameters; BatchNorm moving statistics add 9 600');
  resnet.dispose();
});
