// Puzzle Mix saliency (definitions.md §6): s = ‖∂L/∂x‖₂ over the colour channels, L the cross-entropy of the logits, pooled into g×g blocks, normalised to sum 1.
import * as tf from '@tensorflow/tfjs';
import { withGradientFailure } from '../../kernels/gradientFailure';
import type { Classifier } from '../../model/classifier';
import { labelTensor } from '../../metrics/topOneErrors';
import { blockSums } from './blockGrid';

/** Which y the loss uses: the true label, or the model's own top-1 prediction. */
export type SaliencyTarget = 'label' | 'prediction';

/**
 * Block saliency [b, g, g] of a batch (one forward and one backward pass of Σ_n CE(f(x_n), y_n); images are independent, so each
 * image's gradient is that of its own loss). Each image's blocks hold its total saliency mass per block divided by the image's total;
 * an image whose gradient is exactly 0 everywhere gets the uniform 1/g². `classes` null means the loss uses the prediction.
 * A backend without a gradient kernel the model needs throws a GradientUnavailableError saying so.
 */
export function blockSaliency(classifier: Pick<Classifier, 'logits'>, images: tf.Tensor4D, classes: ArrayLike<number> | null, grid: number): tf.Tensor3D {
  const loss = (x: tf.Tensor): tf.Scalar => {
    const logits = classifier.logits(x as tf.Tensor4D);
    const classCount = logits.shape[1];
    const y = classes ? labelTensor(classes, x.shape[0], classCount) : (tf.argMax(logits, 1) as tf.Tensor1D);
    return tf.neg(tf.sum(tf.mul(tf.oneHot(y, classCount), tf.logSoftmax(logits)))) as tf.Scalar;
  };
  return tf.tidy(() => {
    const gradient = withGradientFailure('Puzzle Mix saliency', () => tf.grad(loss)(images));
    return normalisedBlockSaliency(tf.sqrt(tf.sum(tf.square(gradient), 3)) as tf.Tensor3D, grid);
  });
}

/** Pixel saliency maps [b, H, W] pooled into g×g blocks and divided by each map's total (uniform 1/g² for a map that is 0 everywhere). */
export function normalisedBlockSaliency(pixelSaliency: tf.Tensor3D, grid: number): tf.Tensor3D {
  return tf.tidy(() => {
    const mass = blockSums(pixelSaliency, grid);
    const total = tf.sum(mass, [1, 2], true);
    const uniform = tf.fill(mass.shape, 1 / (grid * grid));
    return tf.where(tf.greater(total, 0).broadcastTo(mass.shape), tf.div(mass, tf.maximum(total, 1e-30)), uniform) as tf.Tensor3D;
  });
}
