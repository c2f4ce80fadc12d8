// The fast gradient sign method (definitions.md §2): x_adv = clip(x + ε·sign(∇_x L(f(x), y)), 0, 1), L = cross-entropy of the logits.
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import { UserFacingError } from '../errors';
import { withGradientFailure } from '../kernels/gradientFailure';
import { labelTensor } from '../metrics/topOneErrors';

/** The usual single ε and the sweep of definitions.md §2, in pixel units of [0, 1] images. */
export const FGSM_EPSILON = 8 / 255;
export const FGSM_SWEEP_EPSILONS: readonly number[] = [1, 2, 4, 8, 16].map((v) => v / 255);

/** Which y the loss uses: the true label, or (for unlabelled images) the model's own top-1 prediction. */
export type FgsmTarget = 'label' | 'prediction';

export interface FgsmGradient {
  /** sign(∇_x L) [b, H, W, 3]; it does not depend on ε, so one serves a whole sweep. */
  sign: tf.Tensor4D;
  /** The logits of the clean images, from the same forward pass. */
  cleanLogits: tf.Tensor2D;
  /** The y used in the loss, int32 [b]. */
  targets: tf.Tensor1D;
  target: FgsmTarget;
}

// definitions.md §2: sign of ∇_x of the summed cross-entropy −Σ_i log softmax(f(x_i))_{y_i}, through the model's own preprocessing
// (images are independent, so each image's gradient is that of its own loss). One forward and one backward pass; the caller disposes the result.
// A backend without a gradient kernel the model needs throws a GradientUnavailableError saying so.
export function fgsmGradient(classifier: Pick<Classifier, 'logits'>, images: tf.Tensor4D, labels: ArrayLike<number> | null): FgsmGradient {
  const kept: { logits?: tf.Tensor2D; targets?: tf.Tensor1D } = {};
  const loss = (x: tf.Tensor4D): tf.Scalar => {
    const logits = classifier.logits(x);
    const classCount = logits.shape[1];
    // The one-hot targets carry no gradient (argMax and oneHot have zero gradients), so only log-softmax is differentiated.
    const y = labels ? labelTensor(labels, x.shape[0], classCount) : (tf.argMax(logits, 1) as tf.Tensor1D);
    kept.logits = tf.keep(logits);
    kept.targets = tf.keep(y);
    return tf.neg(tf.sum(tf.mul(tf.oneHot(y, classCount), tf.logSoftmax(logits)))) as tf.Scalar;
  };
  try {
    const sign = withGradientFailure('FGSM', () => tf.tidy(() => tf.sign(tf.valueAndGrad(loss)(images).grad) as tf.Tensor4D));
    if (!kept.logits || !kept.targets) throw new Error('The FGSM loss did not run its forward pass.');
    return { sign, cleanLogits: kept.logits, targets: kept.targets, target: labels ? 'label' : 'prediction' };
  } catch (err) {
    tf.dispose([kept.logits, kept.targets].flatMap((t) => (t ? [t] : [])));
    throw err;
  }
}

// definitions.md §2: x_adv = clip(x + ε·sign, 0, 1), ε in pixel units of [0, 1] images.
export function fgsmPerturb(images: tf.Tensor4D, sign: tf.Tensor4D, epsilon: number): tf.Tensor4D {
  return tf.tidy(() => tf.clipByValue(tf.add(images, tf.mul(sign, epsilon)), 0, 1) as tf.Tensor4D);
}

/** Checks a list of ε: finite, > 0, at least one. */
export function checkEpsilons(epsilons: readonly number[]): void {
  if (epsilons.length === 0) throw new UserFacingError('FGSM needs at least one ε.', 'bad-input');
  for (const epsilon of epsilons) {
    if (!Number.isFinite(epsilon) || epsilon <= 0 || epsilon > 1) throw new UserFacingError(`FGSM ε is in pixel units of [0, 1] images and must be in (0, 1]; got ${epsilon}. (8/255 ≈ 0.0314 is the usual value.)`, 'bad-input');
  }
}
