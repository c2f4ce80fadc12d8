// Runs a tfjs LayersModel as a classifier: logits, probabilities and feature maps through sub-models sharing its weights.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { ForwardPass } from './forwardPass';
import type { LayersLogits } from './inspectLayers';

/** The symbolic output of `layer` in the outer model (a nested model also has a node for its own inner graph). */
function outerOutput(layer: tf.layers.Layer): tf.SymbolicTensor {
  const output = layer.inboundNodes.length > 1 ? layer.getOutputAt(layer.inboundNodes.length - 1) : layer.output;
  return Array.isArray(output) ? output[0] : output;
}

/** The symbolic input of `layer` in the outer model. */
function outerInput(layer: tf.layers.Layer): tf.SymbolicTensor {
  const input = layer.inboundNodes.length > 1 ? layer.getInputAt(layer.inboundNodes.length - 1) : layer.input;
  return Array.isArray(input) ? input[0] : input;
}

/** A Dense layer's linear part (x·W + b), without its activation. */
function densePreactivation(dense: tf.layers.Layer, x: tf.Tensor): tf.Tensor2D {
  const kernel = dense.weights.find((w) => w.originalName.endsWith('kernel'));
  const bias = dense.weights.find((w) => w.originalName.endsWith('bias'));
  if (!kernel) throw new Error(`Dense layer '${dense.name}' has no kernel`);
  const product = tf.matMul(x as tf.Tensor2D, kernel.read() as tf.Tensor2D) as tf.Tensor2D;
  return bias ? tf.add(product, bias.read()) as tf.Tensor2D : product;
}

/** A forward pass over `model`, with logits located as inspection found them. */
export function layersForward(model: tf.LayersModel, located: LayersLogits): ForwardPass {
  // The tensor the logits are computed from: the model output, a layer's output, or a softmax Dense's input.
  const headTensor = located.kind === 'output' ? model.outputs[0] : located.kind === 'layer' ? outerOutput(located.layer) : outerInput(located.dense);
  const toLogits = (head: tf.Tensor): tf.Tensor2D => (located.kind === 'dense-preactivation' ? densePreactivation(located.dense, head) : head as tf.Tensor2D);
  const headModel = located.kind === 'output' ? model : tf.model({ inputs: model.inputs, outputs: headTensor });
  const featureModels = new Map<string, tf.LayersModel>();

  /** A sub-model returning [features of `name`, head tensor]; it shares the model's weights, so it is never disposed itself. */
  function featureModel(name: string): tf.LayersModel {
    let sub = featureModels.get(name);
    if (!sub) {
      let layer: tf.layers.Layer;
      try {
        layer = model.getLayer(name);
      } catch {
        throw new UserFacingError(`The model has no layer named '${name}'.`, 'not-found');
      }
      sub = tf.model({ inputs: model.inputs, outputs: [outerOutput(layer), headTensor] });
      featureModels.set(name, sub);
    }
    return sub;
  }

  return {
    logits: (x) => tf.tidy(() => toLogits(headModel.apply(x, { training: false }) as tf.Tensor)),
    probabilities: (x) => tf.tidy(() => (located.kind === 'output'
      ? tf.softmax(model.apply(x, { training: false }) as tf.Tensor2D)
      : model.apply(x, { training: false }) as tf.Tensor2D)),
    featuresAndLogits: (x, name) => {
      const sub = featureModel(name);
      return tf.tidy(() => {
        const [features, head] = sub.apply(x, { training: false }) as tf.Tensor[];
        if (features.rank !== 4) throw new UserFacingError(`Layer '${name}' outputs a rank-${features.rank} tensor, not a feature map (height × width × channels).`);
        return { features: features as tf.Tensor4D, logits: toLogits(head) };
      });
    },
    dispose: () => model.dispose(),
  };
}
