// The format-independent forward pass a loaded model offers: inputs are already preprocessed and at the model's size.
import type * as tf from '@tensorflow/tfjs';
import type { ModelInspection, ValueScaling } from '../../protocol/model';

/** The linear part of a global-average-pooling → dense head: kernel [channels, classes], bias [classes]. */
export interface DenseHeadWeights { kernel: tf.Tensor2D; bias: tf.Tensor1D | null }

/**
 * What running the head from a feature map needs besides the map, from the same forward pass: the model input (paths
 * that bypass the layer, such as a residual connection, are recomputed from it) and the tokens a transformer's map
 * leaves out (the class token). Formats whose layers cut the graph do without it. (A type, not an interface, so tf.tidy keeps it.)
 */
export type HeadContext = { input: tf.Tensor4D; prefixTokens?: tf.Tensor3D };

/** A preprocessed batch in host memory, its values in the order of `shape` (the host input's layout). */
export interface HostBatch { values: Float32Array; shape: readonly [number, number, number, number] }

/** The fast path fed straight from host memory (ONNX Runtime on the CPU backends), without a tensor round trip. */
export interface HostInputPass {
  /** How the values must lie: one plane per channel (NCHW) or pixel by pixel (NHWC). */
  layout: 'NCHW' | 'NHWC';
  /** predict()'s probabilities. */
  predict(batch: HostBatch): Promise<tf.Tensor2D>;
  /** predictLogits()'s logits, where the format has them on this path. */
  predictLogits?(batch: HostBatch): Promise<tf.Tensor2D>;
}

export interface ForwardPass {
  /** Pre-softmax logits [N, classes]; differentiable w.r.t. `x`. */
  logits(x: tf.Tensor4D): tf.Tensor2D;
  /** Softmax probabilities [N, classes], the model's own softmax when it has one. */
  probabilities(x: tf.Tensor4D): tf.Tensor2D;
  /** The same probabilities without a gradient, on the fastest path the format has (ONNX Runtime for ONNX graphs). */
  predict(x: tf.Tensor4D): Promise<tf.Tensor2D>;
  /** The logits without a gradient where the format has a faster path than logits() (ONNX Runtime, for a graph that outputs them). */
  predictLogits?(x: tf.Tensor4D): Promise<tf.Tensor2D>;
  /** predict and predictLogits on host values, where the format runs them outside tfjs; used on the CPU backends. */
  hostInput?: HostInputPass;
  /** The named layer's or node's feature map and the logits, from one forward pass. */
  featuresAndLogits(x: tf.Tensor4D, layer: string): { features: tf.Tensor4D; logits: tf.Tensor2D; context?: HeadContext };
  /** The logits computed from the named layer's or node's feature map; differentiable w.r.t. `features`. */
  headFromFeatures(features: tf.Tensor4D, layer: string, context?: HeadContext): tf.Tensor2D;
  /** The weights of the GAP → dense head whose dense layer is `denseLayer`; owned by the model. */
  denseHeadWeights(denseLayer: string): DenseHeadWeights;
  dispose(): void;
}

/** A checkpoint once loaded: what it is, and how to run it. */
export interface OpenedModel {
  inspection: ModelInspection;
  forward: ForwardPass;
  /** The value scaling a guessed preprocessing profile uses and why; absent where the usual [0, 1] guess applies. */
  scalingGuess?: { scaling: ValueScaling; note: string };
}
