// Runs a TF.js GraphModel as a classifier by executing the logits, softmax and feature nodes found by inspection,
// feeding a feature node by name to run the head alone.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { ForwardPass } from './forwardPass';
import type { GraphInspection } from './inspectGraph';

interface ProbedHead { kernel: tf.Tensor2D; bias: tf.Tensor1D }

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

/** A forward pass over `model` using the node names in `found`; a GAP → dense head's weights are probed here, once. */
export async function graphForward(model: tf.GraphModel, found: GraphInspection): Promise<ForwardPass> {
  const { inputNode, head } = found;
  const nodeNames = new Set(found.inspection.layers.map((l) => l.name));
  const run = (inputs: tf.NamedTensorMap, nodes: string[]): tf.Tensor[] => {
    const out = model.execute(inputs, nodes);
    return Array.isArray(out) ? out : [out];
  };
  const checkNode = (name: string): void => {
    if (!nodeNames.has(name)) throw new UserFacingError(`The graph has no node named '${name}'.`, 'not-found');
  };
  const headFromFeatures = (features: tf.Tensor4D, name: string): tf.Tensor2D => {
    checkNode(name);
    return tf.tidy(() => run({ [name]: features }, [head.logitsNode])[0] as tf.Tensor2D);
  };
  const { denseLayer } = found.inspection.camHead;
  const featureNode = head.featureNode;
  const featureShape = found.inspection.lastConvLayer?.shape;
  // Probed when the model opens, not on first use, because reading the check back is asynchronous; a head that
  // fails the check keeps its error for the CAM request that needs it.
  const denseHead: ProbedHead | Error | null = found.inspection.camHead.applicable && denseLayer && featureNode && featureShape
    ? await probeDenseHead((features) => headFromFeatures(features, featureNode), featureShape[2], denseLayer).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))
    : null;
  return {
    logits: (x) => tf.tidy(() => run({ [inputNode]: x }, [head.logitsNode])[0] as tf.Tensor2D),
    probabilities: (x) => tf.tidy(() => (head.softmaxNode
      ? run({ [inputNode]: x }, [head.softmaxNode])[0] as tf.Tensor2D
      : tf.softmax(run({ [inputNode]: x }, [head.logitsNode])[0] as tf.Tensor2D))),
    featuresAndLogits: (x, name) => {
      checkNode(name);
      return tf.tidy(() => {
        const [features, logits] = run({ [inputNode]: x }, [name, head.logitsNode]);
        if (features.rank !== 4) throw new UserFacingError(`Node '${name}' outputs a rank-${features.rank} tensor, not a feature map (height × width × channels).`);
        return { features: features as tf.Tensor4D, logits: logits as tf.Tensor2D };
      });
    },
    headFromFeatures,
    denseHeadWeights: (denseNode) => {
      if (denseHead === null || denseNode !== denseLayer) throw new UserFacingError(`The graph has no feature map feeding '${denseNode}'.`, 'unsupported');
      if (denseHead instanceof Error) throw denseHead;
      return denseHead;
    },
    dispose: () => {
      if (denseHead && !(denseHead instanceof Error)) tf.dispose([denseHead.kernel, denseHead.bias]);
      model.dispose();
    },
  };
}
