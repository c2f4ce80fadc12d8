// Inspects a tfjs LayersModel: input, layers, softmax/logits head, last convolutional feature map, CAM applicability.
import * as tf from '@tensorflow/tfjs';
import type { LayerSummary, ModelFormat, ModelInspection, ValueScaling } from '../../protocol/model';
import { UserFacingError } from '../errors';
import { type HeadPooling, camHeadInfo, imageInputShape } from './inspectionRules';
import { keepDimsPoolingMode, normalizationStatistics } from './kerasExtraLayers';

/** Where the logits are found in a LayersModel. */
export type LayersLogits =
  /** The model output is already logits. */
  | { kind: 'output' }
  /** The logits are the output of this layer, which feeds a Softmax / Activation('softmax') layer. */
  | { kind: 'layer'; layer: tf.layers.Layer }
  /** The last Dense layer has a softmax activation; the logits are its pre-activation. */
  | { kind: 'dense-preactivation'; dense: tf.layers.Layer };

export interface LayersInspection {
  inspection: ModelInspection;
  logits: LayersLogits;
}

const transparentClasses = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout', 'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'ThresholdedReLU']);
const poolingByClass: Record<string, HeadPooling> = { GlobalAveragePooling2D: 'global-average', GlobalMaxPooling2D: 'global-max', Flatten: 'flatten' };

function activationOf(layer: tf.layers.Layer): string | null {
  const activation = layer.getConfig().activation;
  return typeof activation === 'string' ? activation : null;
}

/** The single layer feeding `layer`, or null for inputs and merges. */
function inboundLayer(layer: tf.layers.Layer): tf.layers.Layer | null {
  const node = layer.inboundNodes[0];
  return node && node.inboundLayers.length === 1 ? node.inboundLayers[0] : null;
}

/** The output shape of a layer without batch (the first output's, for multi-output layers). */
function shapeWithoutBatch(layer: tf.layers.Layer): (number | null)[] | null {
  let shape: unknown;
  try {
    shape = layer.outputShape;
  } catch {
    return null;
  }
  const first = Array.isArray(shape) && Array.isArray(shape[0]) ? shape[0] : shape;
  return Array.isArray(first) ? (first as (number | null)[]).slice(1) : null;
}

function isSoftmaxLayer(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'Softmax' || (layer.getClassName() === 'Activation' && activationOf(layer) === 'softmax');
}

/** Finds the logits: a trailing Softmax layer's input, a softmax Dense's pre-activation, or the output itself. */
function findLogits(output: tf.layers.Layer): { logits: LayersLogits; logitsSource: string | null; headTop: tf.layers.Layer } {
  if (isSoftmaxLayer(output)) {
    const source = inboundLayer(output);
    if (source) return { logits: { kind: 'layer', layer: source }, logitsSource: source.name, headTop: source };
  }
  if (output.getClassName() === 'Dense' && activationOf(output) === 'softmax') {
    return { logits: { kind: 'dense-preactivation', dense: output }, logitsSource: output.name, headTop: output };
  }
  return { logits: { kind: 'output' }, logitsSource: null, headTop: output };
}

/** Whether `layer`'s input is a 1 × 1 map or a flat vector: on it a 1 × 1 convolution is a dense layer and a reshape or flatten changes nothing. */
function actsOnVector(layer: tf.layers.Layer): boolean {
  const input = layer.inboundNodes[0]?.inboundLayers[0];
  const shape = input ? shapeWithoutBatch(input) : null;
  return shape !== null && (shape.length === 1 || (shape.length === 3 && shape[0] === 1 && shape[1] === 1));
}

/** The pooling a layer performs over the whole map: Keras's global pooling layers, keepdims ones included. */
function globalPoolingOf(layer: tf.layers.Layer): HeadPooling {
  const keepDims = keepDimsPoolingMode(layer);
  if (keepDims) return keepDims === 'average' ? 'global-average' : 'global-max';
  return poolingByClass[layer.getClassName()] ?? null;
}

/**
 * Walks down from the logits through dense and pass-through layers to the pooling or flatten layer. On the pooled
 * vector a 1 × 1 Conv2D is a dense layer, and Reshape or Flatten pass it through (keras.applications.MobileNet's head:
 * keepdims pooling, 1 × 1 conv, reshape).
 */
function walkHead(headTop: tf.layers.Layer): { pooling: HeadPooling; denseLayers: string[]; featureLayer: tf.layers.Layer | null } {
  const denseLayers: string[] = [];
  let layer: tf.layers.Layer | null = headTop;
  while (layer) {
    const className = layer.getClassName();
    const onVector = actsOnVector(layer);
    if (className === 'Dense' || (className === 'Conv2D' && onVector)) denseLayers.unshift(layer.name);
    else if ((className === 'Reshape' || className === 'Flatten') && onVector) { /* passes the pooled vector through */ }
    else if (globalPoolingOf(layer) !== null) return { pooling: globalPoolingOf(layer), denseLayers, featureLayer: inboundLayer(layer) };
    else if (!transparentClasses.has(className)) break;
    layer = inboundLayer(layer);
  }
  return { pooling: null, denseLayers, featureLayer: null };
}

