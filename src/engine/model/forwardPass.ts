// The format-independent forward pass a loaded model offers: inputs are already preprocessed and at the model's size.
import type * as tf from '@tensorflow/tfjs';
import type { ModelInspection } from '../../protocol/model';

export interface ForwardPass {
  /** Pre-softmax logits [N, classes]; differentiable w.r.t. `x`. */
  logits(x: tf.Tensor4D): tf.Tensor2D;
  /** Softmax probabilities [N, classes], the model's own softmax when it has one. */
  probabilities(x: tf.Tensor4D): tf.Tensor2D;
  /** The named layer's or node's feature map and the logits, from one forward pass. */
  featuresAndLogits(x: tf.Tensor4D, layer: string): { features: tf.Tensor4D; logits: tf.Tensor2D };
  dispose(): void;
}

/** A checkpoint once loaded: what it is, and how to run it. */
export interface OpenedModel {
  inspection: ModelInspection;
  forward: ForwardPass;
}
