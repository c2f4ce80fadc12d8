// The ONNX operators Robustness Lens interprets with tfjs ops (differentiable on every backend), each as ONNX's operator
// specification defines it (onnx.ai/onnx/operators), for the opsets SUPPORTED_OPSETS names. Image tensors stay channels-last.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../../errors';
import type { OnnxAttribute, OnnxConstant, OnnxNode } from './onnxFile';
import {
  type HostValue, type Value, broadcastShapes, channelsLast, device, host, hostElementwise, hostGather, hostSlice,
  hostValues, logical, logicalShape, normaliseAxis, physicalAxisOf, rangeLength, rankOf, sizeOf, sliceRanges, storedAxis, toChannelsLastPerm,
} from './onnxValues';

/** Weights an operator prepared once at load time (filters in tfjs layout, folded batch norms), by node name. */
export type PreparedWeights = Map<string, tf.Tensor[]>;

export interface OpContext { node: OnnxNode; opset: number; prepared: PreparedWeights }

/** One operator: inputs (null for an omitted optional one) to outputs. */
export type OperatorImpl = (inputs: (Value | null)[], ctx: OpContext) => Value[];

// ---- attributes ----

function attr(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attributes.get(name);
}

export function intAttr(node: OnnxNode, name: string, fallback: number): number {
  const a = attr(node, name);
  return a?.kind === 'int' ? a.value : fallback;
}

export function floatAttr(node: OnnxNode, name: string, fallback: number): number {
  const a = attr(node, name);
  return a?.kind === 'float' ? a.value : a?.kind === 'int' ? a.value : fallback;
}

export function intsAttr(node: OnnxNode, name: string): number[] | null {
  const a = attr(node, name);
  return a?.kind === 'ints' ? a.value : null;
}

function stringAttr(node: OnnxNode, name: string, fallback: string): string {
  const a = attr(node, name);
  return a?.kind === 'string' ? a.value : fallback;
}

export function constantValue(c: OnnxConstant): Value {
  if (c.kind === 'float' && sizeOf(c.dims) > 64) return device(tf.tensor(c.values, c.dims, 'float32'));
  return host(c.dims, Array.from(c.values), c.kind);
}

function what(ctx: OpContext): string {
  return `${ctx.node.opType} node '${ctx.node.name}'`;
}

function required(inputs: (Value | null)[], index: number, ctx: OpContext): Value {
  const v = inputs[index];
  if (!v) throw new UserFacingError(`${what(ctx)} is missing its input ${index + 1}.`);
  return v;
}

/** Axes given as an attribute (older opsets) or as an optional input (newer ones). */
function axesOf(inputs: (Value | null)[], inputIndex: number, ctx: OpContext): number[] | null {
  const fromAttr = intsAttr(ctx.node, 'axes');
  if (fromAttr) return fromAttr;
  const v = inputs[inputIndex];
  return v ? hostValues(v, `The axes of ${what(ctx)}`) : null;
}

// ---- layout alignment ----

/** A value broadcast-ready beside a channels-last rank-4 tensor: padded to rank 4 with leading ones, then stored N×H×W×C. */
function storedForBroadcast(value: Value): tf.Tensor {
  if (value.kind === 'device' && value.channelsLast) return value.tensor;
  const t = logical(value);
  const padded = t.rank < 4 ? tf.reshape(t, [...new Array<number>(4 - t.rank).fill(1), ...t.shape]) : t;
  return tf.transpose(padded, toChannelsLastPerm);
}

/** The operands of an elementwise op in one layout: channels-last when any operand is and the result is rank 4. */
function aligned(values: Value[]): { tensors: tf.Tensor[]; channelsLast: boolean } {
  const rank = Math.max(...values.map(rankOf));
  const anyChannelsLast = values.some((v) => v.kind === 'device' && v.channelsLast);
  const tensors = anyChannelsLast && rank === 4 ? values.map(storedForBroadcast) : values.map(logical);
  const isFloat = tensors.some((t) => t.dtype === 'float32');
  return { tensors: isFloat ? tensors.map((t) => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'))) : tensors, channelsLast: anyChannelsLast && rank === 4 };
}

function elementwise(hostFn: (...xs: number[]) => number, deviceFn: (...ts: tf.Tensor[]) => tf.Tensor, outDtype?: HostValue['dtype']): OperatorImpl {
  return (inputs, ctx) => {
    const values = inputs.filter((v): v is Value => v !== null);
    if (values.every((v): v is HostValue => v.kind === 'host')) {
      const dtype = outDtype ?? (values.some((v) => v.dtype === 'float') ? 'float' : values[0].dtype);
      return [hostElementwise(values, hostFn, dtype, what(ctx))];
    }
    const { tensors, channelsLast: cl } = aligned(values);
    return [device(deviceFn(...tensors), cl)];
  };
}

function unary(deviceFn: (t: tf.Tensor, ctx: OpContext) => tf.Tensor, hostFn?: (x: number) => number): OperatorImpl {
  return (inputs, ctx) => {
    const x = required(inputs, 0, ctx);
    if (hostFn && x.kind === 'host') return [hostElementwise([x], hostFn, x.dtype === 'bool' ? 'int' : x.dtype, what(ctx))];
    const t = x.kind === 'device' ? x.tensor : logical(x);
    return [device(deviceFn(t, ctx), x.kind === 'device' && x.channelsLast)];
  };
}

// ---- convolution and pooling ----

/** ONNX pads [top, left, bottom, right] (or auto_pad) as tfjs padding for an N×H×W×C input. */
function spatialPadding(ctx: OpContext, inputHW: [number, number], kernel: [number, number], strides: [number, number], dilations: [number, number]): [[number, number], [number, number], [number, number], [number, number]] {
  const autoPad = stringAttr(ctx.node, 'auto_pad', 'NOTSET');
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const pads = [0, 1].map((i) => {
      const out = Math.ceil(inputHW[i] / strides[i]);
      const total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - inputHW[i]);
      const small = Math.floor(total / 2);
      return autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
    });
    return [[0, 0], [pads[0][0], pads[0][1]], [pads[1][0], pads[1][1]], [0, 0]];
  }
  const pads = autoPad === 'VALID' ? [0, 0, 0, 0] : intsAttr(ctx.node, 'pads') ?? [0, 0, 0, 0];
  if (pads.length !== 4) throw new UserFacingError(`${what(ctx)} is not 2-D (pads [${pads.join(', ')}]); Robustness Lens interprets 2-D image models.`, 'unsupported');
  return [[0, 0], [pads[0], pads[2]], [pads[1], pads[3]], [0, 0]];
}

