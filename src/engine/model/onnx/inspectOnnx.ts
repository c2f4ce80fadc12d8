// Reads what an ONNX classifier is from its graph alone: the image input and its layout, the softmax and the logits
// feeding it, the feature map that feeds the global pooling, whether classic CAM applies, and normalisation baked in
// at the input. Shapes the graph does not state are measured by the caller and passed in.
import type { LayerSummary, ModelInspection } from '../../../protocol/model';
import { UserFacingError } from '../../errors';
import { type HeadPooling, camHeadInfo, imageInputShape } from '../inspectionRules';
import type { OnnxGraph, OnnxNode } from './onnxFile';
import { intsAttr } from './onnxOps';
import { OnnxDataType } from './onnxSchema';

/** The graph's structure as the forward pass needs it. */
export interface OnnxStructure {
  inputName: string;
  /** How the graph lays out its image input: PyTorch writes NCHW, converters from TensorFlow may keep NHWC. */
  layout: 'NCHW' | 'NHWC';
  /** NHWC image shape without the batch. */
  inputShape: [number, number, number];
  /** The batch size baked into the graph (torch.onnx.export without dynamic axes), or null when it is dynamic. */
  fixedBatch: number | null;
  outputName: string;
  logitsValue: string;
  softmaxValue: string | null;
  /** The value the global pooling (or flatten) reads: the default layer for CAM-family maps. */
  featureValue: string | null;
  pooling: HeadPooling;
  /** Gemm / MatMul nodes between the pooling and the logits, input side first. */
  denseNodes: string[];
  /** Operators between the pooling and the logits that are not affine (a LayerNorm's division, an activation). */
  nonAffineHeadOps: string[];
  /** True when the head reads a transformer's class token rather than pooling a feature map. */
  classTokenHead: boolean;
  /** Normalisation the graph applies to its own input (Sub/Div or Mul/Add by per-channel constants), if any. */
  bakedNormalisation: string | null;
}

/** Operators that pass a value through without changing what it means for the head walk. */
const passThroughOps = new Set(['Identity', 'Flatten', 'Reshape', 'Squeeze', 'Unsqueeze', 'Dropout', 'Cast']);
/** Where the head walk gives up: the backbone has been reached without finding a pooling step. */
const backboneOps = new Set(['Conv', 'ConvTranspose', 'MaxPool', 'AveragePool']);
const headWalkLimit = 64;

class GraphIndex {
  readonly producer = new Map<string, OnnxNode>();
  readonly consumers = new Map<string, OnnxNode[]>();
  // The stored arrays, not copies: a ResNet-18's initializers copied to number arrays took 0.6 s and 100 MB of heap.
  private readonly constantValues = new Map<string, ArrayLike<number>>();

  constructor(readonly graph: OnnxGraph) {
    for (const node of graph.nodes) {
      for (const output of node.outputs) if (output) this.producer.set(output, node);
      for (const input of node.inputs) if (input) this.consumers.set(input, [...(this.consumers.get(input) ?? []), node]);
      const value = node.opType === 'Constant' ? node.attributes.get('value') : undefined;
      if (value?.kind === 'tensor') this.constantValues.set(node.outputs[0], value.value.values);
    }
    for (const [name, c] of graph.initializers) this.constantValues.set(name, c.values);
  }

  isConstant(name: string): boolean {
    return this.constantValues.has(name);
  }

  constant(name: string | undefined): number[] | null {
    const values = name ? this.constantValues.get(name) : undefined;
    return values ? Array.from(values) : null;
  }

  /** The first input of `node` that is computed from the image rather than stored. */
  dataInput(node: OnnxNode): string | null {
    return node.inputs.find((i) => i !== '' && !this.isConstant(i)) ?? null;
  }
}

/** The single float image input and its layout; anything else is refused with a message that names what was found. */
function imageInput(graph: OnnxGraph, name: string): Pick<OnnxStructure, 'inputName' | 'layout' | 'inputShape' | 'fixedBatch'> {
  if (graph.inputs.length !== 1) {
    const names = graph.inputs.map((i) => `'${i.name}'`).join(', ');
    throw new UserFacingError(`${name} has ${graph.inputs.length} inputs (${names}); Robustness Lens needs a classifier with one image input. Export the model with a single image tensor as its argument.`, 'unsupported');
  }
  const input = graph.inputs[0];
  const shape = input.shape;
  if (input.elemType !== OnnxDataType.FLOAT || !shape || shape.length !== 4) {
    const described = shape ? `[${shape.map((d) => d ?? '?').join(', ')}]` : 'of unknown shape';
    throw new UserFacingError(`${name} takes '${input.name}' ${described}${input.elemType !== OnnxDataType.FLOAT ? ' (not float32)' : ''}, which is not a batch of images (batch × channels × height × width). Robustness Lens analyses image classifiers only.`, 'unsupported');
  }
  const channelsFirst = shape[1] === 1 || shape[1] === 3;
  const layout = channelsFirst || !(shape[3] === 1 || shape[3] === 3) ? 'NCHW' : 'NHWC';
  const nhwc = layout === 'NCHW' ? [shape[0], shape[2], shape[3], shape[1]] : shape;
  return { inputName: input.name, layout, inputShape: imageInputShape(nhwc, name), fixedBatch: shape[0] !== null && shape[0] > 0 ? shape[0] : null };
}

