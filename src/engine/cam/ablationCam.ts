// Ablation-CAM: each channel's weight is the relative drop of the target logit when that channel is ablated, the ablated
// feature maps run through the head in batches.
import * as tf from '@tensorflow/tfjs';
import type { HeadContext } from '../model/forwardPass';
import { type ActivationMaps, type CamTarget, type SplitClassifier, targetClasses } from './camModel';
import { resizeMapsBilinear } from './resize';

/** Ablated copies of one feature map per pass through the head (pytorch-grad-cam's default batch). */
const ABLATIONCAM_BATCH = 32;

/** How far below the map's minimum pytorch-grad-cam sets an ablated channel when the map has negative values. */
const NEGATIVE_ABLATION_OFFSET = 1e7;

/** Row `index` of each tensor in `context`, repeated `copies` times, for the head to see the ablated copies of one image. */
function repeatedContext(context: HeadContext | undefined, index: number, copies: number): HeadContext | undefined {
  if (!context) return undefined;
  const rows = new Array<number>(copies).fill(index);
  return {
    input: tf.gather(context.input, rows),
    ...(context.prefixTokens ? { prefixTokens: tf.gather(context.prefixTokens, rows) } : {}),
  };
}

/** The target logit of image `index` with each channel in [from, to) of its map A set to `ablationValue`, one copy per channel. */
function ablatedScores(model: SplitClassifier, features: tf.Tensor4D, context: HeadContext | undefined, layer: string | undefined, index: number, targetClass: number, ablationValue: tf.Scalar, from: number, to: number): tf.Tensor1D {
  return tf.tidy(() => {
    const channels = features.shape[3];
    const copies = to - from;
    const map = tf.slice(features, [index, 0, 0, 0], [1, -1, -1, -1]);
    const ablated = tf.reshape(tf.oneHot(tf.range(from, to, 1, 'int32'), channels), [copies, 1, 1, channels]);
    const kept = tf.sub(1, ablated);
    const copiesOfMap = tf.add(tf.mul(tf.tile(map, [copies, 1, 1, 1]), kept), tf.mul(ablated, ablationValue)) as tf.Tensor4D;
    const logits = model.headFromFeatures(copiesOfMap, layer, repeatedContext(context, index, copies));
    return tf.squeeze(tf.slice(logits, [0, targetClass], [-1, 1]), [1]) as tf.Tensor1D;
  });
}

// definitions.md §4 Ablation-CAM (Desai & Ramaswamy, WACV 2020, eq. 3, as pytorch-grad-cam): y_c^k is the logit with channel
// k of A set to 0 (to min(A) − 10⁷ when A has negative values); w_k = (y_c − y_c^k) / y_c; M_c = ReLU(Σ_k w_k·A_k).
export function ablationCam(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return tf.tidy(() => {
    const { features, logits, context } = model.featuresAndLogits(x01, layer);
    const classes = targetClasses(logits, target);
    const classList = classes.arraySync();
    const [batch, , , channelCount] = features.shape;
    const weights = classList.map((targetClass, n) => tf.tidy(() => {
      const minimum = tf.min(tf.slice(features, [n, 0, 0, 0], [1, -1, -1, -1]));
      const ablationValue = tf.where(tf.equal(minimum, 0), minimum, tf.sub(minimum, NEGATIVE_ABLATION_OFFSET)) as tf.Scalar;
      const scores: tf.Tensor1D[] = [];
      for (let from = 0; from < channelCount; from += ABLATIONCAM_BATCH) {
        scores.push(ablatedScores(model, features, context, layer, n, targetClass, ablationValue, from, Math.min(channelCount, from + ABLATIONCAM_BATCH)));
      }
      const original = tf.reshape(tf.slice(logits, [n, targetClass], [1, 1]), []);
      // pytorch-grad-cam divides by y_c as it is (a negative y_c flips the map); y_c = 0 leaves the drop unscaled.
      const divisor = tf.where(tf.equal(original, 0), tf.onesLike(original), original);
      return tf.div(tf.sub(original, tf.concat(scores)), divisor);
    }));
    const channelWeights = tf.reshape(tf.stack(weights), [batch, 1, 1, channelCount]);
    const maps = tf.relu(tf.sum(tf.mul(features, channelWeights), 3)) as tf.Tensor3D;
    return { maps: resizeMapsBilinear(maps, [x01.shape[1], x01.shape[2]]), classes, logits };
  });
}
