import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreprocessingProfile } from '../../../src/protocol/model';
import { selectBackend } from '../../../src/engine/backend';
import { saveProfile } from '../../../src/engine/model/classifier';
import { applyScaling, applyScalingOnHost, guessProfile, profilePath, readProfile } from '../../../src/engine/model/preprocessing';
import { withTempDir } from '../../fixtures/model/tempDir';

const imagenet: PreprocessingProfile = {
  version: 1, inputSize: [224, 224], resize: 'shorter-side', centerCropFraction: 0.875,
  scaling: { kind: 'meanStd', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, channelOrder: 'RGB', guessed: false,
};

test('the sidecar path sits beside the model file, or inside a SavedModel folder', async () => {
  await withTempDir(async (dir) => {
    assert.equal(await profilePath(join(dir, 'model.json')), join(dir, 'model.preprocessing.json'));
    assert.equal(await profilePath(join(dir, 'foo.h5')), join(dir, 'foo.preprocessing.json'));
    assert.equal(await profilePath(dir), join(dir, 'preprocessing.json'));
  });
});

test('a saved profile reads back identical, and a bad field is named', async () => {
  await withTempDir(async (dir) => {
    const model = join(dir, 'model.keras');
    assert.equal(await readProfile(model), null);
    await saveProfile(model, { ...imagenet, guessed: true });
    assert.deepEqual(await readProfile(model), imagenet);
    const sidecar = join(dir, 'model.preprocessing.json');
    const stored = JSON.parse(await readFile(sidecar, 'utf8'));
    await writeFile(sidecar, JSON.stringify({ ...stored, scaling: { kind: 'meanStd', mean: [0.5, 0.5, 0.5], std: [0.2, 0, 0.2] } }));
    await assert.rejects(readProfile(model), /model\.preprocessing\.json: field 'scaling\.std\.1' is invalid/);
    await writeFile(sidecar, JSON.stringify({ ...stored, resize: 'crop' }));
    await assert.rejects(readProfile(model), /field 'resize' is invalid/);
    await writeFile(sidecar, '{');
    await assert.rejects(readProfile(model), /is not valid JSON/);
  });
});

test('the guess stretches small inputs and centre-crops large ones', () => {
  assert.deepEqual(guessProfile({ inputShape: [32, 32, 3] }), { version: 1, inputSize: [32, 32], resize: 'stretch', centerCropFraction: 1, scaling: { kind: 'unit' }, channelOrder: 'RGB', guessed: true });
  assert.deepEqual(guessProfile({ inputShape: [224, 192, 3] }), { version: 1, inputSize: [224, 192], resize: 'shorter-side', centerCropFraction: 0.875, scaling: { kind: 'unit' }, channelOrder: 'RGB', guessed: true });
});

test('applyScaling applies channel order and value scaling, and gradients reach the [0,1] pixels', async () => {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  const pixel = tf.tensor4d([0.2, 0.4, 0.6], [1, 1, 1, 3]);
  const scaled = async (profile: Partial<PreprocessingProfile>) => {
    const out = applyScaling(pixel, { ...imagenet, ...profile });
    const values = Array.from(await out.data());
    out.dispose();
    return values;
  };
  const close = (a: number[], b: number[]) => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5, `${a} vs ${b}`));
  close(await scaled({ scaling: { kind: 'unit' } }), [0.2, 0.4, 0.6]);
  close(await scaled({ scaling: { kind: 'symmetric' } }), [-0.6, -0.2, 0.2]);
  close(await scaled({ scaling: { kind: 'raw255' } }), [51, 102, 153]);
  close(await scaled({ scaling: { kind: 'raw255' }, channelOrder: 'BGR' }), [153, 102, 51]);
  close(await scaled({}), [(0.2 - 0.485) / 0.229, (0.4 - 0.456) / 0.224, (0.6 - 0.406) / 0.225]);
  const gradient = tf.grad((x) => applyScaling(x as tf.Tensor4D, imagenet).sum())(pixel);
  close(Array.from(await gradient.data()), [1 / 0.229, 1 / 0.224, 1 / 0.225]);
  tf.dispose([pixel, gradient]);
  assert.equal(tf.memory().numTensors, before);
});

test('scaling on host values is bit-identical to the tensor ops on the wasm backend: every scaling, both channel orders, 1 and 3 channels, pixel by pixel and as planes', async () => {
  await selectBackend('wasm');
  const scalings: PreprocessingProfile['scaling'][] = [
    { kind: 'unit' }, { kind: 'symmetric' }, { kind: 'raw255' },
    { kind: 'meanStd', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  ];
  for (const channels of [1, 3]) {
    // 2 × 5 × 7 pixels: runs of 12 values and a remainder (the SIMD kernel's tail).
    const values = Float32Array.from({ length: 2 * 5 * 7 * channels }, (_, i) => ((i * 7919) % 256) / 255);
    const images = tf.tensor4d(values, [2, 5, 7, channels]);
    for (const scaling of scalings) {
      for (const channelOrder of ['RGB', 'BGR'] as const) {
        const profile = { ...guessProfile({ inputShape: [5, 7, channels] }), scaling, channelOrder };
        const expected = tf.tidy(() => applyScaling(images, profile)).dataSync();
        assert.deepEqual(applyScalingOnHost(values, [2, 5, 7, channels], profile), expected, `${scaling.kind} ${channelOrder} ${channels} channels`);
        const expectedPlanes = tf.tidy(() => tf.transpose(applyScaling(images, profile), [0, 3, 1, 2])).dataSync();
        assert.deepEqual(applyScalingOnHost(values, [2, 5, 7, channels], profile, 'NCHW'), expectedPlanes, `${scaling.kind} ${channelOrder} ${channels} channels as planes`);
      }
    }
    images.dispose();
  }
});
