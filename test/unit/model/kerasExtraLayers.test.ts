// Keras features tfjs-layers lacks, rebuilt by kerasConfig + kerasExtraLayers: Keras 3 activations (against Keras's own
// values, scripts/keras-fixtures/make_activation_oracle.py), operation nodes, keepdims pooling and Normalization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { selectBackend } from '../../../src/engine/backend';
import { isUserFacingError } from '../../../src/engine/errors';
import { type JsonObject, type JsonValue, kerasDialect, toTfjsTopology } from '../../../src/engine/model/kerasConfig';
import { inModelScaling } from '../../../src/engine/model/inspectLayers';

interface ActivationOracle { keras: string; x: number[]; activations: Record<string, number[]> }

/** A Keras 3 tensor reference to the first output of `layer`. */
function tensor(layer: string): JsonObject {
  return { class_name: '__keras_tensor__', config: { shape: [null, 4, 4, 3], dtype: 'float32', keras_history: [layer, 0, 0] } };
}

/** A Keras 3 functional model config: an input 'input' of shape [4, 4, 3] and the given layers, ending at `output`. */
function functional(layers: JsonObject[], output: string): JsonValue {
  const input: JsonObject = { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4, 4, 3], dtype: 'float32', name: 'input' }, name: 'input', inbound_nodes: [] };
  return { module: 'keras', class_name: 'Functional', config: { name: 'm', layers: [input, ...layers], input_layers: ['input', 0, 0], output_layers: [output, 0, 0] } };
}

function layer(className: string, name: string, config: JsonObject, args: JsonValue[]): JsonObject {
  return { module: 'keras.layers', class_name: className, config: { name, ...config }, name, inbound_nodes: [{ args, kwargs: {} }] };
}

function operation(className: string, name: string, args: JsonValue[]): JsonObject {
  return { module: 'keras.src.ops.numpy', class_name: className, config: { name }, registered_name: className, name, inbound_nodes: [{ args, kwargs: {} }] };
}

async function build(config: JsonValue, keras3 = true): Promise<tf.LayersModel> {
  return tf.models.modelFromJSON({ modelTopology: toTfjsTopology(config, 'test', kerasDialect(keras3 ? '3.15.1' : '2.15.0')) });
}

test("Keras 3's hard_sigmoid, hard_silu and hard_swish equal Keras's own values; a Keras 2 file keeps Keras 2's hard_sigmoid", async () => {
  await selectBackend('cpu');
  const oracle = JSON.parse(readFileSync('test/fixtures/keras/activations.oracle.json', 'utf8')) as ActivationOracle;
  const x = tf.tensor4d(oracle.x, [1, 1, oracle.x.length, 1]);
  for (const [name, expected] of Object.entries(oracle.activations)) {
    const model = await build(functional([layer('Activation', 'act', { activation: name }, [tensor('input')])], 'act'));
    const got = await (model.apply(x) as tf.Tensor).data();
    expected.forEach((value, i) => assert.ok(Math.abs(got[i] - value) <= 1e-6, `${name}(${oracle.x[i]}) = ${got[i]}, Keras ${oracle.keras} gives ${value}`));
    model.dispose();
  }
  // Keras 2 defined hard_sigmoid as clip(0.2·x + 0.5, 0, 1) (tf.keras.backend.hard_sigmoid): 0.9 at x = 2, not Keras 3's 5/6.
  const keras2 = await build(functional([layer('Activation', 'act', { activation: 'hard_sigmoid' }, [tensor('input')])], 'act'), false);
  const atTwo = await (keras2.apply(tf.fill([1, 1, 1, 1], 2)) as tf.Tensor).data();
  assert.ok(Math.abs(atTwo[0] - 0.9) < 1e-6);
  keras2.dispose();
  x.dispose();
});

test('Keras 3 operation nodes rebuild as the arithmetic they perform, a number on either side; other operations are refused by name', async () => {
  await selectBackend('cpu');
  const model = await build(functional([
    operation('Add', 'plus3', [tensor('input'), 3]),
    operation('Subtract', 'ten_minus', [10, tensor('plus3')]),
    operation('Multiply', 'squared', [tensor('ten_minus'), tensor('ten_minus')]),
    operation('TrueDivide', 'halved', [tensor('squared'), 2]),
  ], 'halved'));
  const got = await (model.apply(tf.fill([1, 4, 4, 3], 1)) as tf.Tensor).data();
  assert.ok(got.every((v) => v === 18), 'x = 1: ((10 − (1 + 3))²) / 2 = 18');
  model.dispose();
  await assert.rejects(build(functional([operation('Sin', 'sin', [tensor('input'), 1])], 'sin')), (err: unknown) => isUserFacingError(err) && /operation 'Sin'/.test(err.message));
});

test('global pooling with keepdims keeps a 1 × 1 map', async () => {
  await selectBackend('cpu');
  const model = await build(functional([layer('GlobalAveragePooling2D', 'gap', { data_format: 'channels_last', keepdims: true }, [tensor('input')])], 'gap'));
  assert.deepEqual(model.outputs[0].shape, [null, 1, 1, 3]);
  const x = tf.tensor4d(Array.from({ length: 48 }, (_, i) => i), [1, 4, 4, 3]);
  assert.deepEqual(Array.from(await (model.apply(x) as tf.Tensor).data()), [22.5, 23.5, 24.5]);
  model.dispose();
});

test('a model starting with Normalization gets the pixel range its statistics were measured in, and the note says what was found', async () => {
  await selectBackend('cpu');
  const normalised = (mean: number[], variance: number[]): JsonValue => functional([
    layer('Normalization', 'norm', { axis: -1, invert: false, mean, variance }, [tensor('input')]),
    layer('Conv2D', 'conv', { filters: 2, kernel_size: [1, 1], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'linear', use_bias: true }, [tensor('norm')]),
  ], 'conv');
  const pixels = await build(normalised([123.675, 116.28, 103.53], [3409.98, 3262.69, 3291.31]));
  const pixelGuess = inModelScaling(pixels);
  assert.equal(pixelGuess?.scaling.kind, 'raw255');
  assert.match(pixelGuess?.note ?? '', /Normalization 'norm' \(mean \[123\.7, 116\.3, 103\.5\], std \[58\.4, 57\.12, 57\.37\]\)/);
  const x = tf.tensor4d(Array.from({ length: 48 }, () => 123.675), [1, 4, 4, 3]);
  const normOut = await (pixels.getLayer('norm').apply(x) as tf.Tensor).data();
  assert.ok(Math.abs(normOut[0]) < 1e-5, '(x − mean) / √variance is 0 at the mean');
  pixels.dispose();
  const unit = await build(normalised([0.485, 0.456, 0.406], [0.0524, 0.0502, 0.0506]));
  assert.equal(inModelScaling(unit)?.scaling.kind, 'unit');
  unit.dispose();
});
