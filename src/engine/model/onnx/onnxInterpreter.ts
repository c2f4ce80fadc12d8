// Runs an ONNX graph with tfjs ops, so gradients flow through it on every tfjs backend. Weights become backend tensors
// once (convolution filters in tfjs layout, batch norms folded); a run computes only the nodes its outputs need and can
// start from any intermediate value (to run a classifier's head alone on a feature map).
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../../errors';
import type { OnnxGraph, OnnxNode } from './onnxFile';
import { type OpContext, type PreparedWeights, constantValue, floatAttr, foldBatchNorm, intAttr, onnxOperators, prepareConvFilter } from './onnxOps';
import { type Value, logical } from './onnxValues';

/** Operators of `graph` the interpreter does not implement, as "OpType (node 'name')", first occurrence of each. */
export function unsupportedOperators(graph: OnnxGraph): string[] {
  const seen = new Map<string, string>();
  for (const node of graph.nodes) {
    const key = node.domain ? `${node.domain}.${node.opType}` : node.opType;
    if ((node.domain !== '' || !(node.opType in onnxOperators)) && !seen.has(key)) seen.set(key, `${key} (node '${node.name}')`);
  }
  return [...seen.values()];
}

/** A node left in training mode (BatchNormalization with training_mode = 1 or running-stat outputs, Dropout told to train). */
export function trainingModeNode(graph: OnnxGraph): OnnxNode | null {
  const constants = new Map<string, number>();
  for (const [name, c] of graph.initializers) if (c.values.length === 1) constants.set(name, c.values[0]);
  for (const node of graph.nodes) {
    if (node.opType === 'Constant') {
      const v = node.attributes.get('value');
      if (v?.kind === 'tensor' && v.value.values.length === 1) constants.set(node.outputs[0], v.value.values[0]);
    }
    if (node.opType === 'BatchNormalization' && (intAttr(node, 'training_mode', 0) === 1 || node.outputs.slice(1).some((o) => o !== ''))) return node;
    if (node.opType === 'Dropout' && node.inputs[2] && constants.get(node.inputs[2])) return node;
  }
  return null;
}

export class OnnxInterpreter {
  private readonly constants = new Map<string, Value>();
  private readonly prepared: PreparedWeights = new Map();
  private readonly producers = new Map<string, number>();

  constructor(private readonly graph: OnnxGraph) {
    const missing = unsupportedOperators(graph);
    if (missing.length > 0) {
      throw new UserFacingError(`This ONNX graph uses operators Robustness Lens cannot differentiate through: ${missing.join(', ')}. Predictions still run on ONNX Runtime; gradient analyses (Grad-CAM, FGSM, Puzzle Mix) need these operators.`, 'unsupported');
    }
    for (const [name, c] of graph.initializers) this.constants.set(name, constantValue(c));
    graph.nodes.forEach((node, index) => node.outputs.forEach((o) => { if (o) this.producers.set(o, index); }));
    for (const node of graph.nodes) this.prepare(node);
  }

  /** Filters and folded batch norms for nodes whose weights are initializers, computed once. */
  private prepare(node: OnnxNode): void {
    const constant = (i: number): tf.Tensor | null => {
      const v = node.inputs[i] ? this.constants.get(node.inputs[i]) : undefined;
      return v ? logical(v) : null;
    };
    if (node.opType === 'Conv') {
      const weight = constant(1);
      if (weight) this.prepared.set(node.name, prepareConvFilter(weight as tf.Tensor4D, intAttr(node, 'group', 1)));
    } else if (node.opType === 'BatchNormalization') {
      const params = [1, 2, 3, 4].map(constant);
      if (params.every((p): p is tf.Tensor => p !== null)) {
        this.prepared.set(node.name, foldBatchNorm(params[0], params[1], params[2], params[3], floatAttr(node, 'epsilon', 1e-5)));
      }
    }
  }

  /** Whether the graph has a value of this name. */
  has(name: string): boolean {
    return this.producers.has(name) || this.constants.has(name) || this.graph.inputs.some((i) => i.name === name);
  }

  /**
   * Computes `outputs` from `feeds` (graph inputs or intermediate values). Only nodes on a path from the feeds to the
   * outputs run. Call inside tf.tidy (or tf.grad): intermediate tensors are left to the caller's scope.
   */
  run(feeds: Map<string, Value>, outputs: string[]): Value[] {
    const needed = new Set<number>();
    const stack = [...outputs];
    while (stack.length > 0) {
      const name = stack.pop() as string;
      if (feeds.has(name) || this.constants.has(name)) continue;
      const index = this.producers.get(name);
      if (index === undefined) throw new UserFacingError(`The ONNX graph has no value '${name}' to compute (is an input missing?).`, 'not-found');
      if (needed.has(index)) continue;
      needed.add(index);
      for (const input of this.graph.nodes[index].inputs) if (input) stack.push(input);
    }
    const values = new Map<string, Value>([...this.constants, ...feeds]);
    for (const [index, node] of this.graph.nodes.entries()) {
      if (!needed.has(index)) continue;
      const inputs = node.inputs.map((name) => {
        if (!name) return null;
        const v = values.get(name);
        if (!v) throw new UserFacingError(`ONNX node '${node.name}' reads '${name}' before any node computes it; the graph is not in topological order.`);
        return v;
      });
      const ctx: OpContext = { node, opset: this.graph.opset, prepared: this.prepared };
      const results = onnxOperators[node.opType](inputs, ctx);
      node.outputs.forEach((name, i) => { if (name && results[i]) values.set(name, results[i]); });
    }
    return outputs.map((name) => values.get(name) as Value);
  }

  dispose(): void {
    for (const v of this.constants.values()) if (v.kind === 'device') v.tensor.dispose();
    for (const tensors of this.prepared.values()) tf.dispose(tensors);
    this.constants.clear();
    this.prepared.clear();
  }
}
