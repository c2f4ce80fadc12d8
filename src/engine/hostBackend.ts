// Whether the active tfjs backend keeps tensors in host memory (wasm, cpu): there the corruptions' host kernels and the
// inference input's one-pass scaling run on typed arrays instead of tensor ops, reading and writing the tensors' values
// where the backend keeps them; GPU backends keep the tensor path.
import * as tf from '@tensorflow/tfjs';

/** The active tfjs backend when it keeps tensors in host memory, else null. */
export function hostBackend(): 'wasm' | 'cpu' | null {
  const backend = tf.getBackend();
  return backend === 'wasm' || backend === 'cpu' ? backend : null;
}

/** Whether the active tfjs backend keeps tensors in host memory. */
export function onHostBackend(): boolean {
  return hostBackend() !== null;
}

/** The parts of tfjs's wasm backend that place a tensor's values in its heap (the kernels' own way to make outputs). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

function wasmHeapBackend(): WasmHeapBackend | null {
  return tf.getBackend() === 'wasm' ? (tf.backend() as unknown as WasmHeapBackend) : null;
}

/**
 * The values of a float32 tensor without a copy where its backend allows: on wasm a view of the heap, on cpu the
 * backend's own array (elsewhere a copy). Read it, never write it, and only until the next tfjs call: a heap that grows
 * detaches the view. Copies of 600 KB per 224² image otherwise fill the garbage collector's external memory budget,
 * and each 64 MB of it costs a full collection.
 */
export function hostValuesView(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`hostValuesView reads float32 tensors, not ${t.dtype}.`);
  return wasmHeapBackend()?.typedArrayFromHeap(t) ?? (t.dataSync() as Float32Array);
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes, on wasm straight into the heap (no upload copy). `fill`
 * must not call tfjs (see hostValuesView); it may read other tensors' views taken inside it.
 */
export function tensorFilledOnHost(shape: readonly number[], fill: (out: Float32Array) => void): tf.Tensor {
  const backend = wasmHeapBackend();
  if (!backend) {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    fill(values);
    return tf.tensor(values, [...shape], 'float32');
  }
  const info = backend.makeOutput([...shape], 'float32');
  try {
    fill(backend.typedArrayFromHeap(info));
  } catch (err) {
    backend.disposeData(info.dataId, true);
    throw err;
  }
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** tensorFilledOnHost for an [b, H, W, c] image batch. */
export function tensor4dFilledOnHost(shape: readonly [number, number, number, number], fill: (out: Float32Array) => void): tf.Tensor4D {
  return tensorFilledOnHost(shape, fill) as tf.Tensor4D;
}
