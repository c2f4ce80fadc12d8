// Eigen-CAM: the feature map projected on its first principal component, found by power iteration on the smaller Gram matrix.
import * as tf from '@tensorflow/tfjs';
import { type ActivationMaps, type CamTarget, type SplitClassifier, targetClasses } from './camModel';
import { resizeMapsBilinear } from './resize';

/** Squarings of the trace-normalised Gram matrix: the second eigenvalue's share shrinks as (λ2/λ1)^(2^12). */
const SQUARINGS = 12;
/** Power-iteration steps on the Gram matrix itself after the squarings, to polish the eigenvector in float32. */
const POLISH_STEPS = 4;

/** v / ‖v‖ along axis 1 of [N, n, 1] (0 stays 0). */
function unitColumns(v: tf.Tensor3D): tf.Tensor3D {
  return tf.div(v, tf.add(tf.norm(v, 'euclidean', 1, true), 1e-30)) as tf.Tensor3D;
}

/** The unit eigenvector [N, n, 1] of the largest eigenvalue of each symmetric positive semi-definite matrix in `gram` [N, n, n]. */
function leadingEigenvectors(gram: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const n = gram.shape[1];
    const identityMask = tf.eye(n);
    const normalised = (m: tf.Tensor3D): tf.Tensor3D => {
      const trace = tf.sum(tf.mul(m, identityMask), [1, 2], true);
      return tf.div(m, tf.where(tf.equal(trace, 0), tf.onesLike(trace), trace)) as tf.Tensor3D;
    };
    let power = normalised(gram);
    for (let i = 0; i < SQUARINGS; i++) power = normalised(tf.matMul(power, power));
    // power ≈ u·uᵀ: its column of largest norm is u up to sign and scale.
    const columnNorms = tf.norm(power, 'euclidean', 1) as tf.Tensor2D;
    const pick = tf.expandDims(tf.oneHot(tf.argMax(columnNorms, 1), n).toFloat(), 2) as tf.Tensor3D;
    let vector = unitColumns(tf.matMul(power, pick));
    for (let i = 0; i < POLISH_STEPS; i++) vector = unitColumns(tf.matMul(gram, vector));
    return vector;
  });
}

// definitions.md §4 Eigen-CAM (Muhammad & Yeasin, IJCNN 2020, as pytorch-grad-cam): X = A as positions × channels, centred per
// channel; M = ReLU(X·v₁) with v₁ the first right singular vector of X, its sign chosen so that |max| ≥ |min| (SVD leaves it open).
export function eigenCam(model: SplitClassifier, x01: tf.Tensor4D, target: CamTarget, layer?: string): ActivationMaps {
  return tf.tidy(() => {
    const { features, logits } = model.featuresAndLogits(x01, layer);
    const classes = targetClasses(logits, target);
    const [batch, height, width, channels] = features.shape;
    const positions = tf.reshape(features, [batch, height * width, channels]) as tf.Tensor3D;
    const centred = tf.sub(positions, tf.mean(positions, 1, true)) as tf.Tensor3D;
    // v₁ of XᵀX directly, or from u₁ of X·Xᵀ as v₁ ∝ Xᵀu₁, whichever Gram matrix is smaller.
    const direction = height * width <= channels
      ? unitColumns(tf.matMul(centred, leadingEigenvectors(tf.matMul(centred, centred, false, true)), true, false))
      : leadingEigenvectors(tf.matMul(centred, centred, true, false));
    const projection = tf.reshape(tf.matMul(centred, direction), [batch, height, width]) as tf.Tensor3D;
    const flipped = tf.greater(tf.abs(tf.min(projection, [1, 2], true)), tf.abs(tf.max(projection, [1, 2], true))).toFloat();
    const oriented = tf.mul(projection, tf.sub(1, tf.mul(flipped, 2)));
    return { maps: resizeMapsBilinear(tf.relu(oriented) as tf.Tensor3D, [x01.shape[1], x01.shape[2]]), classes, logits };
  });
}
