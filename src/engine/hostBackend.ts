// Whether the active tfjs backend keeps tensors in host memory (wasm, cpu): there the corruptions' host kernels and the
// inference input's one-pass scaling run on typed arrays instead of tensor ops; GPU backends keep the tensor path.
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