function pair(values: number[] | null, fallback: number): [number, number] {
  return values && values.length >= 2 ? [values[0], values[1]] : [fallback, fallback];
}

/** ONNX Conv weights [O, I/g, kh, kw] in tfjs layout: [kh, kw, I, O] (groups 1), [kh, kw, C, O/C] (depthwise), or per group. */
export function prepareConvFilter(weight: tf.Tensor4D, groups: number): tf.Tensor4D[] {
  return tf.tidy(() => {
    const [outChannels, perGroup, kh, kw] = weight.shape;
    if (groups === 1) return [tf.transpose(weight, [2, 3, 1, 0]) as tf.Tensor4D];
    if (perGroup === 1) {
      const multiplier = outChannels / groups;
      return [tf.transpose(tf.reshape(weight, [groups, multiplier, kh, kw]), [2, 3, 0, 1]) as tf.Tensor4D];
    }
    return tf.split(weight, groups, 0).map((w) => tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D);
  });
}

const conv: OperatorImpl = (inputs, ctx) => {
  const x = channelsLast(required(inputs, 0, ctx), what(ctx));
  const groups = intAttr(ctx.node, 'group', 1);
  const filters = ctx.prepared.get(ctx.node.name) ?? prepareConvFilter(logical(required(inputs, 1, ctx)) as tf.Tensor4D, groups);
  const kernelShape = [filters[0].shape[0], filters[0].shape[1]] as [number, number];
  const strides = pair(intsAttr(ctx.node, 'strides'), 1);
  const dilations = pair(intsAttr(ctx.node, 'dilations'), 1);
  const pad = spatialPadding(ctx, [x.shape[1], x.shape[2]], kernelShape, strides, dilations);
  let y: tf.Tensor4D;
  if (groups === 1) y = tf.conv2d(x, filters[0] as tf.Tensor4D, strides, pad, 'NHWC', dilations);
  else if (filters.length === 1) {
    // Depthwise: tfjs cannot stride and dilate at once, so dilation with stride runs at stride 1 and subsamples.
    const bothSet = (strides[0] > 1 || strides[1] > 1) && (dilations[0] > 1 || dilations[1] > 1);
    y = tf.depthwiseConv2d(x, filters[0] as tf.Tensor4D, bothSet ? 1 : strides, pad, 'NHWC', dilations) as tf.Tensor4D;
    if (bothSet) y = tf.stridedSlice(y, [0, 0, 0, 0], y.shape, [1, strides[0], strides[1], 1]) as tf.Tensor4D;
  } else {
    const parts = tf.split(x, groups, 3);
    y = tf.concat(parts.map((part, g) => tf.conv2d(part as tf.Tensor4D, filters[g] as tf.Tensor4D, strides, pad, 'NHWC', dilations)), 3);
  }
  const bias = inputs[2];
  return [device(bias ? tf.add(y, logical(bias)) : y, true)];
};

const convTranspose: OperatorImpl = (inputs, ctx) => {
  const x = channelsLast(required(inputs, 0, ctx), what(ctx));
  if (intAttr(ctx.node, 'group', 1) !== 1) throw new UserFacingError(`${what(ctx)} is a grouped transposed convolution, which Robustness Lens does not interpret.`, 'unsupported');
  const weight = logical(required(inputs, 1, ctx)) as tf.Tensor4D; // [I, O, kh, kw]
  const filter = tf.transpose(weight, [2, 3, 1, 0]) as tf.Tensor4D; // [kh, kw, O, I]
  const [kh, kw, outChannels] = filter.shape;
  const strides = pair(intsAttr(ctx.node, 'strides'), 1);
  const dilations = pair(intsAttr(ctx.node, 'dilations'), 1);
  if (dilations[0] !== 1 || dilations[1] !== 1) throw new UserFacingError(`${what(ctx)} is dilated, which Robustness Lens does not interpret for transposed convolutions.`, 'unsupported');
  const pads = intsAttr(ctx.node, 'pads') ?? [0, 0, 0, 0];
  const outputPadding = pair(intsAttr(ctx.node, 'output_padding'), 0);
  // ONNX ConvTranspose: out = stride·(in − 1) + output_padding + kernel − pad_begin − pad_end.
  const full = [0, 1].map((i) => strides[i] * (x.shape[i + 1] - 1) + [kh, kw][i] + outputPadding[i]);
  const y = tf.conv2dTranspose(x, filter, [x.shape[0], full[0], full[1], outChannels], strides, 'valid');
  const cropped = tf.slice(y, [0, pads[0], pads[1], 0], [-1, full[0] - pads[0] - pads[2], full[1] - pads[1] - pads[3], -1]);
  const bias = inputs[2];
  return [device(bias ? tf.add(cropped, logical(bias)) : cropped, true)];
};

/** Extra bottom/right padding that makes a pooling window count come out as ceil rather than floor (ceil_mode = 1). */
function ceilExtra(size: number, kernel: number, stride: number, padBegin: number, padEnd: number, dilation: number): number {
  const span = size + padBegin + padEnd - ((kernel - 1) * dilation + 1);
  const floorOut = Math.floor(span / stride) + 1;
  let ceilOut = Math.ceil(span / stride) + 1;
  // ONNX (like PyTorch) drops a last window that would start in the end padding.
  if ((ceilOut - 1) * stride >= size + padBegin) ceilOut -= 1;
  return Math.max(0, (ceilOut - floorOut) * stride);
}

