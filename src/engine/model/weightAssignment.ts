// Copies weights read from a Keras file into a tfjs LayersModel, layer by layer, checking names, counts and shapes.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';

export interface StoredWeight {
  /** The weight's name in the file (Keras 2: 'dense/kernel:0'; Keras 3: the variable index). */
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Returns the stored weights of the layer at `layerPath` (outer model names first), or null when the file has none. */
export type StoredWeightLookup = (layerPath: string[]) => StoredWeight[] | null;

/** The last path component of a weight name without its ':0' suffix ('dense/kernel:0' → 'kernel'). */
function shortName(name: string): string {
  return name.replace(/:\d+$/, '').split('/').pop() ?? name;
}

/** Stored weights in the order of the layer's variables: by name when every name matches, else by position. */
function inLayerOrder(layer: tf.layers.Layer, stored: StoredWeight[]): StoredWeight[] {
  const byName = new Map(stored.map((w) => [shortName(w.name), w]));
  const named = layer.weights.map((v) => byName.get(shortName(v.originalName)));
  return byName.size === stored.length && named.every((w) => w !== undefined) ? named as StoredWeight[] : stored;
}

function sameShape(a: readonly number[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function assignLayer(layer: tf.layers.Layer, path: string[], lookup: StoredWeightLookup, source: string): void {
  if (layer instanceof tf.LayersModel) {
    for (const inner of layer.layers) assignLayer(inner, [...path, inner.name], lookup, source);
    return;
  }
  if (layer.weights.length === 0) return;
  const stored = lookup(path);
  if (stored === null) {
    throw new UserFacingError(`${source} has no weights for layer '${path.join('/')}' (class ${layer.getClassName()}). The file may have been saved from a different model.`);
  }
  if (stored.length !== layer.weights.length) {
    throw new UserFacingError(`${source} has ${stored.length} weights for layer '${path.join('/')}' (class ${layer.getClassName()}), but the layer needs ${layer.weights.length}.`);
  }
  const ordered = inLayerOrder(layer, stored);
  ordered.forEach((weight, i) => {
    const expected = layer.weights[i].shape;
    if (!sameShape(weight.shape, expected)) {
      throw new UserFacingError(`Layer '${path.join('/')}' weight '${shortName(layer.weights[i].originalName)}' has shape [${weight.shape.join(', ')}] in ${source}, but the architecture needs [${expected.join(', ')}]. The weights and the architecture disagree.`);
    }
  });
  tf.tidy(() => layer.setWeights(ordered.map((w) => tf.tensor(w.values, w.shape, 'float32'))));
}

/** Sets every weighted layer of `model` (recursing into nested models) from `lookup`; `source` names the file in errors. */
export function assignStoredWeights(model: tf.LayersModel, lookup: StoredWeightLookup, source: string): void {
  for (const layer of model.layers) assignLayer(layer, [layer.name], lookup, source);
}
