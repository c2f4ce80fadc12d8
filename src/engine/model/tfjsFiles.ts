// Reads and writes TF.js model.json + binary weight shards on the local disk with node fs (no tfjs-node).
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserFacingError, errorMessage } from '../errors';
import { writeFileAtomic } from '../atomicWrite';

/** Bytes per element for each dtype a weights manifest can declare (strings have no fixed size). */
const bytesPerElement: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** Parses a model.json file, failing with a message that names the file when it is not usable JSON. */
export async function readModelJson(modelJsonPath: string): Promise<tf.io.ModelJSON> {
  let text: string;
  try {
    text = await readFile(modelJsonPath, 'utf8');
  } catch (err) {
    throw new UserFacingError(`Cannot read ${modelJsonPath}: ${errorMessage(err)}`, 'not-found');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserFacingError(`${modelJsonPath} is not valid JSON (${errorMessage(err)}). Re-export the model or restore the file.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UserFacingError(`${modelJsonPath} does not hold a JSON object, so it is not a TF.js model.json.`);
  }
  const json = parsed as Partial<tf.io.ModelJSON>;
  if (json.modelTopology === undefined || json.modelTopology === null) {
    throw new UserFacingError(`${modelJsonPath} has no "modelTopology" (neither a Keras layers topology nor a graph), so it is not a TF.js model.json.`);
  }
  if (json.weightsManifest !== undefined && !Array.isArray(json.weightsManifest)) {
    throw new UserFacingError(`${modelJsonPath} has a "weightsManifest" that is not a list of weight groups.`);
  }
  return { ...json, modelTopology: json.modelTopology, weightsManifest: json.weightsManifest ?? [] };
}

/** Expected byte length of one manifest entry, or null for strings (variable length). */
function entryByteLength(entry: tf.io.WeightsManifestEntry): number | null {
  const dtype: string = entry.quantization?.dtype ?? entry.dtype;
  const perElement = bytesPerElement[dtype];
  if (perElement === undefined) return null;
  return entry.shape.reduce((a, b) => a * b, 1) * perElement;
}

/** Reads one weight group's shards and checks their total length against the manifest. */
async function readWeightGroup(dir: string, group: tf.io.WeightsManifestConfig[number], modelJsonPath: string): Promise<ArrayBuffer[]> {
  const buffers: ArrayBuffer[] = [];
  for (const shardPath of group.paths) {
    const file = join(dir, shardPath);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      throw new UserFacingError(`Weight shard "${shardPath}" listed in ${basename(modelJsonPath)} is missing (looked for ${file}). Copy every .bin file that was exported with the model into the same folder.`, 'not-found');
    }
    buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
  const sizes = group.weights.map(entryByteLength);
  if (sizes.some((s) => s === null)) return buffers;
  const expected = (sizes as number[]).reduce((a, b) => a + b, 0);
  const actual = buffers.reduce((a, b) => a + b.byteLength, 0);
  const lastShard = group.paths[group.paths.length - 1];
  if (actual < expected) {
    throw new UserFacingError(`Weight shard "${lastShard}" is truncated: the manifest in ${basename(modelJsonPath)} needs ${expected} bytes for its weight group but the shard files hold only ${actual}. Re-export or re-copy the weights.`);
  }
  if (actual > expected) {
    throw new UserFacingError(`The weights in "${group.paths.join('", "')}" (${actual} bytes) disagree with the sizes declared in ${basename(modelJsonPath)} (${expected} bytes). The model.json and the .bin files probably come from different exports.`);
  }
  return buffers;
}

/** A tf.io.IOHandler that loads model.json and its weight shards from disk with clear errors for broken files. */
export function fileLoadHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => {
      const json = await readModelJson(modelJsonPath);
      const dir = dirname(modelJsonPath);
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) buffers.push(...(await readWeightGroup(dir, group, modelJsonPath)));
        return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/** Saves a LayersModel as `dir`/model.json plus one `group1-shard1of1.bin`, creating `dir`. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const shardName = 'group1-shard1of1.bin';
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.concatenateArrayBuffers(artifacts.weightData);
    const manifest: tf.io.WeightsManifestConfig = [{ paths: [shardName], weights: artifacts.weightSpecs ?? [] }];
    const json: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology ?? {},
      weightsManifest: manifest,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
    };
    await writeFileAtomic(join(dir, shardName), new Uint8Array(weightData));
    await writeFileAtomic(join(dir, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
}
