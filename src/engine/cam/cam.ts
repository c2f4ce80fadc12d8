// Classic class activation maps for global-average-pooling → dense heads, batched over images.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import { type ActivationMaps, type CamTarget, type DenseHeadClassifier, targetClasses } from './camModel';
import { resizeMapsBilinear } from './resize';

// definitions.md §4 CAM (Zhou et al. 2016): M_c = Σ_k w_{k,c}·A_k over the feature map A feeding the GAP.
export function classActivationMaps(model: DenseHeadClassifier, x01: tf.Tensor4D, target: CamTarget): ActivationMaps {
  const head = model.denseHeadWeights();
  if (!model.inspection.camHead.applicable || !head) {
    throw new UserFacingError(`Classic CAM needs a head that is global average pooling followed by one dense layer. ${model.inspection.camHead.reason} Use Grad-CAM instead.`, 'unsupported');
  }
  return tf.tidy(() => {
    const { features, logits } = model.featuresAndLogits(x01);
    const [batch, height, width, channels] = features.shape;
    if (head.kernel.shape[0] !== channels) {
      throw new UserFacingError(`The dense head expects ${head.kernel.shape[0]} channels but the feature map has ${channels}; classic CAM does not apply.`, 'unsupported');
    }
    const classes = targetClasses(logits, target);
    const weights = tf.transpose(tf.gather(head.kernel, classes, 1)); // [N, K]: w_{·,c_n} per image
    const flat = tf.reshape(features, [batch, height * width, channels]);
    const maps = tf.reshape(tf.matMul(flat, tf.reshape(weights, [batch, channels, 1])), [batch, height, width]) as tf.Tensor3D;
    return { maps: resizeMapsBilinear(maps, [x01.shape[1], x01.shape[2]]), classes, logits };
  });
}