function poolGeometry(x: tf.Tensor4D, ctx: OpContext): { kernel: [number, number]; strides: [number, number]; dilations: [number, number]; pad: ReturnType<typeof spatialPadding>; extra: [number, number] } {
  const kernel = pair(intsAttr(ctx.node, 'kernel_shape'), 1);
  const strides = pair(intsAttr(ctx.node, 'strides'), 1);
  const dilations = pair(intsAttr(ctx.node, 'dilations'), 1);
  const pad = spatialPadding(ctx, [x.shape[1], x.shape[2]], kernel, strides, dilations);
  const ceil = intAttr(ctx.node, 'ceil_mode', 0) === 1;
  const extra: [number, number] = ceil
    ? [ceilExtra(x.shape[1], kernel[0], strides[0], pad[1][0], pad[1][1], dilations[0]), ceilExtra(x.shape[2], kernel[1], strides[1], pad[2][0], pad[2][1], dilations[1])]
    : [0, 0];
  return { kernel, strides, dilations, pad, extra };
}

const maxPool: OperatorImpl = (inputs, ctx) => {
  if (ctx.node.outputs.length > 1 && ctx.node.outputs[1] !== '') throw new UserFacingError(`${what(ctx)} asks for argmax indices, which Robustness Lens does not compute.`, 'unsupported');
  const x = channelsLast(required(inputs, 0, ctx), what(ctx));
  const { kernel, strides, dilations, pad, extra } = poolGeometry(x, ctx);
  if (dilations[0] !== 1 || dilations[1] !== 1) throw new UserFacingError(`${what(ctx)} is a dilated max pool, which Robustness Lens does not interpret.`, 'unsupported');
  const explicit: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [pad[1][0], pad[1][1] + extra[0]], [pad[2][0], pad[2][1] + extra[1]], [0, 0]];
  // Padding is -∞ for a max pool: pad explicitly so every backend agrees, then pool without padding.
  const padded = explicit.some(([a, b]) => a > 0 || b > 0) ? tf.pad(x, explicit, -3.4e38) : x;
  return [device(tf.maxPool(padded as tf.Tensor4D, kernel, strides, 'valid'), true)];
};

const averagePool: OperatorImpl = (inputs, ctx) => {
  const x = channelsLast(required(inputs, 0, ctx), what(ctx));
  const { kernel, strides, dilations, pad, extra } = poolGeometry(x, ctx);
  if (dilations[0] !== 1 || dilations[1] !== 1) throw new UserFacingError(`${what(ctx)} is a dilated average pool, which Robustness Lens does not interpret.`, 'unsupported');
  const explicit: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [pad[1][0], pad[1][1] + extra[0]], [pad[2][0], pad[2][1] + extra[1]], [0, 0]];
  if (explicit.every(([a, b]) => a === 0 && b === 0)) return [device(tf.avgPool(x, kernel, strides, 'valid'), true)];
  // The divisor counts the image pixels in each window, plus the pads when count_include_pad = 1 (never the ceil_mode extra).
  const includePad = intAttr(ctx.node, 'count_include_pad', 0) === 1;
  const sums = tf.mul(tf.avgPool(tf.pad(x, explicit) as tf.Tensor4D, kernel, strides, 'valid'), kernel[0] * kernel[1]);
  const ones = tf.ones([1, x.shape[1], x.shape[2], 1]);
  const counted = includePad ? tf.pad(tf.pad(ones, [[0, 0], pad[1], pad[2], [0, 0]], 1), [[0, 0], [0, extra[0]], [0, extra[1]], [0, 0]]) : tf.pad(ones, explicit);
  const counts = tf.mul(tf.avgPool(counted as tf.Tensor4D, kernel, strides, 'valid'), kernel[0] * kernel[1]);
  return [device(tf.div(sums, counts), true)];
};

const globalPool = (reduce: (t: tf.Tensor, axes: number[]) => tf.Tensor): OperatorImpl => (inputs, ctx) => {
  const x = channelsLast(required(inputs, 0, ctx), what(ctx));
  return [device(reduce(x, [1, 2]), true)];
};

// ---- normalisation ----

/** BatchNormalization in inference form, folded once into a per-channel scale and shift: y = x·s + t. */
export function foldBatchNorm(scale: tf.Tensor, bias: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, epsilon: number): [tf.Tensor1D, tf.Tensor1D] {
  return tf.tidy(() => {
    const s = tf.div(scale, tf.sqrt(tf.add(variance, epsilon))) as tf.Tensor1D;
    return [s, tf.sub(bias, tf.mul(mean, s)) as tf.Tensor1D];
  });
}

const batchNormalization: OperatorImpl = (inputs, ctx) => {
  const xv = required(inputs, 0, ctx);
  const [s, t] = ctx.prepared.get(ctx.node.name)
    ?? foldBatchNorm(...[1, 2, 3, 4].map((i) => logical(required(inputs, i, ctx))) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor], floatAttr(ctx.node, 'epsilon', 1e-5));
  if (rankOf(xv) === 4) {
    const x = channelsLast(xv, what(ctx));
    return [device(tf.add(tf.mul(x, s), t), true)];
  }
  // [N, C] or [N, C, L]: the channel axis is 1.
  const x = logical(xv);
  const shape = [s.shape[0], ...new Array<number>(x.rank - 2).fill(1)];
  return [device(tf.add(tf.mul(x, tf.reshape(s, shape)), tf.reshape(t, shape)))];
};

