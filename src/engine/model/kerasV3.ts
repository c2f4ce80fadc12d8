// Loads a Keras 3 archive (.keras): a zip of config.json, metadata.json and model.weights.h5 laid out as layers/<key>/vars/<i>.
import type * as tf from '@tensorflow/tfjs';
import type { Group } from 'h5wasm';
import { type FileHandle, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { UserFacingError, errorMessage } from '../errors';
import { datasetAt, floatDataset, groupAt, withHdf5File } from './hdf5';
import { type ArchiveEntrySink, extractArchiveEntries } from './kerasArchive';
import { type JsonValue, isJsonObject, kerasDialect } from './kerasConfig';
import { buildKerasModel, parseKerasConfig } from './kerasModel';
import type { StoredWeight } from './weightAssignment';

const weightsEntry = 'model.weights.h5';

/** The most a config.json or metadata.json may inflate to; real ones are a few MiB at most. */
const maxJsonEntryBytes = 64 * 2 ** 20;
/** The most model.weights.h5 may inflate to: the 2 GiB a .keras archive itself can be read at. */
const maxWeightsEntryBytes = 2 ** 31 - 1;

async function readArchiveBytes(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path).catch((err: unknown) => {
    throw new UserFacingError(`Cannot read ${path}: ${errorMessage(err)}`, 'not-found');
  });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A sink that keeps an entry's bytes in memory. */
function memorySink(maxBytes: number): ArchiveEntrySink & { bytes(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  return {
    maxBytes,
    write: async (chunk) => { chunks.push(chunk); },
    bytes: () => Buffer.concat(chunks),
  };
}

/** A sink that streams an entry's bytes into an open file. */
function fileSink(handle: FileHandle, maxBytes: number): ArchiveEntrySink {
  return { maxBytes, write: async (chunk) => { await handle.appendFile(chunk); } };
}

/** Names of the group holding a model's layers: Keras 3 uses 'layers', the tf.keras 2.x .keras format '_layer_checkpoint_dependencies'. */
const layerContainers = ['layers', '_layer_checkpoint_dependencies'];

/** Every layer's vars/0, vars/1, … keyed by its layer path ('outer/inner'), walking layers/<name>/… groups recursively. */
function readAllVars(group: Group, source: string, layerPath: string[] = [], found = new Map<string, StoredWeight[]>()): Map<string, StoredWeight[]> {
  const layers = layerContainers.map((name) => groupAt(group, name)).find((g) => g !== null);
  if (!layers) return found;
  for (const name of layers.keys()) {
    const layerGroup = groupAt(layers, name);
    if (!layerGroup) continue;
    const path = [...layerPath, name];
    const vars = groupAt(layerGroup, 'vars');
    if (vars) {
      const indices = vars.keys().filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
      found.set(path.join('/'), indices.map((index) => {
        const dataset = datasetAt(vars, index);
        if (!dataset) throw new UserFacingError(`${source}: variable ${index} of layer '${path.join('/')}' is not a dataset. The file is damaged.`);
        return { name: index, ...floatDataset(dataset, `Variable ${index} of layer '${path.join('/')}' in ${source}`) };
      }));
    }
    readAllVars(layerGroup, source, path, found);
  }
  return found;
}

// Keras's naming.to_snake_case: 'Conv2D' → 'conv2d', 'BatchNormalization' → 'batch_normalization', 'ReLU' → 're_lu'.
function snakeCase(className: string): string {
  return className.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

interface ConfigLayer { className: string; name: string; inner: JsonValue | null }

/** The layers a model config lists, in order, with the config of a nested model; operations (keras.src.ops) are not layers. */
function configLayers(modelConfig: JsonValue): ConfigLayer[] {
  const object = (v: JsonValue | undefined): Record<string, JsonValue> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null);
  const layers = object(object(modelConfig)?.config)?.layers;
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((entry) => {
    const layer = object(entry);
    const name = object(layer?.config)?.name;
    if (!layer || typeof layer.class_name !== 'string' || typeof name !== 'string') return [];
    if (typeof layer.module === 'string' && layer.module.startsWith('keras.src.ops')) return [];
    return [{ className: layer.class_name, name, inner: Array.isArray(object(layer.config)?.layers) ? layer : null }];
  });
}

/**
 * Keras 3 saves a container's layers under keys made from their class names, numbered in order within the container
 * (conv2d, conv2d_1, …; keras/src/saving/saving_lib.py), not under the layers' own names: 'outer/inner' name paths
 * mapped to those key paths, nested models included.
 */
function storeKeyPaths(modelConfig: JsonValue, namePath: string[] = [], keyPath: string[] = [], found = new Map<string, string>()): Map<string, string> {
  const used = new Map<string, number>();
  for (const layer of configLayers(modelConfig)) {
    const base = snakeCase(layer.className);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    const key = count === undefined ? base : `${base}_${count + 1}`;
    const names = [...namePath, layer.name];
    const keys = [...keyPath, key];
    found.set(names.join('/'), keys.join('/'));
    if (layer.inner) storeKeyPaths(layer.inner, names, keys, found);
  }
  return found;
}

/** The Keras version metadata.json records (Keras 3 archives always have one; tf.keras 2.x ones may not). */
function savedKerasVersion(metadata: Uint8Array | undefined): string | null {
  if (!metadata) return null;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(metadata)) as JsonValue;
    return isJsonObject(parsed) && typeof parsed.keras_version === 'string' ? parsed.keras_version : null;
  } catch {
    return null;
  }
}

/** Reads a Keras 3 .keras archive into a LayersModel, refusing Lambda and layers tfjs lacks. */
export async function loadKerasV3(path: string): Promise<tf.LayersModel> {
  const source = basename(path);
  const archive = await readArchiveBytes(path);
  const configSink = memorySink(maxJsonEntryBytes);
  const metadataSink = memorySink(maxJsonEntryBytes);
  const scratch = await mkdtemp(join(tmpdir(), 'robustness-lens-keras-'));
  try {
    const weightsPath = join(scratch, weightsEntry);
    const weightsFile = await open(weightsPath, 'w');
    const found = await extractArchiveEntries(archive, source, new Map([
      ['config.json', configSink], ['metadata.json', metadataSink], [weightsEntry, fileSink(weightsFile, maxWeightsEntryBytes)],
    ])).finally(() => weightsFile.close());
    if (!found.has('config.json')) throw new UserFacingError(`${source} has no config.json, so it is not a Keras 3 model archive.`);
    if (!found.has(weightsEntry)) throw new UserFacingError(`${source} has no ${weightsEntry}; it holds an architecture without weights.`);
    const config = parseKerasConfig(new TextDecoder().decode(configSink.bytes()), source);
    const vars = await withHdf5File(weightsPath, `${source}/${weightsEntry}`, (file) => readAllVars(file, source));
    // Files that key layers by name (tf.keras 2.x) are read by name; Keras 3's class-name keys are found from the config.
    const keys = storeKeyPaths(config);
    const lookup = (layerPath: string[]) => vars.get(layerPath.join('/')) ?? vars.get(keys.get(layerPath.join('/')) ?? '') ?? null;
    const metadata = found.has('metadata.json') ? metadataSink.bytes() : undefined;
    return await buildKerasModel(config, lookup, source, kerasDialect(savedKerasVersion(metadata)));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
