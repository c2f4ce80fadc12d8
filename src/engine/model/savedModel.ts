// Loads a TensorFlow SavedModel directory, which only the native tensorflow backend (tfjs-node / tfjs-node-gpu) can run.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError, errorMessage } from '../errors';

/** The part of tfjs-node's TFSavedModel the engine uses. */
export type SavedModel = tf.InferenceModel & { dispose(): void };

interface TfjsNodeModule {
  node: { loadSavedModel(path: string, tags?: string[], signature?: string): Promise<SavedModel> };
}

/** The already-loaded tfjs-node package that provides the 'tensorflow' backend. */
function tfjsNode(): TfjsNodeModule {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      return require(pkg) as TfjsNodeModule;
    } catch {
      // Try the next package; only one of them is installed.
    }
  }
  throw new UserFacingError('The tensorflow backend is active but neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node can be loaded.', 'unsupported');
}

/** Loads the 'serve' tag / serving_default signature of the SavedModel in `dir`. */
export async function loadSavedModel(dir: string): Promise<SavedModel> {
  if (tf.getBackend() !== 'tensorflow') {
    throw new UserFacingError(`${dir} is a TensorFlow SavedModel, which needs the native TensorFlow backend (current backend: ${tf.getBackend()}). Install @tensorflow/tfjs-node-gpu (or @tensorflow/tfjs-node) and restart the engine, or convert the model with: tensorflowjs_converter --input_format=tf_saved_model ${dir} <output folder>`, 'unsupported');
  }
  try {
    return await tfjsNode().node.loadSavedModel(dir);
  } catch (err) {
    throw new UserFacingError(`Could not load the SavedModel in ${dir}: ${errorMessage(err)}`, 'bad-input');
  }
}