const layerNormalization: OperatorImpl = (inputs, ctx) => {
  const x = logical(required(inputs, 0, ctx));
  const axis = normaliseAxis(intAttr(ctx.node, 'axis', -1), x.rank, what(ctx));
  const axes = Array.from({ length: x.rank - axis }, (_, i) => axis + i);
  const { mean, variance } = tf.moments(x, axes, true);
  // LayerNormalization: y = (x − mean) / sqrt(var + ε) · scale + bias over the axes from `axis` on.
  let y = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, floatAttr(ctx.node, 'epsilon', 1e-5))));
  if (inputs[1]) y = tf.mul(y, logical(inputs[1]));
  if (inputs[2]) y = tf.add(y, logical(inputs[2]));
  return [device(y)];
};

// ---- reductions ----

function reduceWith(reduce: (t: tf.Tensor, axes: number[], keep: boolean) => tf.Tensor, axesInput: (opset: number) => boolean): OperatorImpl {
  return (inputs, ctx) => {
    const x = required(inputs, 0, ctx);
    const rank = rankOf(x);
    const keep = intAttr(ctx.node, 'keepdims', 1) === 1;
    const given = axesInput(ctx.opset) ? (inputs[1] ? hostValues(inputs[1], `The axes of ${what(ctx)}`) : null) : intsAttr(ctx.node, 'axes');
    if ((given === null || given.length === 0) && intAttr(ctx.node, 'noop_with_empty_axes', 0) === 1) return [x];
    const axes = (given === null || given.length === 0 ? Array.from({ length: rank }, (_, i) => i) : given.map((a) => normaliseAxis(a, rank, what(ctx))));
    const t = x.kind === 'device' ? x.tensor : logical(x);
    const cl = x.kind === 'device' && x.channelsLast;
    const stored = axes.map((a) => storedAxis(x, a));
    const reduced = reduce(t, stored, keep);
    if (!cl || keep) return [device(reduced, cl && keep)];
    // The kept stored axes, in stored order, back to their logical order.
    const remaining = [0, 1, 2, 3].filter((a) => !axes.includes(a));
    const storedOrder = [...remaining].sort((a, b) => physicalAxisOf[a] - physicalAxisOf[b]);
    const perm = remaining.map((a) => storedOrder.indexOf(a));
    return [device(perm.every((p, i) => p === i) ? reduced : tf.transpose(reduced, perm))];
  };
}

// ---- activations ----

/** HardSigmoid: max(0, min(1, α·x + β)). */
function hardSigmoid(t: tf.Tensor, alpha: number, beta: number): tf.Tensor {
  return tf.clipByValue(tf.add(tf.mul(t, alpha), beta), 0, 1);
}