/** Sub/Div or Mul/Add of the raw input by constants of one value per channel: normalisation exported with the model. */
function bakedNormalisation(index: GraphIndex, inputName: string): string | null {
  const consumers = index.consumers.get(inputName) ?? [];
  if (consumers.length !== 1) return null;
  const [node] = consumers;
  if (!['Sub', 'Div', 'Mul', 'Add'].includes(node.opType) || node.inputs[0] !== inputName) return null;
  const constant = index.constant(node.inputs[1]);
  return constant && (constant.length === 1 || constant.length === 3) ? `${node.opType} node '${node.name}'` : null;
}

/** Spatial axes of a ReduceMean / ReduceMax over an NCHW value, from its attribute (opset < 18) or its axes input. */
function reducesSpatialAxes(index: GraphIndex, node: OnnxNode): boolean {
  const axes = intsAttr(node, 'axes') ?? index.constant(node.inputs[1]);
  if (!axes || axes.length !== 2) return false;
  const sorted = [...axes].sort((a, b) => a - b).join(',');
  return sorted === '2,3' || sorted === '-2,-1';
}

type HeadWalk = Pick<OnnxStructure, 'logitsValue' | 'softmaxValue' | 'featureValue' | 'pooling' | 'denseNodes' | 'nonAffineHeadOps' | 'classTokenHead'>;

/** A Gather of index 0 or a Slice of [0, 1) along axis 1 of a token sequence: the head reads the class token. */
function selectsFirstToken(index: GraphIndex, node: OnnxNode): boolean {
  if (node.opType === 'Gather') {
    const axis = node.attributes.get('axis');
    const indices = index.constant(node.inputs[1]);
    return axis?.kind === 'int' && axis.value === 1 && indices !== null && indices.length === 1 && indices[0] === 0;
  }
  if (node.opType === 'Slice') {
    const [starts, ends, axes] = [2, 3, 4].map((i) => index.constant(node.inputs[i - 1]));
    return starts?.[0] === 0 && ends?.[0] === 1 && axes?.length === 1 && axes[0] === 1;
  }
  return false;
}

/**
 * The default CAM layer of a class-token transformer, as pytorch-grad-cam documents for ViT: the output of the last
 * block's first LayerNorm (norm1). Blocks are pre-norm, so counting back from the final norm that feeds the class
 * token, norm2 then norm1 of the last block come before it in graph order. Falls back to the final norm's input.
 */
function lastBlockNorm1(index: GraphIndex, tokens: string): string {
  let value = tokens;
  for (let node = index.producer.get(value); node && passThroughOps.has(node.opType); node = index.producer.get(value)) {
    const next = index.dataInput(node);
    if (!next) break;
    value = next;
  }
  const norms = index.graph.nodes.filter((n) => n.opType === 'LayerNormalization');
  const finalNorm = norms.findIndex((n) => n.outputs[0] === value);
  return finalNorm >= 2 ? norms[finalNorm - 2].outputs[0] : value;
}

/** An Add, Sub or Mul with a stored operand: a bias or a fixed scale, which keeps the head affine. */
function isBiasOrScale(index: GraphIndex, node: OnnxNode): boolean {
  return ['Add', 'Sub', 'Mul'].includes(node.opType) && node.inputs.some((i) => index.isConstant(i));
}