/** A rank-4 feature map's H×W×C, or null when the layer's output is not a fully known rank-4 map larger than 1 × 1 (a 1 × 1 map has nothing to localise). */
function featureMapShape(layer: tf.layers.Layer): [number, number, number] | null {
  const shape = shapeWithoutBatch(layer);
  const known = shape && shape.length === 3 && shape.every((d) => typeof d === 'number') ? shape as [number, number, number] : null;
  return known && known[0] * known[1] > 1 ? known : null;
}

/** The layer `layer` feeds when it has exactly one consumer, else null. */
function onlyConsumer(layer: tf.layers.Layer): tf.layers.Layer | null {
  const consumers = new Set(layer.outboundNodes.map((node) => node.outboundLayer));
  return consumers.size === 1 ? [...consumers][0] : null;
}

/** A Normalization layer's statistics as "mean [a, b, c], std [d, e, f]" (std = √variance). */
function describeNormalization(layer: tf.layers.Layer): { text: string; mean: number[] } | null {
  const stats = normalizationStatistics(layer);
  if (!stats) return null;
  const list = (values: number[]): string => `[${values.map((v) => Number(v.toPrecision(4))).join(', ')}]`;
  return { text: `Normalization '${layer.name}' (mean ${list(stats.mean)}, std ${list(stats.variance.map(Math.sqrt))})`, mean: stats.mean };
}

/**
 * The scaling a guessed profile should use when the model prepares its own input. A first Rescaling layer (Keras's
 * `Rescaling(1/255)`, or `1/127.5, offset −1`, often followed by a Normalization) expects raw 0–255 pixels; a first
 * Normalization expects the range its mean was measured in: 0–255 when any channel mean exceeds 1.5, else [0, 1].
 * Null when the model starts with neither.
 */
export function inModelScaling(model: tf.LayersModel): { scaling: ValueScaling; note: string } | null {
  const first = model.layers.find((layer) => layer.getClassName() !== 'InputLayer');
  if (!first) return null;
  if (first.getClassName() === 'Rescaling') {
    const { scale, offset } = first.getConfig() as { scale?: number; offset?: number };
    const next = onlyConsumer(first);
    const normalization = next ? describeNormalization(next) : null;
    const then = normalization ? `, then ${normalization.text},` : '';
    return { scaling: { kind: 'raw255' }, note: `The model starts with a Rescaling layer '${first.name}' (scale ${scale ?? '?'}, offset ${offset ?? 0})${then} and so expects 0–255 pixels; the guessed profile feeds raw 0–255 values.` };
  }
  const normalization = describeNormalization(first);
  if (!normalization) return null;
  const pixelRange = normalization.mean.some((m) => m > 1.5);
  return pixelRange
    ? { scaling: { kind: 'raw255' }, note: `The model starts with ${normalization.text}, measured on 0–255 pixels, so the guessed profile feeds raw 0–255 values.` }
    : { scaling: { kind: 'unit' }, note: `The model starts with ${normalization.text}, measured on [0, 1] pixels, so the guessed profile feeds [0, 1] values.` };
}

/** Inspects `model`, loaded from `path` in `format`; throws a UserFacingError when it is not a single-input image classifier. */
export function inspectLayersModel(model: tf.LayersModel, path: string, format: ModelFormat): LayersInspection {
  const warnings: string[] = [];
  if (model.inputs.length !== 1) throw new UserFacingError(`${path} has ${model.inputs.length} inputs; Robustness Lens needs a classifier with one image input.`, 'unsupported');
  const inputShape = imageInputShape(model.inputs[0].shape, path);
  if (model.outputs.length !== 1) warnings.push(`The model has ${model.outputs.length} outputs; only the first is treated as class scores.`);
  const outputShape = model.outputs[0].shape;
  const numClasses = outputShape[outputShape.length - 1];
  if (outputShape.length !== 2 || numClasses === null) {
    throw new UserFacingError(`${path} outputs shape [${outputShape.map((d) => d ?? '?').join(', ')}], not one score per class ([batch, classes]).`, 'unsupported');
  }
  const outputLayer = model.outputs[0].sourceLayer;
  const { logits, logitsSource, headTop } = findLogits(outputLayer);
  const head = walkHead(headTop);
  const layers: LayerSummary[] = model.layers.map((layer) => ({ name: layer.name, className: layer.getClassName(), outputShape: shapeWithoutBatch(layer), parameterCount: layer.countParams() }));
  const lastConv = [...(head.featureLayer ? [head.featureLayer] : []), ...[...model.layers].reverse()]
    .filter((layer) => layer.getClassName() !== 'InputLayer')
    .map((layer) => ({ name: layer.name, shape: featureMapShape(layer) }))
    .find((candidate) => candidate.shape !== null);
  if (!lastConv) warnings.push('No layer with a spatial (height × width × channels) output larger than 1 × 1 was found, so class activation maps are unavailable.');
  return {
    logits,
    inspection: {
      path, format, inputShape, layers, numClasses, logitsSource, warnings,
      parameterCount: model.countParams(),
      outputKind: logits.kind === 'output' ? 'logits' : 'softmax',
      lastConvLayer: lastConv ? { name: lastConv.name, shape: lastConv.shape as [number, number, number] } : null,
      camHead: camHeadInfo({ pooling: head.pooling, denseLayers: head.denseLayers, featureLayer: head.featureLayer?.name ?? null }),
    },
  };
}