/** Gelu: x·Φ(x) = 0.5·x·(1 + erf(x/√2)); with approximate = 'tanh', 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
function gelu(t: tf.Tensor, approximate: string): tf.Tensor {
  if (approximate === 'tanh') return tf.mul(tf.mul(t, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(t, tf.mul(0.044715, tf.pow(t, 3)))))));
  return tf.mul(tf.mul(t, 0.5), tf.add(1, tf.erf(tf.div(t, Math.SQRT2))));
}

const clip: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const lo = ctx.opset < 11 ? floatAttr(ctx.node, 'min', -3.4e38) : inputs[1] ? hostValues(inputs[1], `The minimum of ${what(ctx)}`)[0] : -3.4e38;
  const hi = ctx.opset < 11 ? floatAttr(ctx.node, 'max', 3.4e38) : inputs[2] ? hostValues(inputs[2], `The maximum of ${what(ctx)}`)[0] : 3.4e38;
  if (x.kind === 'host') return [hostElementwise([x], (v) => Math.min(Math.max(v, lo), hi), x.dtype, what(ctx))];
  return [device(tf.clipByValue(x.tensor, lo, hi), x.channelsLast)];
};

function softmaxLike(fn: (t: tf.Tensor) => tf.Tensor): OperatorImpl {
  return (inputs, ctx) => {
    const x = logical(required(inputs, 0, ctx));
    const axis = normaliseAxis(intAttr(ctx.node, 'axis', ctx.opset < 13 ? 1 : -1), x.rank, what(ctx));
    if (ctx.opset < 13) {
      // Before opset 13, softmax normalises the input flattened to 2-D at `axis`.
      const flat = tf.reshape(x, [sizeOf(x.shape.slice(0, axis)), sizeOf(x.shape.slice(axis))]);
      return [device(tf.reshape(fn(flat), x.shape))];
    }
    if (axis === x.rank - 1) return [device(fn(x))];
    const perm = Array.from({ length: x.rank }, (_, i) => i);
    perm[axis] = x.rank - 1;
    perm[x.rank - 1] = axis;
    return [device(tf.transpose(fn(tf.transpose(x, perm)), perm))];
  };
}

// ---- matrix products ----

const gemm: OperatorImpl = (inputs, ctx) => {
  const a = logical(required(inputs, 0, ctx)) as tf.Tensor2D;
  const b = logical(required(inputs, 1, ctx)) as tf.Tensor2D;
  const alpha = floatAttr(ctx.node, 'alpha', 1);
  const beta = floatAttr(ctx.node, 'beta', 1);
  // Gemm: Y = α·A'·B' + β·C (A', B' transposed when transA, transB).
  const transA = intAttr(ctx.node, 'transA', 0) === 1;
  const transB = intAttr(ctx.node, 'transB', 0) === 1;
  // tfjs-backend-wasm multiplies by a transposed B in a plain loop, not XNNPACK (a 514×512 by 1000×512ᵀ head: 459 against
  // 23 ms), so there B is transposed first; PyTorch exports every Linear as Gemm with transB = 1.
  let y: tf.Tensor = transB && tf.getBackend() === 'wasm' ? tf.matMul(a, tf.transpose(b), transA, false) : tf.matMul(a, b, transA, transB);
  if (alpha !== 1) y = tf.mul(y, alpha);
  const c = inputs[2];
  if (c) y = tf.add(y, beta === 1 ? logical(c) : tf.mul(logical(c), beta));
  return [device(y)];
};

const matMul: OperatorImpl = (inputs, ctx) => {
  const a = logical(required(inputs, 0, ctx));
  const b = logical(required(inputs, 1, ctx));
  if (b.rank === 2 && a.rank > 2) {
    // Tokens × weight: one 2-D product over the flattened leading axes.
    const flat = tf.reshape(a, [-1, a.shape[a.rank - 1]]) as tf.Tensor2D;
    return [device(tf.reshape(tf.matMul(flat, b as tf.Tensor2D), [...a.shape.slice(0, -1), b.shape[1] as number]))];
  }
  if (a.rank === 1 || b.rank === 1) throw new UserFacingError(`${what(ctx)} multiplies a vector; Robustness Lens interprets matrix products of rank 2 and more.`, 'unsupported');
  const rank = Math.max(a.rank, b.rank);
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), what(ctx));
  const expand = (t: tf.Tensor): tf.Tensor => tf.broadcastTo(t.rank < rank ? tf.reshape(t, [...new Array<number>(rank - t.rank).fill(1), ...t.shape]) : t, [...batch, ...t.shape.slice(-2)]);
  return [device(tf.matMul(expand(a) as tf.Tensor3D, expand(b) as tf.Tensor3D))];
};

// ---- shape operators ----

const reshape: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const requested = ctx.opset < 5 ? intsAttr(ctx.node, 'shape') ?? [] : hostValues(inputs[1] ?? null, `The target shape of ${what(ctx)}`);
  const inShape = logicalShape(x);
  const allowZero = intAttr(ctx.node, 'allowzero', 0) === 1;
  const shape = requested.map((d, i) => (d === 0 && !allowZero ? inShape[i] : d));
  if (x.kind === 'host') {
    const known = sizeOf(shape.filter((d) => d !== -1));
    return [host(shape.map((d) => (d === -1 ? x.values.length / known : d)), x.values, x.dtype)];
  }
  return [device(tf.reshape(logical(x), shape))];
};

const flatten: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const shape = logicalShape(x);
  const axis = normaliseAxis(intAttr(ctx.node, 'axis', 1), shape.length + 1, what(ctx));
  const target = [sizeOf(shape.slice(0, axis)), sizeOf(shape.slice(axis))];
  if (x.kind === 'host') return [host(target, x.values, x.dtype)];
  return [device(tf.reshape(logical(x), target))];
};

const transpose: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const rank = rankOf(x);
  const perm = intsAttr(ctx.node, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  if (x.kind === 'device' && x.channelsLast) {
    // Logical result axis j is logical input axis perm[j], stored at physicalAxisOf[perm[j]].
    const stored = perm.map((a) => physicalAxisOf[a]);
    return [device(stored.every((p, i) => p === i) ? x.tensor : tf.transpose(x.tensor, stored))];
  }
  return [device(tf.transpose(logical(x), perm))];
};

const squeeze: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const shape = logicalShape(x);
  const given = axesOf(inputs, 1, ctx);
  const axes = given ? given.map((a) => normaliseAxis(a, shape.length, what(ctx))) : shape.flatMap((d, i) => (d === 1 ? [i] : []));
  const target = shape.filter((_, i) => !axes.includes(i));
  if (x.kind === 'host') return [host(target, x.values, x.dtype)];
  return [device(tf.reshape(logical(x), target))];
};

const unsqueeze: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const shape = logicalShape(x);
  const given = axesOf(inputs, 1, ctx) ?? [];
  const rank = shape.length + given.length;
  const axes = given.map((a) => normaliseAxis(a, rank, what(ctx)));
  const target: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) target.push(axes.includes(i) ? 1 : shape[next++]);
  if (x.kind === 'host') return [host(target, x.values, x.dtype)];
  return [device(tf.reshape(logical(x), target))];
};

const shapeOp: OperatorImpl = (inputs, ctx) => {
  const shape = logicalShape(required(inputs, 0, ctx));
  const start = intAttr(ctx.node, 'start', 0);
  const endAttr = ctx.node.attributes.get('end');
  const end = endAttr?.kind === 'int' ? endAttr.value : shape.length;
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + shape.length : i, 0), shape.length);
  const dims = shape.slice(clampIndex(start), clampIndex(end));
  return [host([dims.length], dims, 'int')];
};

const concat: OperatorImpl = (inputs, ctx) => {
  const values = inputs.filter((v): v is Value => v !== null && sizeOf(logicalShape(v)) > 0);
  if (values.length === 0) return [host([0], [], 'int')];
  const rank = rankOf(values[0]);
  const axis = normaliseAxis(intAttr(ctx.node, 'axis', 0), rank, what(ctx));
  if (values.every((v): v is HostValue => v.kind === 'host')) {
    const dims = [...values[0].dims];
    dims[axis] = values.reduce((s, v) => s + v.dims[axis], 0);
    const outer = sizeOf(dims.slice(0, axis));
    const out: number[] = [];
    for (let o = 0; o < outer; o++) {
      for (const v of values) {
        const block = sizeOf(v.dims.slice(axis));
        out.push(...v.values.slice(o * block, (o + 1) * block));
      }
    }
    return [host(dims, out, values.some((v) => v.dtype === 'float') ? 'float' : values[0].dtype)];
  }
  if (rank === 4 && values.some((v) => v.kind === 'device' && v.channelsLast)) {
    return [device(tf.concat(values.map((v) => channelsLast(v, what(ctx))), physicalAxisOf[axis]), true)];
  }
  return [device(tf.concat(values.map(logical), axis))];
};

const split: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const shape = logicalShape(x);
  const axis = normaliseAxis(intAttr(ctx.node, 'axis', 0), shape.length, what(ctx));
  const count = ctx.node.outputs.length;
  const given = intsAttr(ctx.node, 'split') ?? (inputs[1] ? hostValues(inputs[1], `The split sizes of ${what(ctx)}`) : null);
  const sizes = given ?? (() => {
    const each = Math.ceil(shape[axis] / count);
    return Array.from({ length: count }, (_, i) => Math.min(each, shape[axis] - i * each));
  })();
  const t = x.kind === 'device' ? x.tensor : logical(x);
  const cl = x.kind === 'device' && x.channelsLast;
  return tf.split(t, sizes, storedAxis(x, axis)).map((part) => device(part, cl));
};

/** Up to this many constant indices, Gather runs as slices. */
const fewIndices = 16;

