// Opens any supported checkpoint, chosen by what the path is: model.json (layers or graph), .h5, .keras, .onnx, or a SavedModel directory.
import * as tf from '@tensorflow/tfjs';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { ModelFormat } from '../../protocol/model';
import { UserFacingError, errorMessage, isUserFacingError } from '../errors';
import type { OpenedModel } from './forwardPass';
import { graphForward } from './graphForward';
import { inspectGraphModel } from './inspectGraph';
import { inModelScaling, inspectLayersModel } from './inspectLayers';
import { type JsonValue, kerasDialect, toTfjsTopology } from './kerasConfig';
import { loadKerasH5 } from './kerasH5';
import { loadKerasV3 } from './kerasV3';
import { layersForward } from './layersForward';
import { openOnnxModel } from './onnx/onnxModel';
import { loadSavedModel } from './savedModel';
import { openSavedModel } from './savedModelClassifier';
import { fileLoadHandler, readModelJson } from './tfjsFiles';

/** Where a checkpoint lives and which loader reads it. */
export interface CheckpointLocation {
  format: ModelFormat;
  /** The file to read (model.json, .h5, .keras) or the SavedModel directory. */
  path: string;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/** Decides the format of the checkpoint at `path` (a file, or a folder holding model.json or saved_model.pb). */
export async function locateCheckpoint(path: string): Promise<CheckpointLocation> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UserFacingError(`No model found at ${path}.`, 'not-found');
  if (info.isDirectory()) {
    if (await isFile(join(path, 'saved_model.pb'))) return { format: 'saved-model', path };
    if (await isFile(join(path, 'model.json'))) return locateCheckpoint(join(path, 'model.json'));
    throw new UserFacingError(`${path} is a folder without model.json or saved_model.pb. Choose a model.json, .h5 or .keras file, or a SavedModel folder.`, 'not-found');
  }
  const extension = extname(path).toLowerCase();
  if (basename(path) === 'saved_model.pb') return { format: 'saved-model', path: dirname(path) };
  if (extension === '.h5' || extension === '.hdf5') return { format: 'keras-h5', path };
  if (extension === '.keras') return { format: 'keras-v3', path };
  if (extension === '.onnx') return { format: 'onnx', path };
  if (extension === '.json') {
    const json = await readModelJson(path);
    return { format: isGraphModelJson(json) ? 'tfjs-graph' : 'tfjs-layers', path };
  }
  throw new UserFacingError(`${basename(path)} is not a model file Robustness Lens can read. Supported: ONNX (.onnx, e.g. from torch.onnx.export), TF.js model.json, Keras .h5 and .keras, and TensorFlow SavedModel folders.${extension === '.pt' || extension === '.pth' ? ' A PyTorch checkpoint holds Python objects that only PyTorch can rebuild; export the model with torch.onnx.export and open the .onnx file.' : ''}`, 'unsupported');
}

/** A graph model.json says format 'graph-model' or carries a node list; a layers one says 'layers-model' or a Keras class. */
function isGraphModelJson(json: tf.io.ModelJSON): boolean {
  if (json.format === 'graph-model') return true;
  if (json.format === 'layers-model') return false;
  const topology = json.modelTopology as Record<string, unknown>;
  if (Array.isArray(topology.node)) return true;
  if (typeof topology.class_name === 'string' || typeof topology.model_config === 'object') return false;
  throw new UserFacingError(`The model.json has a modelTopology that is neither a Keras layers topology nor a graph, so it cannot be loaded.`);
}

/** Loads a TF.js layers model.json after checking it contains no Lambda or unknown layers. */
async function loadTfjsLayers(path: string): Promise<tf.LayersModel> {
  const json = await readModelJson(path);
  const topology = json.modelTopology as { model_config?: JsonValue; keras_version?: JsonValue } & Record<string, JsonValue>;
  const dialect = kerasDialect(typeof topology.keras_version === 'string' ? topology.keras_version : null);
  toTfjsTopology(topology.model_config ?? topology, basename(path), dialect); // throws for Lambda and layers tfjs lacks
  try {
    return await tf.loadLayersModel(fileLoadHandler(path));
  } catch (err) {
    if (isUserFacingError(err)) throw err;
    throw new UserFacingError(`${path} could not be loaded: ${errorMessage(err)}. The weights probably do not match the architecture.`);
  }
}

async function loadLayers(location: CheckpointLocation): Promise<tf.LayersModel> {
  if (location.format === 'keras-h5') return loadKerasH5(location.path);
  if (location.format === 'keras-v3') return loadKerasV3(location.path);
  return loadTfjsLayers(location.path);
}

/** Runs `inspect` on a freshly loaded model, disposing the model when it is rejected. */
function inspectOrDispose<T>(model: { dispose(): void }, inspect: () => T): T {
  try {
    return inspect();
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/**
 * Refuses a model without one score per class: no output at all, or a single unit (a binary head with one sigmoid
 * output, whose softmax would be 1 for every image).
 */
function requireClassScores(path: string, numClasses: number): void {
  if (numClasses < 1) throw new UserFacingError(`${basename(path)} has no class outputs, so there is nothing to classify. Robustness Lens needs a classifier that outputs one score per class.`, 'unsupported');
  if (numClasses === 1) {
    throw new UserFacingError(`${basename(path)} outputs a single score per image. Binary models with one sigmoid output are not supported: give the model a two-class head (e.g. Dense(2, softmax), or logits [−z, z] for a one-logit model) and open it again.`, 'unsupported');
  }
}

/** Refuses an opened model whose output is not one score per class, disposing it. */
function withClassScores(opened: OpenedModel): OpenedModel {
  try {
    requireClassScores(opened.inspection.path, opened.inspection.numClasses);
  } catch (err) {
    opened.forward.dispose();
    throw err;
  }
  return opened;
}

/** Loads and inspects the checkpoint at `path`. */
export async function openModel(path: string): Promise<OpenedModel> {
  return withClassScores(await openCheckpoint(path));
}

async function openCheckpoint(path: string): Promise<OpenedModel> {
  const location = await locateCheckpoint(path);
  if (location.format === 'onnx') return openOnnxModel(location.path);
  if (location.format === 'saved-model') {
    const model = await loadSavedModel(location.path);
    return openSavedModel(model, location.path).catch((err: unknown) => {
      model.dispose();
      throw err;
    });
  }
  if (location.format === 'tfjs-graph') {
    const json = await readModelJson(location.path);
    const model = await tf.loadGraphModel(fileLoadHandler(location.path)).catch((err: unknown) => {
      if (isUserFacingError(err)) throw err;
      throw new UserFacingError(`${location.path} could not be loaded as a graph model: ${errorMessage(err)}`);
    });
    const found = inspectOrDispose(model, () => inspectGraphModel(model, json, location.path));
    return { inspection: found.inspection, forward: await graphForward(model, found) };
  }
  const model = await loadLayers(location);
  const { inspection, logits } = inspectOrDispose(model, () => {
    if (model.outputs.length === 0) requireClassScores(location.path, 0);
    return inspectLayersModel(model, location.path, location.format);
  });
  const scalingGuess = inModelScaling(model);
  return { inspection, forward: layersForward(model, logits), ...(scalingGuess ? { scalingGuess } : {}) };
}
