// Reads the node list of a TF.js graph model.json and finds its classifier head: softmax, logits, dense matmuls, pooling, feature map.
import type * as tf from '@tensorflow/tfjs';
import type { HeadPooling } from './inspectionRules';

export interface GraphNode {
  name: string;
  op: string;
  /** Data inputs by node name (control inputs and ':k' output suffixes removed). */
  inputs: string[];
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
}

const convOps = new Set(['Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative']);
const denseOps = new Set(['MatMul', '_FusedMatMul']);
const biasOps = new Set(['BiasAdd', 'Add', 'AddV2']);
const passThroughOps = new Set(['Identity', 'Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Sigmoid', 'Tanh']);
const flattenOps = new Set(['Reshape', 'Squeeze']);
const reduceOps: Record<string, HeadPooling> = { Mean: 'global-average', Max: 'global-max' };

interface RawNode { name?: unknown; op?: unknown; input?: unknown }

/** The graph's nodes in file order (converters write them in topological order). */
export function graphNodes(json: tf.io.ModelJSON): GraphNode[] {
  const topology = json.modelTopology as { node?: RawNode[] };
  return (topology.node ?? []).map((node) => ({
    name: String(node.name),
    op: String(node.op),
    inputs: (Array.isArray(node.input) ? node.input.map(String) : []).filter((i) => !i.startsWith('^')).map((i) => i.replace(/:\d+$/, '')),
  }));
}

/** Walks back from `outputNode` to find the softmax, logits, dense layers, pooling and feature map. `axesOf` returns a Const node's integer values. */
export function analyseGraphHead(nodes: GraphNode[], outputNode: string, axesOf: (constNode: string) => number[] | null): GraphHead {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const isConst = (name: string) => byName.get(name)?.op === 'Const';
  const dataInput = (node: GraphNode) => node.inputs.find((i) => !isConst(i)) ?? node.inputs[0];
  const skipIdentity = (name: string) => {
    let node = byName.get(name);
    while (node && node.op === 'Identity' && node.inputs.length > 0) node = byName.get(node.inputs[0]);
    return node;
  };

  const output = skipIdentity(outputNode);
  const softmaxNode = output?.op === 'Softmax' ? output.name : null;
  const logitsNode = softmaxNode && output ? output.inputs[0] : outputNode;
  const denseNodes: string[] = [];
  let pooling: HeadPooling = null;
  let featureNode: string | null = null;
  let node = byName.get(logitsNode);
  while (node && pooling === null) {
    if (denseOps.has(node.op)) denseNodes.unshift(node.name);
    else if (reduceOps[node.op] !== undefined) {
      const axes = node.inputs[1] ? axesOf(node.inputs[1]) : null;
      if (axes && axes.length === 2 && axes.includes(1) && axes.includes(2)) {
        pooling = reduceOps[node.op];
        featureNode = node.inputs[0];
      }
      break;
    } else if (flattenOps.has(node.op)) {
      const inner = byName.get(node.inputs[0]);
      if (!inner || reduceOps[inner.op] === undefined) {
        pooling = 'flatten';
        featureNode = node.inputs[0];
        break;
      }
    } else if (!biasOps.has(node.op) && !passThroughOps.has(node.op)) break;
    node = byName.get(dataInput(node));
  }
  if (featureNode === null) featureNode = [...nodes].reverse().find((n) => convOps.has(n.op))?.name ?? null;
  return { softmaxNode, logitsNode, pooling, denseNodes, featureNode };
}
