// Constant activation maps (e.g. from a 1×1 feature map): detected per map before normalisation, and a run made of
// them carries a warning naming the method and layer instead of a silent "MaxBoxAcc 0.00%".
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { constantMapFlags, constantMapWarning } from '../../../src/engine/cam/constantMaps';
import { localise } from '../../../src/engine/cam/localise';
import { openDataSource } from '../../../src/engine/data/source';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { saveLayersModel } from '../../../src/engine/model/tfjsFiles';
import { writePixels } from '../../fixtures/data/images';
import { withTempDir } from '../../fixtures/model/tempDir';

test('constant maps: all zero, flat, or flat up to float32 noise; a real map at any scale is not', async () => {
  await selectBackend('cpu');
  const ramp = tf.reshape(tf.range(0, 16, 1, 'float32'), [4, 4]);
  const maps = tf.stack([
    tf.zeros([4, 4]),
    tf.fill([4, 4], 5),
    tf.add(tf.fill([4, 4], 1), tf.mul(ramp, 1e-9)),
    ramp,
    tf.mul(ramp, 1e-9),
  ]) as tf.Tensor3D;
  const flags = constantMapFlags(maps);
  assert.equal(flags.dtype, 'bool');
  assert.deepEqual(Array.from(await flags.data()), [1, 1, 1, 0, 0]);
  tf.dispose([ramp, maps, flags]);
});

test('the warning: every map or at least half of them; none for a few; it names the method and layer and the remedy', () => {
  assert.equal(constantMapWarning(0, 10, 'gradcam', 'conv'), null);
  assert.equal(constantMapWarning(4, 10, 'gradcam', 'conv'), null, 'a few flat maps happen (an image the class does not light)');
  assert.equal(constantMapWarning(0, 0, 'gradcam', 'conv'), null);
  assert.match(constantMapWarning(5, 10, 'gradcam', 'conv') ?? '', /^5 of 10 Grad-CAM maps at layer 'conv' are constant/);
  const every = constantMapWarning(10, 10, 'gradcam++', 'global_pool') ?? '';
  assert.match(every, /^Every Grad-CAM\+\+ map at layer 'global_pool' is constant \(e\.g\. all zero\) before normalisation/);
  assert.match(every, /Choose another layer: the last feature map larger than 1×1/);
  assert.match(constantMapWarning(3, 3, 'cam', 'pooled') ?? '', /Classic CAM always reads the map feeding the global pooling; try Grad-CAM/);
});

/**
 * 16×16×3 → conv 3×3 'same' ('features', 16×16) → conv 16×16 'valid' ('pooled', a 1×1 map like a pooled layer's output)
 * → GAP → Dense(2). Every kernel is positive (seeded), so each class's gradient at 'features' is positive and its
 * Grad-CAM map there is a positive, image-dependent map: never zeroed by the ReLU, whatever the draw.
 */
async function writeOneByOneModel(dir: string): Promise<string> {
  const positive = (seed: number) => tf.initializers.randomUniform({ minval: 0.01, maxval: 0.1, seed });
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: positive(1), name: 'features' }),
    tf.layers.conv2d({ filters: 2, kernelSize: 16, kernelInitializer: positive(2), name: 'pooled' }),
    tf.layers.globalAveragePooling2d({ name: 'gap' }),
    tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: positive(3), name: 'classifier' }),
  ] });
  await saveLayersModel(model, join(dir, 'model'));
  model.dispose();
  return join(dir, 'model', 'model.json');
}

test('end to end: Grad-CAM at a 1×1 feature map is constant for every image and the run says so; another layer is not', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const classifier = await loadClassifier(await writeOneByOneModel(dir));
    for (let i = 0; i < 3; i++) {
      await writePixels(join(dir, 'images', `${i}.png`), 20, 20, 3, Array.from({ length: 20 * 20 * 3 }, (_, p) => (p * (i + 3) * 37) % 256));
    }
    const { items } = await openDataSource(join(dir, 'images'));
    const run = (layer: string) => localise(classifier, items, { method: 'gradcam', layer, normalisation: 'minmax', target: 'top1', batchSize: 2 });
    const pooled = await run('pooled');
    const warning = pooled.warnings.find((w) => w.includes('constant'));
    assert.ok(warning, `a warning in ${JSON.stringify(pooled.warnings)}`);
    assert.match(warning, /^Every Grad-CAM map at layer 'pooled' is constant/);
    const features = await run('features');
    assert.deepEqual(features.warnings.filter((w) => w.includes('constant')), [], 'a spatial layer gives real maps');
    classifier.dispose();
  });
});
