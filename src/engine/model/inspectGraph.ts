// Inspects a TF.js GraphModel: input, nodes with their weight counts, softmax/logits, last feature map, CAM applicability.
import * as tf from '@tensorflow/tfjs';
import type { LayerSummary, ModelInspection } from '../../protocol/model';
import { UserFacingError } from '../errors';
import { type GraphHead, type GraphNode, analyseGraphHead, graphNodes, signatureNodeName } from './graphTopology';
import { camHeadInfo, imageInputShape } from './inspectionRules';

export interface GraphInspection {
  inspection: ModelInspection;
  head: GraphHead;
  /** The graph node fed with images (not a signature key). */
  inputNode: string;
  /** The graph node producing the class scores (not a signature key). */
  outputNode: string;
}

const structuralOps = new Set(['Const', 'Placeholder', 'Identity', 'NoOp']);

/** Element counts of every floating-point weight in the manifest, by node name. */
function floatWeightSizes(json: tf.io.ModelJSON): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const group of json.weightsManifest) {
    for (const entry of group.weights) {
      if (entry.dtype === 'float32') sizes.set(entry.name, entry.shape.reduce((a, b) => a * b, 1));
    }
  }
  return sizes;
}

function layerSummaries(nodes: GraphNode[], weightSizes: Map<string, number>): LayerSummary[] {
  return nodes.filter((n) => !structuralOps.has(n.op)).map((n) => ({
    name: n.name,
    className: n.op,
    outputShape: null,
    parameterCount: n.inputs.reduce((sum, input) => sum + (weightSizes.get(input) ?? 0), 0),
  }));
}

/**
 * Integer values of a small Const weight (such as reduction axes), read once at load time. A synchronous read is safe
 * here on every backend: before the graph first runs, its weights still hold their values on the host (webgpu, which
 * cannot read synchronously in Node, drops that copy only when a kernel first uploads the weight).
 */
function constIntegers(model: tf.GraphModel, name: string): number[] | null {
  const tensors = model.weights[name];
  return tensors && tensors.length === 1 && tensors[0].size <= 8 ? Array.from(tensors[0].dataSync()) : null;
}

/** Runs zeros through the model once to learn the per-image output shapes of `nodes` (the logits' width, a feature map's shape). */
function probeShapes(model: tf.GraphModel, inputNode: string, inputShape: [number, number, number], nodes: string[]): number[][] {
  return tf.tidy(() => {
    const outputs = model.execute({ [inputNode]: tf.zeros([1, ...inputShape]) }, nodes);
    return (Array.isArray(outputs) ? outputs : [outputs]).map((t) => t.shape.slice(1));
  });
}

/** Inspects `model` loaded from `path`, whose model.json is `json`. */
export function inspectGraphModel(model: tf.GraphModel, json: tf.io.ModelJSON, path: string): GraphInspection {
  const warnings: string[] = [];
  if (model.inputs.length !== 1) throw new UserFacingError(`${path} has ${model.inputs.length} inputs; Robustness Lens needs a classifier with one image input.`, 'unsupported');
  const inputShape = imageInputShape((model.inputs[0].shape ?? []).map((d) => (d < 0 ? null : d)), path);
  const inputNode = signatureNodeName(json, model.inputNodes[0], 'inputs');
  const outputNode = signatureNodeName(json, model.outputNodes[0], 'outputs');
  if (model.outputNodes.length !== 1) warnings.push(`The graph has ${model.outputNodes.length} outputs; only '${outputNode}' is treated as class scores.`);
  const nodes = graphNodes(json);
  const head = analyseGraphHead(nodes, outputNode, {
    constIntegers: (name) => constIntegers(model, name),
    outputShapes: (names) => probeShapes(model, inputNode, inputShape, names),
  });
  const probed = probeShapes(model, inputNode, inputShape, head.featureNode ? [head.logitsNode, head.featureNode] : [head.logitsNode]);
  const [logitsShape, featureShape] = probed;
  if (logitsShape.length !== 1) {
    throw new UserFacingError(`${path} produces output of shape [${logitsShape.join(', ')}] per image, not one score per class.`, 'unsupported');
  }
  let lastConvLayer: ModelInspection['lastConvLayer'] = null;
  if (head.featureNode && featureShape && featureShape.length === 3) lastConvLayer = { name: head.featureNode, shape: featureShape as [number, number, number] };
  else warnings.push('No node with a spatial (height × width × channels) output was found, so class activation maps are unavailable.');
  const weightSizes = floatWeightSizes(json);
  return {
    head, inputNode, outputNode,
    inspection: {
      path, format: 'tfjs-graph', inputShape, warnings, lastConvLayer,
      parameterCount: [...weightSizes.values()].reduce((a, b) => a + b, 0),
      layers: layerSummaries(nodes, weightSizes),
      numClasses: logitsShape[0],
      outputKind: head.softmaxNode ? 'softmax' : 'logits',
      logitsSource: head.softmaxNode ? head.logitsNode : null,
      camHead: camHeadInfo({ pooling: head.pooling, denseLayers: head.denseNodes, featureLayer: head.featureNode }),
    },
  };
}