/** Walks back from the output: past a softmax to the logits, then through the head to the global pooling and the feature map it reads. */
function walkHead(index: GraphIndex, outputName: string): HeadWalk {
  const skipPassThrough = (value: string): string => {
    let v = value;
    for (let node = index.producer.get(v); node && passThroughOps.has(node.opType); node = index.producer.get(v)) {
      const next = index.dataInput(node);
      if (!next) break;
      v = next;
    }
    return v;
  };
  let logitsValue = skipPassThrough(outputName);
  let softmaxValue: string | null = null;
  const last = index.producer.get(logitsValue);
  if (last?.opType === 'Softmax' && index.dataInput(last)) {
    softmaxValue = logitsValue;
    logitsValue = skipPassThrough(index.dataInput(last) as string);
  }
  const denseNodes: string[] = [];
  const nonAffineHeadOps: string[] = [];
  let flattened: string | null = null;
  let value = logitsValue;
  for (let step = 0; step < headWalkLimit; step++) {
    const node = index.producer.get(value);
    const next = node ? index.dataInput(node) : null;
    if (!node || !next) break;
    const found = (pooling: HeadPooling, featureValue: string | null, classTokenHead = false): HeadWalk => ({ logitsValue, softmaxValue, featureValue, pooling, denseNodes, nonAffineHeadOps, classTokenHead });
    if (selectsFirstToken(index, node)) return found(null, lastBlockNorm1(index, next), true);
    if (node.opType === 'GlobalAveragePool') return found('global-average', next);
    if (node.opType === 'GlobalMaxPool') return found('global-max', next);
    if ((node.opType === 'ReduceMean' || node.opType === 'ReduceMax') && reducesSpatialAxes(index, node)) return found(node.opType === 'ReduceMean' ? 'global-average' : 'global-max', next);
    if (backboneOps.has(node.opType)) return flattened ? found('flatten', flattened) : found(null, null);
    if (node.opType === 'Flatten' || node.opType === 'Reshape') flattened = next;
    else if (node.opType === 'Gemm' || node.opType === 'MatMul') denseNodes.unshift(node.name);
    else if (!passThroughOps.has(node.opType) && !isBiasOrScale(index, node)) nonAffineHeadOps.push(node.opType);
    value = next;
  }
  return { logitsValue, softmaxValue, featureValue: null, pooling: null, denseNodes, nonAffineHeadOps, classTokenHead: false };
}

/** Reads the structure of `graph`, refusing graphs that are not single-image-input classifiers. */
export function analyseOnnxGraph(graph: OnnxGraph, name: string): OnnxStructure {
  const index = new GraphIndex(graph);
  const input = imageInput(graph, name);
  if (graph.outputs.length === 0) throw new UserFacingError(`${name} has no outputs.`, 'unsupported');
  const outputName = graph.outputs[0].name;
  return { ...input, outputName, ...walkHead(index, outputName), bakedNormalisation: bakedNormalisation(index, input.inputName) };
}

/** One summary row per computing node, with the float weights it reads. */
function layerSummaries(graph: OnnxGraph): LayerSummary[] {
  const floatSize = (name: string): number => {
    const c = graph.initializers.get(name);
    return c && c.kind === 'float' ? c.values.length : 0;
  };
  return graph.nodes.filter((n) => n.opType !== 'Constant' && n.opType !== 'Identity').map((n) => ({
    name: n.name || n.outputs[0],
    className: n.opType,
    outputShape: null,
    parameterCount: n.inputs.reduce((sum, input) => sum + floatSize(input), 0),
  }));
}

/** What the panels and the CLI show for the graph, given the measured logits width and feature map shape (H×W×C). */
export function onnxInspection(graph: OnnxGraph, structure: OnnxStructure, numClasses: number, featureShape: [number, number, number] | null, warnings: string[]): ModelInspection {
  const { pooling, denseNodes, featureValue, nonAffineHeadOps } = structure;
  let camHead = camHeadInfo({ pooling, denseLayers: denseNodes, featureLayer: featureValue });
  if (structure.classTokenHead) {
    camHead = { applicable: false, denseLayer: null, reason: `The head reads the class token, not a pooled feature map, so classic CAM does not apply. Grad-CAM uses the patch tokens of '${featureValue}' laid out on the patch grid (class token dropped), as pytorch-grad-cam does for ViTs.` };
  } else if (camHead.applicable && nonAffineHeadOps.length > 0) {
    camHead = { applicable: false, denseLayer: null, reason: `Between the global average pooling and '${denseNodes[0]}' the head applies ${[...new Set(nonAffineHeadOps)].join(', ')} (a normalisation or activation), so the logits are not a weighted sum of the feature map and classic CAM does not apply; use Grad-CAM instead.` };
  }
  if (featureValue && !featureShape) warnings.push(`The value '${featureValue}' the head pools is not a feature map (height × width × channels), so class activation maps need a layer named explicitly.`);
  if (!featureValue) warnings.push('No global pooling of a convolutional feature map was found before the classifier, so CAM-family maps need a layer named explicitly.');
  let parameterCount = 0;
  for (const c of graph.initializers.values()) if (c.kind === 'float') parameterCount += c.values.length;
  return {
    path: graph.path,
    format: 'onnx',
    inputShape: structure.inputShape,
    parameterCount,
    layers: layerSummaries(graph),
    numClasses,
    outputKind: structure.softmaxValue ? 'softmax' : 'logits',
    logitsSource: structure.softmaxValue ? structure.logitsValue : null,
    lastConvLayer: featureValue && featureShape ? { name: featureValue, shape: featureShape } : null,
    camHead,
    warnings,
  };
}
