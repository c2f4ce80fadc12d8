// Runs a TF.js GraphModel as a classifier by executing the logits, softmax and feature nodes found by inspection,
// feeding a feature node by name to run the head alone.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import { ProbedDenseHead } from './denseHeadProbe';
import type { ForwardPass } from './forwardPass';
import type { GraphInspection } from './inspectGraph';

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
  const featureShape = found.inspection.lastConvLayer?.shape;
  // The probe's 1×1 maps go where the head takes pooled values: the feature node, or the output of a pooling window
  // that spans the whole map.
  const { pooledMapNode } = head;
  const denseHead = await ProbedDenseHead.probe(found.inspection.camHead.applicable && denseLayer && pooledMapNode && featureShape
    ? { head: (pooled) => headFromFeatures(pooled, pooledMapNode), channels: featureShape[2], denseNode: denseLayer }
    : null);
  const probabilities = (x: tf.Tensor4D): tf.Tensor2D => tf.tidy(() => (head.softmaxNode
    ? run({ [inputNode]: x }, [head.softmaxNode])[0] as tf.Tensor2D
    : tf.softmax(run({ [inputNode]: x }, [head.logitsNode])[0] as tf.Tensor2D)));
  return {
    logits: (x) => tf.tidy(() => run({ [inputNode]: x }, [head.logitsNode])[0] as tf.Tensor2D),
    probabilities,
    predict: async (x) => probabilities(x),
    featuresAndLogits: (x, name) => {
      checkNode(name);
      return tf.tidy(() => {
        const [features, logits] = run({ [inputNode]: x }, [name, head.logitsNode]);
        if (features.rank !== 4) throw new UserFacingError(`Node '${name}' outputs a rank-${features.rank} tensor, not a feature map (height × width × channels).`);
        return { features: features as tf.Tensor4D, logits: logits as tf.Tensor2D };
      });
    },
    headFromFeatures,
    denseHeadWeights: (denseNode) => denseHead.weights(denseNode),
    dispose: () => {
      denseHead.dispose();
      model.dispose();
    },
  };
}
