// Loading a .keras archive extracts its weights into a scratch folder under the temp directory (kerasV3.ts); the folder
// is gone afterwards whether the model loaded or was refused, at whichever step the refusal came.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { watch } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { keras3FunctionalConfig, knownWeights } from '../../fixtures/model/kerasConfigs';
import { writeKerasV3 } from '../../fixtures/model/kerasWriters';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

/** Runs `body` with os.tmpdir() pointing at `folder` (Node reads TMPDIR on every call). */
async function withTmpdir(folder: string, body: () => Promise<void>): Promise<void> {
  const before = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  try {
    await body();
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}

test('the scratch folder of a .keras load is removed after the load and after each kind of refusal', async () => {
  await selectBackend('cpu');
  const files = temporaryFolder('keras-scratch-files-');
  const whole = join(files, 'whole.keras');
  await writeKerasV3(whole, keras3FunctionalConfig(), knownWeights);
  const entries = unzipSync(new Uint8Array(await readFile(whole)));
  const { 'config.json': _config, ...withoutConfig } = entries;
  const refused: [string, Uint8Array, RegExp][] = [
    ['no-config.keras', zipSync(withoutConfig), /has no config\.json/],
    ['bad-config.keras', zipSync({ ...entries, 'config.json': strToU8('{ not json') }), /bad-config\.keras/],
    ['truncated.keras', zipSync({ ...entries, 'model.weights.h5': entries['model.weights.h5'].subarray(0, 2000) }), /is truncated/],
    ['bomb.keras', zipSync({ ...entries, 'model.weights.h5': new Uint8Array(65 * 2 ** 20) }), /zip bomb/],
  ];
  for (const [name, bytes] of refused) await writeFile(join(files, name), bytes);
  // A layer tfjs lacks: refused while the model is built, the last step before the scratch folder goes.
  const attention = { name: 'my_attention', entry: { module: 'keras.layers', class_name: 'MultiHeadAttention', config: { name: 'my_attention', num_heads: 2, key_dim: 2 }, registered_name: null, name: 'my_attention', inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: ['gap', 0, 0] } }], kwargs: {} }] } };
  await writeKerasV3(join(files, 'attention.keras'), keras3FunctionalConfig(attention), knownWeights);
  refused.push(['attention.keras', new Uint8Array(), /class MultiHeadAttention\) is not supported/]);

  const scratchParent = temporaryFolder('keras-scratch-');
  const made = new Set<string>();
  const watcher = watch(scratchParent, (_event, name) => { if (name) made.add(name); });
  try {
    await withTmpdir(scratchParent, async () => {
      (await loadClassifier(whole)).dispose();
      assert.deepEqual(await readdir(scratchParent), [], 'left after a load');
      for (const [name, , pattern] of refused) {
        await assert.rejects(loadClassifier(join(files, name)), pattern);
        assert.deepEqual(await readdir(scratchParent), [], `left after ${name} was refused`);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    watcher.close();
  }
  // The loads did make their scratch folders here (one each), so their absence above is their removal.
  assert.equal([...made].filter((name) => name.startsWith('robustness-lens-keras-')).length, 1 + refused.length, [...made].join(', '));
});
