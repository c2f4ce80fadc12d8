// Grad-CAM and Grad-CAM++ from one forward pass and one backward pass through the head per batch.
import * as tf from '@tensorflow/tfjs';
import { type ActivationMaps, type CamTarget, type SplitClassifier, targetClasses } from './camModel';
import { resizeMapsBilinear } from './resize';

interface TargetGradients { features: tf.Tensor4D; gradients: tf.Tensor4D; classes: tf.Tensor1D; logits: tf.Tensor2D }

/** The feature map A of `layer` and ∂y_c/∂A, with y_c the target class's logit (pre-softmax) of each image. */
function targetLogitGradients(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): TargetGradients {
  const { features, logits, context } = model.featuresAndLogits(x01, layer);
  const classes = targetClasses(logits, target);
  const selector = tf.oneHot(classes, logits.shape[1]);
  // Images are independent through the head, so the gradient of Σ_n y_{n,c_n} w.r.t. A_n is ∂y_{n,c_n}/∂A_n.
  const selectedLogitSum = (a: tf.Tensor): tf.Tensor => tf.sum(tf.mul(model.headFromFeatures(a as tf.Tensor4D, layer, context), selector));
  const gradients = tf.grad(selectedLogitSum)(features) as tf.Tensor4D;
  return { features, gradients, classes, logits };
}

/** ReLU(Σ_k weight_k·A_k) per image, upsampled to the input size. */
function weightedMaps(features: tf.Tensor4D, channelWeights: tf.Tensor4D, inputSize: [number, number]): tf.Tensor3D {
  return resizeMapsBilinear(tf.relu(tf.sum(tf.mul(features, channelWeights), 3)) as tf.Tensor3D, inputSize);
}

// definitions.md §4 Grad-CAM: α_k = spatial mean of ∂y_c/∂A_k (y_c the logit); M_c = ReLU(Σ_k α_k·A_k).
export function gradCam(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return tf.tidy(() => {
    const { features, gradients, classes, logits } = targetLogitGradients(model, x01, target, layer);
    const alpha = tf.mean(gradients, [1, 2], true) as tf.Tensor4D;
    return { maps: weightedMaps(features, alpha, [x01.shape[1], x01.shape[2]]), classes, logits };
  });
}

// definitions.md §4 Grad-CAM++ (Chattopadhyay et al. 2018, eq. 19 with Y_c = exp(y_c)): with g = ∂y_c/∂A,
// α_ij^k = g² / (2g² + Σ_ab A_ab^k · g³) (0 where the denominator is 0), w_k = Σ_ij α_ij^k·ReLU(g_ij^k),
// M_c = ReLU(Σ_k w_k·A_k). The common factor exp(y_c) cancels in α and scales w by a positive constant, so it is dropped.
export function gradCamPlusPlus(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return tf.tidy(() => {
    const { features, gradients, classes, logits } = targetLogitGradients(model, x01, target, layer);
    const g2 = tf.square(gradients);
    const g3 = tf.mul(g2, gradients);
    const activationSums = tf.sum(features, [1, 2], true);
    const denominator = tf.add(tf.mul(g2, 2), tf.mul(activationSums, g3));
    const safeDenominator = tf.where(tf.equal(denominator, 0), tf.onesLike(denominator), denominator);
    const alpha = tf.div(g2, safeDenominator);
    const weights = tf.sum(tf.mul(alpha, tf.relu(gradients)), [1, 2], true) as tf.Tensor4D;
    return { maps: weightedMaps(features, weights, [x01.shape[1], x01.shape[2]]), classes, logits };
  });
}
