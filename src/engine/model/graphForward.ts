// Runs a TF.js GraphModel as a classifier by executing the logits, softmax and feature nodes found by inspection.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { ForwardPass } from './forwardPass';
import type { GraphInspection } from './inspectGraph';

/** A forward pass over `model` using the node names in `found`. */
export function graphForward(model: tf.GraphModel, found: GraphInspection): ForwardPass {
  const { inputNode, head } = found;
  const nodeNames = new Set(found.inspection.layers.map((l) => l.name));
  const run = (x: tf.Tensor4D, nodes: string[]): tf.Tensor[] => {
    const out = model.execute({ [inputNode]: x }, nodes);
    return Array.isArray(out) ? out : [out];
  };
  return {
    logits: (x) => tf.tidy(() => run(x, [head.logitsNode])[0] as tf.Tensor2D),
    probabilities: (x) => tf.tidy(() => (head.softmaxNode
      ? run(x, [head.softmaxNode])[0] as tf.Tensor2D
      : tf.softmax(run(x, [head.logitsNode])[0] as tf.Tensor2D))),
    featuresAndLogits: (x, name) => {
      if (!nodeNames.has(name)) throw new UserFacingError(`The graph has no node named '${name}'.`, 'not-found');
      return tf.tidy(() => {
        const [features, logits] = run(x, [name, head.logitsNode]);
        if (features.rank !== 4) throw new UserFacingError(`Node '${name}' outputs a rank-${features.rank} tensor, not a feature map (height × width × channels).`);
        return { features: features as tf.Tensor4D, logits: logits as tf.Tensor2D };
      });
    },
    dispose: () => model.dispose(),
  };
}
