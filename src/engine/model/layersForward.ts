// Runs a tfjs LayersModel as a classifier: logits, probabilities and feature maps through sub-models sharing its weights,
// and the head re-applied to a feature map.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { DenseHeadWeights, ForwardPass } from './forwardPass';
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

/** A Dense layer's kernel and bias (the model's own variables); a 1 × 1 Conv2D's kernel [1, 1, C, K] stays 4-D here. */
function denseWeights(dense: tf.layers.Layer): { kernel: tf.Tensor; bias: tf.Tensor1D | null } {
  const kernel = dense.weights.find((w) => w.originalName.endsWith('kernel'));
  const bias = dense.weights.find((w) => w.originalName.endsWith('bias'));
  if (!kernel) throw new Error(`Dense layer '${dense.name}' has no kernel`);
  return { kernel: kernel.read(), bias: bias ? bias.read() as tf.Tensor1D : null };
}

/** A Dense layer's linear part (x·W + b), without its activation. */
function densePreactivation(dense: tf.layers.Layer, x: tf.Tensor): tf.Tensor2D {
  const { kernel, bias } = denseWeights(dense);
  const product = tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D) as tf.Tensor2D;
  return bias ? tf.add(product, bias) as tf.Tensor2D : product;
}

/** The layer of `model` named `name`, or a UserFacingError saying there is none. */
function layerNamed(model: tf.LayersModel, name: string): tf.layers.Layer {
  try {
    return model.getLayer(name);
  } catch {
    throw new UserFacingError(`The model has no layer named '${name}'.`, 'not-found');
  }
}

/**
 * The layers from just after `feature` to `last` (inclusive), in order, when they form a single chain inside `model`;
 * a UserFacingError when the path forks, merges or never reaches `last`.
 */
function chainAfter(model: tf.LayersModel, feature: tf.layers.Layer, last: tf.layers.Layer): tf.layers.Layer[] {
  const inModel = new Set(model.layers);
  const notAChain = (why: string): UserFacingError => new UserFacingError(
    `The layers after '${feature.name}' ${why}, so the head cannot be re-applied to that layer's feature map. Use the last convolutional layer (the default) instead.`,
    'unsupported',
  );
  if (feature === last) throw new UserFacingError(`'${feature.name}' outputs the logits themselves, not a feature map before them.`, 'unsupported');
  const chain: tf.layers.Layer[] = [];
  let current = feature;
  while (current !== last) {
    const outgoing = current.outboundNodes.filter((node) => inModel.has(node.outboundLayer));
    const consumers = new Set(outgoing.map((node) => node.outboundLayer));
    if (consumers.size === 0) throw notAChain('do not lead to the logits');
    if (consumers.size > 1) throw notAChain('branch');
    if (outgoing.some((node) => node.inboundLayers.length > 1)) throw notAChain('merge with other layers');
    current = outgoing[0].outboundLayer;
    chain.push(current);
  }
  return chain;
}

/** A forward pass over `model`, with logits located as inspection found them. */
export function layersForward(model: tf.LayersModel, located: LayersLogits): ForwardPass {
  // The tensor the logits are computed from: the model output, a layer's output, or a softmax Dense's input.
  const headTensor = located.kind === 'output' ? model.outputs[0] : located.kind === 'layer' ? outerOutput(located.layer) : outerInput(located.dense);
  const toLogits = (head: tf.Tensor): tf.Tensor2D => (located.kind === 'dense-preactivation' ? densePreactivation(located.dense, head) : head as tf.Tensor2D);
  const headModel = located.kind === 'output' ? model : tf.model({ inputs: model.inputs, outputs: headTensor });
  // The last layer of the head as logits() sees it; a softmax Dense is applied as its pre-activation instead.
  const headEnd = located.kind === 'output' ? model.outputs[0].sourceLayer : located.kind === 'layer' ? located.layer : located.dense;
  const featureModels = new Map<string, tf.LayersModel>();
  // A dense head layer's kernel as [channels, classes]: a 1 × 1 Conv2D's [1, 1, C, K] reshaped once, freed with the model.
  const flatKernels = new Map<string, tf.Tensor2D>();

  function denseHeadWeights(name: string): DenseHeadWeights {
    const { kernel, bias } = denseWeights(layerNamed(model, name));
    if (kernel.rank === 2) return { kernel: kernel as tf.Tensor2D, bias };
    let flat = flatKernels.get(name);
    if (!flat) {
      flat = tf.reshape(kernel, [-1, kernel.shape[kernel.rank - 1]]) as tf.Tensor2D;
      flatKernels.set(name, flat);
    }
    return { kernel: flat, bias };
  }
  const headChains = new Map<string, tf.layers.Layer[]>();

  /** A sub-model returning [features of `name`, head tensor]; it shares the model's weights, so it is never disposed itself. */
  function featureModel(name: string): tf.LayersModel {
    let sub = featureModels.get(name);
    if (!sub) {
      sub = tf.model({ inputs: model.inputs, outputs: [outerOutput(layerNamed(model, name)), headTensor] });
      featureModels.set(name, sub);
    }
    return sub;
  }

  /** The layers that turn the feature map of `name` into the logits, the last one ending at the logits. */
  function headChain(name: string): tf.layers.Layer[] {
    let chain = headChains.get(name);
    if (!chain) {
      chain = chainAfter(model, layerNamed(model, name), headEnd);
      headChains.set(name, chain);
    }
    return chain;
  }

  const probabilities = (x: tf.Tensor4D): tf.Tensor2D => tf.tidy(() => (located.kind === 'output'
    ? tf.softmax(model.apply(x, { training: false }) as tf.Tensor2D)
    : model.apply(x, { training: false }) as tf.Tensor2D));
  return {
    logits: (x) => tf.tidy(() => toLogits(headModel.apply(x, { training: false }) as tf.Tensor)),
    probabilities,
    predict: async (x) => probabilities(x),
    featuresAndLogits: (x, name) => {
      const sub = featureModel(name);
      return tf.tidy(() => {
        const [features, head] = sub.apply(x, { training: false }) as tf.Tensor[];
        if (features.rank !== 4) throw new UserFacingError(`Layer '${name}' outputs a rank-${features.rank} tensor, not a feature map (height × width × channels).`);
        return { features: features as tf.Tensor4D, logits: toLogits(head) };
      });
    },
    headFromFeatures: (features, name) => {
      const chain = headChain(name);
      return tf.tidy(() => {
        let x: tf.Tensor = features;
        chain.forEach((layer, i) => {
          const isLogitsDense = i === chain.length - 1 && located.kind === 'dense-preactivation';
          x = isLogitsDense ? densePreactivation(layer, x) : layer.apply(x, { training: false }) as tf.Tensor;
        });
        return x as tf.Tensor2D;
      });
    },
    denseHeadWeights,
    dispose: () => {
      tf.dispose([...flatKernels.values()]);
      model.dispose();
    },
  };
}
