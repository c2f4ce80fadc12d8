// Reads a global-average-pooling → dense head's weights off the head itself, for formats whose weights are not laid out as a dense layer.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';

export interface ProbedHead { kernel: tf.Tensor2D; bias: tf.Tensor1D }

/**
 * A GAP → dense head is affine in the pooled features (logits = mean(A)·W + b), so its weights are read off the head
 * itself: a zero map gives b, a map that is 1 in channel k gives W_k + b, and an all-ones map checks the head is affine.
 * The maps are 1×1: the spatial mean does not care about the size.
 */
async function probeDenseHead(head: (features: tf.Tensor4D) => tf.Tensor2D, channels: number, denseNode: string): Promise<ProbedHead> {
  const { kernel, bias, error, scale } = tf.tidy(() => {
    const pooled = tf.concat([tf.zeros([1, channels]), tf.eye(channels), tf.ones([1, channels])]);
    const logits = head(tf.reshape(pooled, [channels + 2, 1, 1, channels]) as tf.Tensor4D);
    const classes = logits.shape[1];
    const bias = tf.reshape(tf.slice(logits, [0, 0], [1, classes]), [classes]) as tf.Tensor1D;
    const kernel = tf.sub(tf.slice(logits, [1, 0], [channels, classes]), bias) as tf.Tensor2D;
    const allOnes = tf.reshape(tf.slice(logits, [channels + 1, 0], [1, classes]), [classes]);
    const predicted = tf.add(tf.sum(kernel, 0), bias);
    return { kernel, bias, error: tf.max(tf.abs(tf.sub(allOnes, predicted))), scale: tf.max(tf.abs(allOnes)) };
  });
  // Read back asynchronously: the webgpu backend has no synchronous read in Node.
  const [[errorValue], [scaleValue]] = await Promise.all([error.data(), scale.data()]);
  tf.dispose([error, scale]);
  if (!(errorValue <= 1e-3 * (1 + scaleValue))) {
    tf.dispose([kernel, bias]);
    throw new UserFacingError(`The head after global average pooling is not a single linear layer ('${denseNode}' is followed by a non-linearity before the logits), so classic CAM does not apply; use Grad-CAM instead.`, 'unsupported');
  }
  return { kernel, bias };
}

/** What a dense head probe needs: the head from the pooled map to the logits, the map's channels and the dense node. */
export interface DenseHeadTarget { head: (features: tf.Tensor4D) => tf.Tensor2D; channels: number; denseNode: string }

/**
 * A model's dense head probed once, when it opens (reading the affinity check back is asynchronous): its weights for
 * the dense node that reads the pooled map, or the reason there are none, kept for the CAM request that needs them.
 */
export class ProbedDenseHead {
  private constructor(private readonly denseNode: string | null, private readonly outcome: ProbedHead | Error | null) {}

  /** Probes `target`'s head; null (no CAM head) gives an object that refuses every dense node. */
  static async probe(target: DenseHeadTarget | null): Promise<ProbedDenseHead> {
    if (!target) return new ProbedDenseHead(null, null);
    const outcome = await probeDenseHead(target.head, target.channels, target.denseNode).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    return new ProbedDenseHead(target.denseNode, outcome);
  }

  /** The kernel and bias of `denseNode`, or the probe's error; owned by this object. */
  weights(denseNode: string): ProbedHead {
    if (this.outcome === null || denseNode !== this.denseNode) throw new UserFacingError(`The graph has no feature map feeding '${denseNode}'.`, 'unsupported');
    if (this.outcome instanceof Error) throw this.outcome;
    return this.outcome;
  }

  dispose(): void {
    if (this.outcome && !(this.outcome instanceof Error)) tf.dispose([this.outcome.kernel, this.outcome.bias]);
  }
}