const gather: OperatorImpl = (inputs, ctx) => {
  const data = required(inputs, 0, ctx);
  const indices = required(inputs, 1, ctx);
  const shape = logicalShape(data);
  const axis = normaliseAxis(intAttr(ctx.node, 'axis', 0), shape.length, what(ctx));
  if (data.kind === 'host' && indices.kind === 'host') return [hostGather(data, indices, axis)];
  const t = logical(data);
  if (indices.kind === 'host' && indices.values.length <= fewIndices) {
    // A few constant indices (a class token, one channel) gather as slices, whose gradient every backend has
    // (tf.gather's needs UnsortedSegmentSum, which wasm lacks).
    const picked = indices.values.map((i) => tf.slice(t, t.shape.map((_, a) => (a === axis ? (i < 0 ? i + shape[axis] : i) : 0)), t.shape.map((d, a) => (a === axis ? 1 : d))));
    const joined = picked.length === 1 ? picked[0] : tf.concat(picked, axis);
    return [device(tf.reshape(joined, [...shape.slice(0, axis), ...indices.dims, ...shape.slice(axis + 1)]))];
  }
  const index = indices.kind === 'host'
    ? tf.tensor(indices.values.map((i) => (i < 0 ? i + shape[axis] : i)), indices.dims, 'int32')
    : tf.cast(indices.tensor, 'int32');
  const gathered = tf.gather(t, index.rank === 0 ? tf.reshape(index, [1]) : index, axis);
  if (index.rank !== 0) return [device(gathered)];
  return [device(tf.squeeze(gathered, [axis]))];
};

const slice: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const shape = logicalShape(x);
  const fromAttrs = ctx.opset < 10;
  const starts = fromAttrs ? intsAttr(ctx.node, 'starts') ?? [] : hostValues(inputs[1] ?? null, `The starts of ${what(ctx)}`);
  const ends = fromAttrs ? intsAttr(ctx.node, 'ends') ?? [] : hostValues(inputs[2] ?? null, `The ends of ${what(ctx)}`);
  const axes = (fromAttrs ? intsAttr(ctx.node, 'axes') : inputs[3] ? hostValues(inputs[3], `The axes of ${what(ctx)}`) : null) ?? starts.map((_, i) => i);
  const steps = !fromAttrs && inputs[4] ? hostValues(inputs[4], `The steps of ${what(ctx)}`) : starts.map(() => 1);
  const ranges = sliceRanges(shape, starts, ends, axes, steps, what(ctx));
  if (x.kind === 'host') return [hostSlice(x, ranges)];
  const cl = x.channelsLast;
  const order = cl ? [0, 2, 3, 1] : ranges.map((_, i) => i);
  const stored = order.map((a) => ranges[a]);
  if (stored.every(([, , step]) => step === 1)) {
    return [device(tf.slice(x.tensor, stored.map(([b]) => b), stored.map(rangeLength)), cl)];
  }
  // A negative step whose end runs past index 0 (-1 after clamping) is an open end: the end mask says so.
  const endMask = stored.reduce((mask, [, end, step], i) => (step < 0 && end < 0 ? mask | (1 << i) : mask), 0);
  return [device(tf.stridedSlice(x.tensor, stored.map(([b]) => b), stored.map(([, e]) => e), stored.map(([, , step]) => step), 0, endMask), cl)];
};

const expand: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const target = broadcastShapes(logicalShape(x), hostValues(inputs[1] ?? null, `The shape of ${what(ctx)}`), what(ctx));
  if (x.kind === 'host' && sizeOf(target) <= 4096) return [hostElementwise([x, host(target, new Array<number>(sizeOf(target)).fill(0), x.dtype)], (v) => v, x.dtype, what(ctx))];
  const t = logical(x);
  const padded = t.rank < target.length ? tf.reshape(t, [...new Array<number>(target.length - t.rank).fill(1), ...t.shape]) : t;
  return [device(tf.broadcastTo(padded, target))];
};

const pad: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const rank = rankOf(x);
  const pads = ctx.opset < 11 ? intsAttr(ctx.node, 'pads') ?? [] : hostValues(inputs[1] ?? null, `The pads of ${what(ctx)}`);
  const givenAxes = ctx.opset >= 18 && inputs[3] ? hostValues(inputs[3], `The axes of ${what(ctx)}`).map((a) => normaliseAxis(a, rank, what(ctx))) : null;
  const axes = givenAxes ?? Array.from({ length: rank }, (_, i) => i);
  const perAxis: [number, number][] = Array.from({ length: rank }, () => [0, 0]);
  axes.forEach((a, i) => { perAxis[a] = [pads[i], pads[i + axes.length]]; });
  if (perAxis.some(([a, b]) => a < 0 || b < 0)) throw new UserFacingError(`${what(ctx)} crops with negative pads, which Robustness Lens does not interpret.`, 'unsupported');
  const value = ctx.opset < 11 ? floatAttr(ctx.node, 'value', 0) : inputs[2] ? hostValues(inputs[2], `The pad value of ${what(ctx)}`)[0] ?? 0 : 0;
  const mode = stringAttr(ctx.node, 'mode', 'constant');
  const cl = x.kind === 'device' && x.channelsLast;
  const t = x.kind === 'device' ? x.tensor : logical(x);
  const stored = cl ? [0, 2, 3, 1].map((a) => perAxis[a]) : perAxis;
  if (mode === 'constant') return [device(tf.pad(t, stored, value), cl)];
  if (mode === 'reflect') return [device(tf.mirrorPad(t, stored, 'reflect'), cl)];
  throw new UserFacingError(`${what(ctx)} pads in '${mode}' mode; Robustness Lens interprets constant and reflect padding.`, 'unsupported');
};

