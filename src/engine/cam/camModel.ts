// What the CAM methods need from a loaded classifier, and which class each map explains (definitions.md §4).
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import { UserFacingError } from '../errors';

/** The linear part of a global-average-pooling → dense head: kernel [channels, classes], bias [classes]. */
export interface DenseHeadWeights { kernel: tf.Tensor2D; bias: tf.Tensor1D | null }

/** A classifier whose head is GAP → one dense layer, as classic CAM needs. */
export interface DenseHeadClassifier extends Pick<Classifier, 'inspection' | 'featuresAndLogits'> {
  /** The head's dense weights, or null when the head is not GAP → dense; the tensors belong to the model and must not be disposed. */
  denseHeadWeights(): DenseHeadWeights | null;
}

/** A classifier split at a feature layer, as Grad-CAM needs. */
export interface SplitClassifier extends Pick<Classifier, 'featuresAndLogits'> {
  /** Logits [N, classes] computed from the feature map of `layer` (default: the last convolutional layer); differentiable w.r.t. `features`. */
  headFromFeatures(features: tf.Tensor4D, layer?: string): tf.Tensor2D;
}

/** The class each map explains: the model's top-1 prediction, or one given class per image (e.g. the ground truth). */
export type CamTarget = { kind: 'top1' } | { kind: 'classes'; classes: readonly number[] };

/** Maps for a batch: raw (unnormalised) [N, H, W] at the input size, the class each explains, and the logits of the same forward pass. */
export interface ActivationMaps {
  maps: tf.Tensor3D;
  classes: tf.Tensor1D;
  logits: tf.Tensor2D;
}

/** The target class of every image in the batch, as an int32 tensor [N]. */
export function targetClasses(logits: tf.Tensor2D, target: CamTarget): tf.Tensor1D {
  const [batch, classCount] = logits.shape;
  if (target.kind === 'top1') return tf.argMax(logits, 1) as tf.Tensor1D;
  if (target.classes.length !== batch) {
    throw new UserFacingError(`${target.classes.length} target classes were given for a batch of ${batch} images; give one class per image.`);
  }
  const invalid = target.classes.find((c) => !Number.isInteger(c) || c < 0 || c >= classCount);
  if (invalid !== undefined) throw new UserFacingError(`Target class ${invalid} does not exist: the model has classes 0 to ${classCount - 1}.`);
  return tf.tensor1d(target.classes as number[], 'int32');
}
