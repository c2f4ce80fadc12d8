// Loads a Keras 2 HDF5 checkpoint (.h5): root attribute model_config plus a model_weights group with layer_names / weight_names.
import type * as tf from '@tensorflow/tfjs';
import type { Group } from 'h5wasm';
import { basename } from 'node:path';
import { UserFacingError } from '../errors';
import { datasetAt, floatDataset, groupAt, stringAttribute, stringListAttribute, withHdf5File } from './hdf5';
import { buildKerasModel, parseKerasConfig } from './kerasModel';
import { type JsonValue, kerasDialect } from './kerasConfig';
import type { StoredWeight } from './weightAssignment';

/** Every layer's stored weights, keyed by layer name, in the order of the layer's weight_names attribute. */
function readLayerWeights(weightsRoot: Group, source: string): Map<string, StoredWeight[]> {
  const layers = new Map<string, StoredWeight[]>();
  for (const layerName of stringListAttribute(weightsRoot, 'layer_names')) {
    const group = groupAt(weightsRoot, layerName);
    if (!group) throw new UserFacingError(`${source} lists layer '${layerName}' in layer_names but has no weight group for it. The file is damaged.`);
    const weights = stringListAttribute(group, 'weight_names').map((weightName) => {
      const dataset = datasetAt(group, weightName);
      if (!dataset) throw new UserFacingError(`${source} lists weight '${weightName}' for layer '${layerName}' but the data is missing. The file is damaged.`);
      return { name: weightName, ...floatDataset(dataset, `Weight '${weightName}' of layer '${layerName}' in ${source}`) };
    });
    layers.set(layerName, weights);
  }
  return layers;
}

/** Weights of a layer: a top-level layer's group, or for a layer inside a nested model the nested group's weights under its name. */
function lookupIn(layers: Map<string, StoredWeight[]>): (path: string[]) => StoredWeight[] | null {
  return (path) => {
    const group = layers.get(path[0]);
    if (!group || path.length === 1) return group ?? null;
    const inner = path[path.length - 1];
    const found = group.filter((w) => w.name.startsWith(`${inner}/`));
    return found.length > 0 ? found : null;
  };
}

/** Reads a Keras 2 .h5 file into a LayersModel, refusing Lambda and layers tfjs lacks. */
export async function loadKerasH5(path: string): Promise<tf.LayersModel> {
  const source = basename(path);
  const { config, layers, version } = await withHdf5File(path, source, (file) => {
    const configText = stringAttribute(file, 'model_config');
    if (configText === null) {
      throw new UserFacingError(`${source} holds weights but no model architecture (it was probably written with save_weights). Save the whole model with model.save('${source}').`);
    }
    const parsed: JsonValue = parseKerasConfig(configText, source);
    const weightsRoot = groupAt(file, 'model_weights') ?? file;
    return { config: parsed, layers: readLayerWeights(weightsRoot, source), version: stringAttribute(file, 'keras_version') };
  });
  return buildKerasModel(config, lookupIn(layers), source, kerasDialect(version));
}