const resize: OperatorImpl = (inputs, ctx) => {
  const x = channelsLast(required(inputs, 0, ctx), what(ctx));
  const [n, h, w, c] = x.shape;
  const scalesInput = ctx.opset < 11 ? inputs[1] : inputs[2];
  const sizesInput = ctx.opset < 11 ? null : inputs[3];
  let size: [number, number];
  if (sizesInput && sizeOf(logicalShape(sizesInput)) > 0) {
    const sizes = hostValues(sizesInput, `The sizes of ${what(ctx)}`);
    if (sizes[0] !== n || sizes[1] !== c) throw new UserFacingError(`${what(ctx)} resizes the batch or channel axis, which Robustness Lens does not interpret.`, 'unsupported');
    size = [sizes[2], sizes[3]];
  } else {
    const scales = hostValues(scalesInput ?? null, `The scales of ${what(ctx)}`);
    if (scales[0] !== 1 || scales[1] !== 1) throw new UserFacingError(`${what(ctx)} resizes the batch or channel axis, which Robustness Lens does not interpret.`, 'unsupported');
    size = [Math.floor(h * scales[2]), Math.floor(w * scales[3])];
  }
  const mode = stringAttr(ctx.node, 'mode', 'nearest');
  const transform = stringAttr(ctx.node, 'coordinate_transformation_mode', ctx.opset < 11 ? 'asymmetric' : 'half_pixel');
  const alignCorners = transform === 'align_corners';
  const halfPixel = transform === 'half_pixel' || transform === 'pytorch_half_pixel';
  if (mode === 'linear') return [device(tf.image.resizeBilinear(x, size, alignCorners, halfPixel), true)];
  if (mode === 'nearest') {
    const rounding = stringAttr(ctx.node, 'nearest_mode', 'round_prefer_floor');
    if (transform === 'asymmetric' && rounding === 'floor') return [device(tf.image.resizeNearestNeighbor(x, size, false, false), true)];
    if (transform === 'align_corners') return [device(tf.image.resizeNearestNeighbor(x, size, true, false), true)];
    if (size[0] % h === 0 && size[1] % w === 0) return [device(tf.image.resizeNearestNeighbor(x, size, false, false), true)];
    throw new UserFacingError(`${what(ctx)} uses nearest resizing with '${transform}' coordinates and '${rounding}' rounding at a non-integer scale, which Robustness Lens does not interpret.`, 'unsupported');
  }
  throw new UserFacingError(`${what(ctx)} resizes in '${mode}' mode; Robustness Lens interprets nearest and linear.`, 'unsupported');
};

// ---- constants and casts ----

const constant: OperatorImpl = (_inputs, ctx) => {
  const a = (name: string): OnnxAttribute | undefined => ctx.node.attributes.get(name);
  const value = a('value');
  if (value?.kind === 'tensor') return [constantValue(value.value)];
  const vf = a('value_float'); if (vf?.kind === 'float') return [host([], [vf.value], 'float')];
  const vfs = a('value_floats'); if (vfs?.kind === 'floats') return [host([vfs.value.length], vfs.value, 'float')];
  const vi = a('value_int'); if (vi?.kind === 'int') return [host([], [vi.value], 'int')];
  const vis = a('value_ints'); if (vis?.kind === 'ints') return [host([vis.value.length], vis.value, 'int')];
  throw new UserFacingError(`${what(ctx)} holds a kind of constant Robustness Lens does not read.`, 'unsupported');
};

const constantOfShape: OperatorImpl = (inputs, ctx) => {
  const dims = hostValues(required(inputs, 0, ctx), `The shape of ${what(ctx)}`);
  const valueAttr = ctx.node.attributes.get('value');
  const fill = valueAttr?.kind === 'tensor' ? valueAttr.value : { kind: 'float' as const, values: new Float32Array([0]), dims: [1] };
  const size = sizeOf(dims);
  if (fill.kind !== 'float' || size <= 4096) return [host(dims, new Array<number>(size).fill(fill.values[0]), fill.kind)];
  return [device(tf.fill(dims, fill.values[0]))];
};

/** ONNX element types by how the interpreter holds them. */
function castKind(to: number): HostValue['dtype'] {
  if (to === 9) return 'bool';
  return to === 1 || to === 10 || to === 11 || to === 16 ? 'float' : 'int';
}

const cast: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const kind = castKind(intAttr(ctx.node, 'to', 1));
  if (x.kind === 'host') {
    const convert = kind === 'float' ? (v: number) => v : kind === 'bool' ? (v: number) => (v !== 0 ? 1 : 0) : (v: number) => Math.trunc(v);
    return [host(x.dims, x.values.map(convert), kind)];
  }
  return [device(tf.cast(x.tensor, kind === 'float' ? 'float32' : kind === 'bool' ? 'bool' : 'int32'), x.channelsLast)];
};

const range: OperatorImpl = (inputs, ctx) => {
  const [start, limit, delta] = [0, 1, 2].map((i) => hostValues(required(inputs, i, ctx), `Input ${i + 1} of ${what(ctx)}`)[0]);
  const count = Math.max(Math.ceil((limit - start) / delta), 0);
  const first = required(inputs, 0, ctx);
  return [host([count], Array.from({ length: count }, (_, i) => start + i * delta), first.kind === 'host' ? first.dtype : 'float')];
};

