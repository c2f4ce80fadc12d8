// Reads the node list of a TF.js graph model.json and finds its classifier head: softmax, logits, dense matmuls, pooling, feature map.
import type * as tf from '@tensorflow/tfjs';
import type { HeadPooling } from './inspectionRules';

export interface GraphNode {
  name: string;
  op: string;
  /** Data inputs by node name (control inputs and ':k' output suffixes removed). */
  inputs: string[];
  /** Height and width of a pooling node's window (its NHWC `ksize`); null for other nodes. */
  window: [number, number] | null;
}

export interface GraphHead {
  /** The Softmax node producing the output, when there is one. */
  softmaxNode: string | null;
  /** The node whose output is the logits (the Softmax's input, or the output node). */
  logitsNode: string;
  pooling: HeadPooling;
  /** MatMul nodes between the pooling and the logits, input side first. */
  denseNodes: string[];
  /** The node whose output is pooled or flattened, or else the last convolution; null if neither exists. */
  featureNode: string | null;
  /**
   * Where a 1×1 map of pooled values can be fed to run the head after global pooling: the feature node itself when the
   * pooling is a reduction (the mean of a 1×1 map is the map), the pooling node when it is a whole-map window (a window
   * would not fit a 1×1 map); null without global pooling.
   */
  pooledMapNode: string | null;
}

/** What the head analysis needs from the loaded model besides the node list. */
export interface GraphLookups {
  /** A small Const node's integer values (such as reduction axes), or null. */
  constIntegers(name: string): number[] | null;
  /** The per-image output shapes (batch dimension removed) of the named nodes; runs the graph, so the walk asks it last. */
  outputShapes(names: string[]): number[][];
}

const convOps = new Set(['Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative']);
const denseOps = new Set(['MatMul', '_FusedMatMul']);
const biasOps = new Set(['BiasAdd', 'Add', 'AddV2']);
/** Ops that hand their input's values on unchanged (at most reshaped): followed to the softmax behind the output and through the head. */
const passThroughOps = new Set(['Identity', 'Reshape', 'Squeeze', 'StopGradient']);
const activationOps = new Set(['Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Sigmoid', 'Tanh']);
const flattenOps = new Set(['Reshape', 'Squeeze']);
const reduceOps: Record<string, HeadPooling> = { Mean: 'global-average', Max: 'global-max' };
const windowPoolOps: Record<string, HeadPooling> = { AvgPool: 'global-average', MaxPool: 'global-max' };

interface RawNode { name?: unknown; op?: unknown; input?: unknown; attr?: unknown }

const nodeName = (tensorName: string) => tensorName.replace(/:\d+$/, '');

/** The spatial size of a pooling window from a node's `ksize` attribute ([1, height, width, 1], NHWC). */
function poolWindow(attr: unknown): [number, number] | null {
  const ksize = (attr as { ksize?: { list?: { i?: unknown } } } | undefined)?.ksize?.list?.i;
  if (!Array.isArray(ksize) || ksize.length !== 4) return null;
  const [height, width] = [Number(ksize[1]), Number(ksize[2])];
  return Number.isInteger(height) && Number.isInteger(width) ? [height, width] : null;
}

/** The graph's nodes in file order (converters write them in topological order). */
export function graphNodes(json: tf.io.ModelJSON): GraphNode[] {
  const topology = json.modelTopology as { node?: RawNode[] };
  return (topology.node ?? []).map((node) => ({
    name: String(node.name),
    op: String(node.op),
    inputs: (Array.isArray(node.input) ? node.input.map(String) : []).filter((i) => !i.startsWith('^')).map(nodeName),
    window: windowPoolOps[String(node.op)] !== undefined ? poolWindow(node.attr) : null,
  }));
}

/**
 * The graph node behind a GraphModel input or output name. With a `signature` in model.json (tensorflowjs_converter
 * writes one) the model names its inputs and outputs by signature key ('output_0'), which maps to a tensor ('Identity:0').
 */
export function signatureNodeName(json: tf.io.ModelJSON, name: string, side: 'inputs' | 'outputs'): string {
  const entries = (json.signature as Record<string, unknown> | undefined)?.[side] as Record<string, { name?: unknown } | undefined> | undefined;
  const tensorName = entries?.[name]?.name;
  return typeof tensorName === 'string' ? nodeName(tensorName) : nodeName(name);
}

/** A pooling window is global when it spans the whole feature map and leaves one value per channel (a 1×1 output). */
function poolsWholeMap(pool: GraphNode, lookups: GraphLookups): boolean {
  if (!pool.window || pool.inputs.length === 0) return false;
  const [mapShape, pooledShape] = lookups.outputShapes([pool.inputs[0], pool.name]);
  return mapShape.length === 3 && pooledShape.length === 3 && mapShape[0] === pool.window[0] && mapShape[1] === pool.window[1]
    && pooledShape[0] === 1 && pooledShape[1] === 1;
}

/** Walks back from `outputNode` to find the softmax, logits, dense layers, pooling and feature map. */
export function analyseGraphHead(nodes: GraphNode[], outputNode: string, lookups: GraphLookups): GraphHead {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const isConst = (name: string) => byName.get(name)?.op === 'Const';
  const dataInput = (node: GraphNode) => node.inputs.find((i) => !isConst(i)) ?? node.inputs[0];
  const skipPassThrough = (name: string) => {
    let node = byName.get(name);
    while (node && passThroughOps.has(node.op) && node.inputs.length > 0) node = byName.get(node.inputs[0]);
    return node;
  };
  const isPooling = (node: GraphNode | undefined) => node !== undefined && (reduceOps[node.op] !== undefined || windowPoolOps[node.op] !== undefined);

  const output = skipPassThrough(outputNode);
  const softmaxNode = output?.op === 'Softmax' ? output.name : null;
  const logitsNode = softmaxNode && output ? output.inputs[0] : outputNode;
  const denseNodes: string[] = [];
  let pooling: HeadPooling = null;
  let featureNode: string | null = null;
  let pooledMapNode: string | null = null;
  let node = byName.get(logitsNode);
  while (node) {
    if (denseOps.has(node.op)) denseNodes.unshift(node.name);
    else if (reduceOps[node.op] !== undefined) {
      const axes = node.inputs[1] ? lookups.constIntegers(node.inputs[1]) : null;
      if (axes && axes.length === 2 && axes.includes(1) && axes.includes(2)) {
        pooling = reduceOps[node.op];
        featureNode = pooledMapNode = node.inputs[0];
      }
      break;
    } else if (windowPoolOps[node.op] !== undefined) {
      if (poolsWholeMap(node, lookups)) {
        pooling = windowPoolOps[node.op];
        featureNode = node.inputs[0];
        pooledMapNode = node.name;
      }
      break;
    } else if (flattenOps.has(node.op) && denseNodes.length > 0 && !isPooling(skipPassThrough(node.inputs[0]))) {
      // A reshape between the feature map and the first dense layer flattens the map (unless it only drops a pooled 1×1).
      pooling = 'flatten';
      featureNode = node.inputs[0];
      break;
    } else if (!biasOps.has(node.op) && !activationOps.has(node.op) && !passThroughOps.has(node.op)) break;
    node = byName.get(dataInput(node));
  }
  if (featureNode === null) featureNode = [...nodes].reverse().find((n) => convOps.has(n.op))?.name ?? null;
  return { softmaxNode, logitsNode, pooling, denseNodes, featureNode, pooledMapNode };
}
