// The wasm backend ships no Conv2DBackpropFilter kernel, so training (and any gradient with respect to
// conv weights, which tfjs-core's fused-conv gradient may compute) fails there. We register one composed
// from kernels wasm does have: the filter gradient of y = conv(x, W) with stride s is itself a convolution,
//   dW[i,j,c,o] = Σ_{n,p,q} xpad[n, p·s + i, q·s + j, c] · dy[n,p,q,o],
// i.e. Conv2D(transpose(xpad) as [C,H,W,N], transpose(dy) as [Ho,Wo,N,O], stride 1, dilation s).
// It runs in wasm (XNNPACK), keeps tensors on the backend, and is checked against the cpu backend in tests.
import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';

type KernelFn = NonNullable<ReturnType<typeof tf.getKernel>>['kernelFunc'];

function wasmKernel(name: string): KernelFn {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`The wasm backend has no ${name} kernel to build gradients from.`);
  return kernel.kernelFunc;
}

function run(name: string, backend: KernelBackend, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>): TensorInfo {
  return wasmKernel(name)({ inputs, backend, attrs: attrs as never }) as TensorInfo;
}

function conv2dBackpropFilter({ inputs, backend: anyBackend, attrs }: Parameters<KernelFn>[0]): TensorInfo {
  const backend = anyBackend as KernelBackend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only.');
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error('Conv2DBackpropFilter on wasm does not support dilated convolutions.');
  const [kh, kw, cin, cout] = filterShape;
  const { top, bottom, left, right } = info.padInfo;
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo) => { temps.push(t); return t; };
  try {
    const xT = keep(run('Transpose', backend, { x }, { perm: [3, 1, 2, 0] }));            // [C, H, W, N]
    const dyT = keep(run('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }));      // [Ho, Wo, N, O]
    const explicitPad = [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]];
    const conv = keep(run('Conv2D', backend, { x: xT, filter: dyT }, {
      strides: [1, 1], pad: explicitPad, dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth], dimRoundingMode: undefined,
    }));                                                                                  // [C, ≥kh, ≥kw, O]
    const cropped = conv.shape[1] === kh && conv.shape[2] === kw ? conv
      : keep(run('Slice', backend, { x: conv }, { begin: [0, 0, 0, 0], size: [cin, kh, kw, cout] }));
    return run('Transpose', backend, { x: cropped }, { perm: [1, 2, 0, 3] });             // [kh, kw, C, O]
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

let registered = false;

/** Registers the gradient kernels the wasm backend lacks. Call after the wasm backend is set. */
export function registerWasmGradientKernels(): void {
  if (registered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const config: KernelConfig = { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilter as KernelConfig['kernelFunc'] };
  tf.registerKernel(config);
  registered = true;
}
