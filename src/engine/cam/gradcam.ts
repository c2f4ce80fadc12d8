// The gradient-weighted maps (Grad-CAM, Grad-CAM++, XGrad-CAM, LayerCAM, HiResCAM), each from one forward pass and one
// backward pass through the head per batch, weighted as pytorch-grad-cam weighs them (definitions.md §4).
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

/** ReLU(Σ_k weight_k·A_k) per image, upsampled to the input size; the weights are per channel [N,1,1,K] or per position [N,h,w,K]. */
function weightedMaps(features: tf.Tensor4D, weights: tf.Tensor4D, inputSize: [number, number]): tf.Tensor3D {
  return resizeMapsBilinear(tf.relu(tf.sum(tf.mul(features, weights), 3)) as tf.Tensor3D, inputSize);
}

/** A gradient-weighted method: the weights [N,1,1,K] or [N,h,w,K] it puts on A, given A and g = ∂y_c/∂A. */
type GradientWeighting = (features: tf.Tensor4D, gradients: tf.Tensor4D) => tf.Tensor4D;

/** ReLU(Σ_k weights·A_k) for the weighting of one method, with its classes and logits. */
function gradientWeightedMaps(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer: string | undefined, weighting: GradientWeighting): ActivationMaps {
  return tf.tidy(() => {
    const { features, gradients, classes, logits } = targetLogitGradients(model, x01, target, layer);
    return { maps: weightedMaps(features, weighting(features, gradients), [x01.shape[1], x01.shape[2]]), classes, logits };
  });
}

// definitions.md §4 Grad-CAM: α_k = spatial mean of ∂y_c/∂A_k (y_c the logit); M_c = ReLU(Σ_k α_k·A_k).
export function gradCam(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return gradientWeightedMaps(model, x01, target, layer, (_features, gradients) => tf.mean(gradients, [1, 2], true) as tf.Tensor4D);
}

// definitions.md §4 Grad-CAM++ (Chattopadhyay et al. 2018, eq. 19 with Y_c = exp(y_c)): with g = ∂y_c/∂A,
// α_ij^k = g² / (2g² + Σ_ab A_ab^k · g³) (0 where the denominator is 0), w_k = Σ_ij α_ij^k·ReLU(g_ij^k),
// M_c = ReLU(Σ_k w_k·A_k). The common factor exp(y_c) cancels in α and scales w by a positive constant, so it is dropped.
export function gradCamPlusPlus(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return gradientWeightedMaps(model, x01, target, layer, (features, gradients) => {
    const g2 = tf.square(gradients);
    const g3 = tf.mul(g2, gradients);
    const activationSums = tf.sum(features, [1, 2], true);
    const denominator = tf.add(tf.mul(g2, 2), tf.mul(activationSums, g3));
    const safeDenominator = tf.where(tf.equal(denominator, 0), tf.onesLike(denominator), denominator);
    const alpha = tf.div(g2, safeDenominator);
    return tf.sum(tf.mul(alpha, tf.relu(gradients)), [1, 2], true) as tf.Tensor4D;
  });
}

/** pytorch-grad-cam's ε in XGrad-CAM's denominator. */
const XGRADCAM_EPSILON = 1e-7;

// definitions.md §4 XGrad-CAM (Fu et al., BMVC 2020, eq. 11): w_k = Σ_ij g_ij^k·A_ij^k / (Σ_ij A_ij^k + 1e-7); M_c = ReLU(Σ_k w_k·A_k).
export function xGradCam(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return gradientWeightedMaps(model, x01, target, layer, (features, gradients) => {
    const activationSums = tf.add(tf.sum(features, [1, 2], true), XGRADCAM_EPSILON);
    return tf.div(tf.sum(tf.mul(gradients, features), [1, 2], true), activationSums) as tf.Tensor4D;
  });
}

// definitions.md §4 LayerCAM (Jiang et al., IEEE TIP 2021, eq. 5–6): M_c = ReLU(Σ_k ReLU(g^k) ⊙ A^k), a weight per position.
export function layerCam(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return gradientWeightedMaps(model, x01, target, layer, (_features, gradients) => tf.relu(gradients) as tf.Tensor4D);
}

// definitions.md §4 HiResCAM (Draelos & Carin 2020, eq. 4): M_c = ReLU(Σ_k g^k ⊙ A^k), the gradient itself at each position.
export function hiResCam(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return gradientWeightedMaps(model, x01, target, layer, (_features, gradients) => gradients);
}
