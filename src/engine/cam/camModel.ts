// What the CAM methods need from a loaded classifier, and which class each map explains (definitions.md §4).
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import { UserFacingError } from '../errors';

/** A classifier whose head is GAP → one dense layer, as classic CAM needs (denseHeadWeights: null when it is not). */
export type DenseHeadClassifier = Pick<Classifier, 'inspection' | 'featuresAndLogits' | 'denseHeadWeights'>;

/** A classifier split at a feature layer, as Grad-CAM needs (headFromFeatures: logits from the feature map, differentiable). */
export type SplitClassifier = Pick<Classifier, 'featuresAndLogits' | 'headFromFeatures'>;

/** A classifier whose full forward pass gives logits without a gradient tape, as Score-CAM's masked passes need. */
export type ForwardClassifier = Pick<Classifier, 'featuresAndLogits' | 'logits'>;

/** What every CAM method together needs: what `localise` hands the method registry. */
export type CamClassifier = DenseHeadClassifier & SplitClassifier & ForwardClassifier;

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