const where: OperatorImpl = (inputs, ctx) => {
  const [condition, a, b] = [0, 1, 2].map((i) => required(inputs, i, ctx));
  if (condition.kind === 'host' && a.kind === 'host' && b.kind === 'host') {
    return [hostElementwise([condition, a, b], (c, x, y) => (c ? x : y), a.dtype === 'float' || b.dtype === 'float' ? 'float' : a.dtype, what(ctx))];
  }
  const { tensors: [x, y], channelsLast: cl } = aligned([a, b]);
  const c = cl ? storedForBroadcast(condition) : logical(condition);
  const shape = broadcastShapes(broadcastShapes(c.shape, x.shape, what(ctx)), y.shape, what(ctx));
  return [device(tf.where(tf.broadcastTo(tf.cast(c, 'bool'), shape), tf.broadcastTo(x, shape), tf.broadcastTo(y, shape)), cl)];
};

/** Div; on integer host values it truncates, as ONNX's integer division does. */
const divide: OperatorImpl = (inputs, ctx) => {
  const values = inputs.filter((v): v is Value => v !== null);
  if (values.every((v): v is HostValue => v.kind === 'host')) {
    const isInt = values.every((v) => v.dtype === 'int');
    return [hostElementwise(values, isInt ? (a, b) => Math.trunc(a / b) : (a, b) => a / b, isInt ? 'int' : 'float', what(ctx))];
  }
  const { tensors: [a, b], channelsLast: cl } = aligned(values);
  return [device(tf.div(a, b), cl)];
};

const dropout: OperatorImpl = (inputs, ctx) => {
  const x = required(inputs, 0, ctx);
  const training = inputs[2];
  if (training && hostValues(training, `The training_mode of ${what(ctx)}`)[0]) {
    throw new UserFacingError(`${what(ctx)} is exported in training mode; call model.eval() before torch.onnx.export.`);
  }
  return [x];
};

/** Every operator the interpreter knows, by ONNX op_type (default domain). */
export const onnxOperators: Record<string, OperatorImpl> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: globalPool((t, axes) => tf.mean(t, axes, true)),
  GlobalMaxPool: globalPool((t, axes) => tf.max(t, axes, true)),
  ReduceMean: reduceWith((t, axes, keep) => tf.mean(t, axes, keep), (opset) => opset >= 18),
  ReduceSum: reduceWith((t, axes, keep) => tf.sum(t, axes, keep), (opset) => opset >= 13),
  ReduceMax: reduceWith((t, axes, keep) => tf.max(t, axes, keep), (opset) => opset >= 18),
  ReduceMin: reduceWith((t, axes, keep) => tf.min(t, axes, keep), (opset) => opset >= 18),
  Relu: unary((t) => tf.relu(t), (x) => Math.max(x, 0)),
  LeakyRelu: unary((t, ctx) => tf.leakyRelu(t, floatAttr(ctx.node, 'alpha', 0.01))),
  Sigmoid: unary((t) => tf.sigmoid(t)),
  Tanh: unary((t) => tf.tanh(t)),
  Erf: unary((t) => tf.erf(t)),
  Exp: unary((t) => tf.exp(t), Math.exp),
  Log: unary((t) => tf.log(t), Math.log),
  Sqrt: unary((t) => tf.sqrt(t), Math.sqrt),
  Reciprocal: unary((t) => tf.reciprocal(t), (x) => 1 / x),
  Neg: unary((t) => tf.neg(t), (x) => -x),
  Abs: unary((t) => tf.abs(t), Math.abs),
  Floor: unary((t) => tf.floor(t), Math.floor),
  Ceil: unary((t) => tf.ceil(t), Math.ceil),
  Softplus: unary((t) => tf.softplus(t)),
  HardSigmoid: unary((t, ctx) => hardSigmoid(t, floatAttr(ctx.node, 'alpha', 0.2), floatAttr(ctx.node, 'beta', 0.5))),
  // HardSwish: x · HardSigmoid(x) with α = 1/6, β = 0.5.
  HardSwish: unary((t) => tf.mul(t, hardSigmoid(t, 1 / 6, 0.5))),
  Gelu: unary((t, ctx) => gelu(t, stringAttr(ctx.node, 'approximate', 'none'))),
  Clip: clip,
  Softmax: softmaxLike((t) => tf.softmax(t)),
  LogSoftmax: softmaxLike((t) => tf.logSoftmax(t)),
  Add: elementwise((a, b) => a + b, (a, b) => tf.add(a, b)),
  Sub: elementwise((a, b) => a - b, (a, b) => tf.sub(a, b)),
  Mul: elementwise((a, b) => a * b, (a, b) => tf.mul(a, b)),
  Div: divide,
  Pow: elementwise((a, b) => a ** b, (a, b) => tf.pow(a, b)),
  Max: elementwise((...xs) => Math.max(...xs), (...ts) => ts.reduce((a, b) => tf.maximum(a, b))),
  Min: elementwise((...xs) => Math.min(...xs), (...ts) => ts.reduce((a, b) => tf.minimum(a, b))),
  Equal: elementwise((a, b) => (a === b ? 1 : 0), (a, b) => tf.equal(a, b), 'bool'),
  Less: elementwise((a, b) => (a < b ? 1 : 0), (a, b) => tf.less(a, b), 'bool'),
  Greater: elementwise((a, b) => (a > b ? 1 : 0), (a, b) => tf.greater(a, b), 'bool'),
  Not: unary((t) => tf.logicalNot(t), (x) => (x ? 0 : 1)),
  Where: where,
  Gemm: gemm,
  MatMul: matMul,
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Concat: concat,
  Split: split,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Shape: shapeOp,
  Gather: gather,
  Slice: slice,
  Expand: expand,
  Pad: pad,
  Resize: resize,
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Cast: cast,
  Range: range,
  Identity: (inputs, ctx) => [required(inputs, 0, ctx)],
  Dropout: dropout,
};

