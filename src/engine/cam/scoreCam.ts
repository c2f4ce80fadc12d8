// Score-CAM: channel weights from the target logit of the image masked by each upsampled channel, in batches of masked images.
import * as tf from '@tensorflow/tfjs';
import { type ActivationMaps, type CamTarget, type ForwardClassifier, targetClasses } from './camModel';
import { resizeMapsBilinear } from './resize';

/** Masked images per forward pass (pytorch-grad-cam's ScoreCAM runs 16, its AblationCAM 32). */
const SCORECAM_BATCH = 32;

/** pytorch-grad-cam's ε in the min-max normalisation of each upsampled channel. */
const MASK_EPSILON = 1e-8;

/**
 * The target logit of image `index` masked by each channel in [from, to) of its feature map: the channel upsampled to the
 * input size (bilinear, corners aligned as torch's UpsamplingBilinear2d), scaled to [0, 1] and multiplied into the image.
 */
function maskedScores(model: ForwardClassifier, image: tf.Tensor4D, features: tf.Tensor4D, targetClass: number, from: number, to: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [, height, width] = image.shape;
    const channels = tf.slice(features, [0, 0, 0, from], [1, -1, -1, to - from]);
    const upsampled = tf.image.resizeBilinear(channels, [height, width], true);
    const min = tf.min(upsampled, [1, 2], true);
    const max = tf.max(upsampled, [1, 2], true);
    const masks = tf.div(tf.sub(upsampled, min), tf.add(tf.sub(max, min), MASK_EPSILON));
    const perChannel = tf.expandDims(tf.transpose(tf.squeeze(masks, [0]), [2, 0, 1]), 3); // [m, H, W, 1]
    const logits = model.logits(tf.mul(perChannel, image) as tf.Tensor4D);
    return tf.squeeze(tf.slice(logits, [0, targetClass], [-1, 1]), [1]) as tf.Tensor1D;
  });
}

// definitions.md §4 Score-CAM (Wang et al., CVPRW 2020, eq. 6–8, as pytorch-grad-cam): with H_k = A_k upsampled and
// min-max scaled, s_k = y_c(X ⊙ H_k) (the logit), w = softmax_k(s), M_c = ReLU(Σ_k w_k·A_k).
export function scoreCam(model: ForwardClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return tf.tidy(() => {
    const { features, logits } = model.featuresAndLogits(x01, layer);
    const classes = targetClasses(logits, target);
    const classList = classes.arraySync();
    const [batch, , , channelCount] = features.shape;
    const weights = classList.map((targetClass, n) => tf.tidy(() => {
      const image = tf.slice(x01, [n, 0, 0, 0], [1, -1, -1, -1]);
      const imageFeatures = tf.slice(features, [n, 0, 0, 0], [1, -1, -1, -1]);
      const scores: tf.Tensor1D[] = [];
      for (let from = 0; from < channelCount; from += SCORECAM_BATCH) {
        scores.push(maskedScores(model, image, imageFeatures, targetClass, from, Math.min(channelCount, from + SCORECAM_BATCH)));
      }
      return tf.softmax(tf.concat(scores));
    }));
    const channelWeights = tf.reshape(tf.stack(weights), [batch, 1, 1, channelCount]);
    const maps = tf.relu(tf.sum(tf.mul(features, channelWeights), 3)) as tf.Tensor3D;
    return { maps: resizeMapsBilinear(maps, [x01.shape[1], x01.shape[2]]), classes, logits };
  });
}
