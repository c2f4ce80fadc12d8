// Builds a tfjs LayersModel from a Keras model config and fills it with weights from the file it came from.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError, errorMessage, isUserFacingError } from '../errors';
import { type JsonValue, type KerasDialect, toTfjsTopology } from './kerasConfig';
import { type StoredWeightLookup, assignStoredWeights } from './weightAssignment';

/** Parses the model config JSON text stored in a Keras file. */
export function parseKerasConfig(text: string, source: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new UserFacingError(`The model config in ${source} is not valid JSON (${errorMessage(err)}). The file is damaged; save the model again.`);
  }
}

/** The model described by `modelConfig` (in `dialect`) with the weights from `lookup`; disposed again if the weights do not fit. */
export async function buildKerasModel(modelConfig: JsonValue, lookup: StoredWeightLookup, source: string, dialect: KerasDialect): Promise<tf.LayersModel> {
  const topology = toTfjsTopology(modelConfig, source, dialect);
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: topology });
  } catch (err) {
    throw new UserFacingError(`TensorFlow.js could not rebuild the model in ${source}: ${errorMessage(err)}`, 'unsupported');
  }
  try {
    assignStoredWeights(model, lookup, source);
  } catch (err) {
    model.dispose();
    if (isUserFacingError(err)) throw err;
    throw new UserFacingError(`The weights in ${source} do not fit its architecture: ${errorMessage(err)}`);
  }
  return model;
}
