// Damaged, foreign and hostile model files are refused with a message that names the problem (issue 13, items 9–11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { UserFacingError } from '../../../src/engine/errors';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { saveLayersModel } from '../../../src/engine/model/tfjsFiles';
import { keras2Layer, keras2SequentialConfig, keras3FunctionalConfig, knownWeights } from '../../fixtures/model/kerasConfigs';
import { writeKerasH5, writeKerasV3 } from '../../fixtures/model/kerasWriters';
import { withTempDir } from '../../fixtures/model/tempDir';

const sequentialLayers = ['conv_input', 'conv', 'gap', 'dense'];

/** Asserts that `promise` rejects with a UserFacingError whose message matches `pattern` and carries no HDF5 diagnostics. */
async function refusedClearly(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof UserFacingError, `expected a UserFacingError, got ${String(err)}`);
    assert.match(err.message, pattern);
    assert.doesNotMatch(err.message, /HDF5-DIAG|name not defined/);
    return true;
  });
}

/** Rewrites the uncompressed size an entry declares, in its local header and its central directory record. */
function declareSize(archive: Uint8Array, entry: string, size: number): Uint8Array {
  const patched = archive.slice();
  const view = new DataView(patched.buffer);
  const name = strToU8(entry);
  const nameAt = (at: number): boolean => name.every((byte, i) => patched[at + i] === byte);
  for (let at = 0; at + 46 < patched.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50 && nameAt(at + 30)) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50 && nameAt(at + 46)) view.setUint32(at + 24, size, true);
  }
  return patched;
}

test('a truncated, a foreign and a signature-only .h5 are refused as such, without HDF5 diagnostics', async () => {
  await selectBackend('cpu');
  await withTempDir(async (dir) => {
    const truncated = join(dir, 'truncated.h5');
    await writeKerasH5(truncated, keras2SequentialConfig(), sequentialLayers, knownWeights);
    await truncate(truncated, 3000);
    await refusedClearly(loadClassifier(truncated), /truncated\.h5 is truncated: it holds 3000 bytes of the \d+ its HDF5 header records/);

    const text = join(dir, 'notes.h5');
    await writeFile(text, 'these are not weights\n');
    await refusedClearly(loadClassifier(text), /notes\.h5 is not an HDF5 file/);

    const empty = join(dir, 'empty.h5');
    await writeFile(empty, '');
    await refusedClearly(loadClassifier(empty), /empty\.h5 is not an HDF5 file/);

    const garbage = join(dir, 'garbage.h5');
    await writeFile(garbage, Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096, 0x5a)]));
    await refusedClearly(loadClassifier(garbage), /garbage\.h5 is not a readable HDF5 file \(bad superblock version number\)/);
  });
});

test('a .keras whose weights file is truncated names the entry', async () => {
  await selectBackend('cpu');
  await withTempDir(async (dir) => {
    const path = join(dir, 'model.keras');
    await writeKerasV3(path, keras3FunctionalConfig(), knownWeights);
    const whole = join(dir, 'whole.keras');
    await writeFile(whole, await readFile(path));
    const classifier = await loadClassifier(whole);
    classifier.dispose();
    // A weights file cut short inside a valid archive: rebuilt with the first 2000 bytes of model.weights.h5.
    const entries = unzipSync(new Uint8Array(await readFile(path)));
    await writeFile(path, zipSync({ ...entries, 'model.weights.h5': entries['model.weights.h5'].subarray(0, 2000) }));
    await refusedClearly(loadClassifier(path), /model\.keras\/model\.weights\.h5 is truncated/);
  });
});

test('a .keras zip bomb is refused before it is inflated: by its declared ratio, or when it inflates past its declared size', async () => {
  await selectBackend('cpu');
  await withTempDir(async (dir) => {
    const config = strToU8(JSON.stringify(keras3FunctionalConfig()));
    const bomb = join(dir, 'bomb.keras');
    // 65 MiB of zeros deflate to ~65 KiB: a 1000:1 entry no real weights file reaches.
    await writeFile(bomb, zipSync({ 'config.json': config, 'model.weights.h5': new Uint8Array(65 * 2 ** 20) }));
    await refusedClearly(loadClassifier(bomb), /model\.weights\.h5 in bomb\.keras would inflate from .* to 65\.0 MiB \(\d+:1\).*zip bomb/);

    const lying = join(dir, 'lying.keras');
    const honest = zipSync({ 'config.json': config, 'model.weights.h5': new Uint8Array(2 ** 20) });
    await writeFile(lying, declareSize(honest, 'model.weights.h5', 1000));
    await refusedClearly(loadClassifier(lying), /model\.weights\.h5 in lying\.keras inflates to more than the 1000 bytes it declares/);

    const notZip = join(dir, 'text.keras');
    await writeFile(notZip, 'not an archive');
    await refusedClearly(loadClassifier(notZip), /text\.keras is not a valid Keras 3 archive/);
  });
});

test('a model with no outputs and one with a single sigmoid unit are refused clearly', async () => {
  await selectBackend('cpu');
  await withTempDir(async (dir) => {
    const before = tf.memory().numTensors;
    const input = tf.input({ shape: [4, 4, 3] });
    const noOutputs = tf.model({ inputs: input, outputs: [] });
    await saveLayersModel(noOutputs, join(dir, 'none'));
    noOutputs.dispose();
    await refusedClearly(loadClassifier(join(dir, 'none', 'model.json')), /has no class outputs/);

    const binary = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [4, 4, 3], filters: 2, kernelSize: 1, activation: 'relu' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ] });
    await saveLayersModel(binary, join(dir, 'binary'));
    binary.dispose();
    await refusedClearly(loadClassifier(join(dir, 'binary', 'model.json')), /outputs a single score per image\. Binary models with one sigmoid output are not supported/);

    const sigmoidH5 = join(dir, 'binary.h5');
    const sigmoidHead = keras2Layer('Dense', { name: 'dense', units: 1, activation: 'sigmoid', use_bias: true, dtype: 'float32' });
    const config = keras2SequentialConfig();
    config.config.layers[config.config.layers.length - 1] = sigmoidHead;
    await writeKerasH5(sigmoidH5, config, sequentialLayers, { ...knownWeights, dense: [{ name: 'kernel', shape: [2, 1], values: [1, -1] }, { name: 'bias', shape: [1], values: [0] }] });
    await refusedClearly(loadClassifier(sigmoidH5), /binary\.h5 outputs a single score per image/);
    assert.equal(tf.memory().numTensors, before);
  });
});
