// The values an interpreted ONNX graph passes between nodes. Image tensors keep the engine's channels-last layout:
// a rank-4 ONNX value (logically N×C×H×W, as PyTorch writes it) is stored N×H×W×C once, at the input or the first
// convolution, and operators map their axes instead of transposing around every node. Small integer tensors (shapes,
// axes, indices) live on the host, so shape arithmetic never reads back from a GPU.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../../errors';

/** A tensor on the backend; `channelsLast` marks a logical N×C×H×W value stored as N×H×W×C. */
export interface DeviceValue { kind: 'device'; tensor: tf.Tensor; channelsLast: boolean }

/** A small tensor held on the host: shapes, axes, indices and scalar constants. */
export interface HostValue { kind: 'host'; dims: number[]; values: number[]; dtype: 'float' | 'int' | 'bool' }

export type Value = DeviceValue | HostValue;

/** Where each logical N×C×H×W axis sits in the N×H×W×C storage. */
export const physicalAxisOf = [0, 3, 1, 2] as const;
/** Storing N×C×H×W as N×H×W×C, and back. */
export const toChannelsLastPerm = [0, 2, 3, 1];
export const toChannelsFirstPerm = [0, 3, 1, 2];

export function device(tensor: tf.Tensor, channelsLast = false): DeviceValue {
  return { kind: 'device', tensor, channelsLast };
}

export function host(dims: number[], values: number[], dtype: HostValue['dtype']): HostValue {
  return { kind: 'host', dims, values, dtype };
}

export function sizeOf(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** The ONNX (logical) shape of a value. */
export function logicalShape(value: Value): number[] {
  if (value.kind === 'host') return value.dims;
  const shape = value.tensor.shape;
  return value.channelsLast ? toChannelsFirstPerm.map((a) => shape[a]) : [...shape];
}

export function rankOf(value: Value): number {
  return value.kind === 'host' ? value.dims.length : value.tensor.rank;
}

/** The value as a backend tensor in its logical layout. */
export function logical(value: Value): tf.Tensor {
  if (value.kind === 'host') return tf.tensor(value.values, value.dims, value.dtype === 'float' ? 'float32' : 'int32');
  return value.channelsLast ? tf.transpose(value.tensor, toChannelsFirstPerm) : value.tensor;
}

/** A rank-4 value as an N×H×W×C backend tensor. */
export function channelsLast(value: Value, what: string): tf.Tensor4D {
  if (value.kind === 'device' && value.channelsLast) return value.tensor as tf.Tensor4D;
  const t = logical(value);
  if (t.rank !== 4) throw new UserFacingError(`${what} expects a 4-D image tensor (batch × channels × height × width) but got rank ${t.rank}.`, 'unsupported');
  return tf.transpose(t, toChannelsLastPerm) as tf.Tensor4D;
}

/** A logical axis (negative counts from the end) as a non-negative index. */
export function normaliseAxis(axis: number, rank: number, what: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new UserFacingError(`${what}: axis ${axis} is out of range for a rank-${rank} tensor.`);
  return a;
}

/** The storage axis of a logical axis. */
export function storedAxis(value: Value, axis: number): number {
  return value.kind === 'device' && value.channelsLast ? physicalAxisOf[axis] : axis;
}

/** The host values of a value that must be known without running the backend (a shape, axes, pads). */
export function hostValues(value: Value | null, what: string): number[] {
  if (value === null) throw new UserFacingError(`${what} is missing.`);
  if (value.kind === 'host') return value.values;
  throw new UserFacingError(`${what} is computed on the device from image data; Robustness Lens needs it to be a constant or computed from shapes.`, 'unsupported');
}

/** Numpy-style broadcast of two shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[], what: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new UserFacingError(`${what}: shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast.`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

function stridesOf(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) strides[i] = strides[i + 1] * dims[i + 1];
  return strides;
}

/** Applies `fn` elementwise over host values with numpy broadcasting. */
export function hostElementwise(inputs: HostValue[], fn: (...xs: number[]) => number, dtype: HostValue['dtype'], what: string): HostValue {
  const dims = inputs.reduce<number[]>((shape, v) => broadcastShapes(shape, v.dims, what), []);
  const outStrides = stridesOf(dims);
  const size = sizeOf(dims);
  const values = new Array<number>(size);
  const inputStrides = inputs.map((v) => {
    const own = stridesOf(v.dims);
    return dims.map((_, i) => {
      const j = i - (dims.length - v.dims.length);
      return j < 0 || v.dims[j] === 1 ? 0 : own[j];
    });
  });
  for (let flat = 0; flat < size; flat++) {
    const args = inputs.map((v, k) => {
      let offset = 0;
      let rest = flat;
      for (let i = 0; i < dims.length; i++) {
        const index = Math.floor(rest / outStrides[i]);
        rest -= index * outStrides[i];
        offset += index * inputStrides[k][i];
      }
      return v.values[offset];
    });
    values[flat] = fn(...args);
  }
  return host(dims, values, dtype);
}

/** Gathers host values along `axis` at `indices` (negative indices count from the end). */
export function hostGather(data: HostValue, indices: HostValue, axis: number): HostValue {
  const dims = data.dims;
  const outer = sizeOf(dims.slice(0, axis));
  const inner = sizeOf(dims.slice(axis + 1));
  const values: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const raw of indices.values) {
      const index = raw < 0 ? raw + dims[axis] : raw;
      for (let i = 0; i < inner; i++) values.push(data.values[(o * dims[axis] + index) * inner + i]);
    }
  }
  return host([...dims.slice(0, axis), ...indices.dims, ...dims.slice(axis + 1)], values, data.dtype);
}

/** Per-axis [begin, end, step] after ONNX Slice's clamping rules, for every axis of `dims`. */
export function sliceRanges(dims: readonly number[], starts: number[], ends: number[], axes: number[], steps: number[], what: string): [number, number, number][] {
  const ranges = dims.map((d): [number, number, number] => [0, d, 1]);
  axes.forEach((rawAxis, i) => {
    const axis = normaliseAxis(rawAxis, dims.length, what);
    const d = dims[axis];
    const step = steps[i] ?? 1;
    if (step === 0) throw new UserFacingError(`${what}: a slice step of 0.`);
    const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
    let begin = starts[i] < 0 ? starts[i] + d : starts[i];
    let end = ends[i] < 0 ? ends[i] + d : ends[i];
    if (step > 0) { begin = clamp(begin, 0, d); end = clamp(end, 0, d); } else { begin = clamp(begin, 0, d - 1); end = clamp(end, -1, d - 1); }
    ranges[axis] = [begin, end, step];
  });
  return ranges;
}

/** The number of elements a [begin, end, step) range selects. */
export function rangeLength([begin, end, step]: [number, number, number]): number {
  return Math.max(0, Math.ceil((end - begin) / step));
}

/** Slices host values by per-axis ranges. */
export function hostSlice(data: HostValue, ranges: [number, number, number][]): HostValue {
  const outDims = ranges.map(rangeLength);
  const strides = stridesOf(data.dims);
  const values: number[] = [];
  const visit = (axis: number, offset: number): void => {
    if (axis === data.dims.length) { values.push(data.values[offset]); return; }
    const [begin, , step] = ranges[axis];
    for (let k = 0; k < outDims[axis]; k++) visit(axis + 1, offset + (begin + k * step) * strides[axis]);
  };
  visit(0, 0);
  return host(outDims, values, data.dtype);
}
