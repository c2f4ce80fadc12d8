// Gradient kernels the wasm backend lacks or gets wrong, each checked against the cpu backend in tests.
// - Conv2DBackpropFilter is missing, so training (and any gradient with respect to conv weights, which
//   tfjs-core's fused-conv gradient may compute) fails. It is composed from kernels wasm does have: the filter
//   gradient of y = conv(x, W) with stride s is itself a convolution,
//     dW[i,j,c,o] = Σ_{n,p,q} xpad[n, p·s + i, q·s + j, c] · dy[n,p,q,o],
//   i.e. Conv2D(transpose(xpad) as [C,H,W,N], transpose(dy) as [Ho,Wo,N,O], stride 1, dilation s).
// - DepthwiseConv2dNativeBackpropInput is missing, so FGSM and saliency fail on any depthwise model. The input
//   gradient of a depthwise convolution is a depthwise convolution of dy, dilated by the stride and padded, with
//   the spatially flipped filter (one channel per input channel × multiplier, summed over the multiplier).
// - DepthwiseConv2dNativeBackpropFilter is missing, so the gradient of tfjs-core's fused depthwise convolution (which
//   computes its filter gradient eagerly: converted graph models' FusedDepthwiseConv2dNative, MobileNet's) and training
//   fail. Each filter tap is one strided window of the padded input against dy, summed over batch and positions.
// - UnsortedSegmentSum is missing, so tf.gather's gradient fails (an ONNX Gather of many indices). It is a one-hot
//   matrix product: out[s] = Σ_i [ids_i = s]·x_i.
// - MaxPoolGrad (tfjs-backend-wasm 4.22) routes gradients to the wrong pixels for some window/stride shapes
//   (2×2 stride 2 among them), silently. It is replaced by the definition: each output's gradient goes to the
//   first maximum of its window, as TensorFlow and PyTorch do.
// The composed kernels run in wasm (XNNPACK) and keep tensors on the backend; MaxPoolGrad reads the two inputs
// from the wasm heap, which is host memory.
import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, DepthwiseConv2dNativeBackpropFilterAttrs, DepthwiseConv2dNativeBackpropInputAttrs, KernelBackend, KernelConfig, MaxPoolGradAttrs, TensorInfo, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs';

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

/** Runs `body` with a collector for intermediate kernel outputs, which are freed afterwards. */
function withTemps(backend: KernelBackend, body: (keep: (t: TensorInfo) => TensorInfo) => TensorInfo): TensorInfo {
  const temps: TensorInfo[] = [];
  try {
    return body((t) => { temps.push(t); return t; });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

function depthwiseConv2dBackpropInput({ inputs, backend: anyBackend, attrs }: Parameters<KernelFn>[0]): TensorInfo {
  const backend = anyBackend as KernelBackend;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const [kh, kw, channels, multiplier] = filter.shape;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, true);
  const [batch, height, width] = inputShape;
  const { outHeight, outWidth, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const spread = channels * multiplier;
  return withTemps(backend, (keep) => {
    // dy with (stride − 1) zeros between its rows and columns: [N, (Ho−1)·sh + 1, (Wo−1)·sw + 1, C·M].
    let dilated = dy;
    if (sh > 1 || sw > 1) {
      const spaced = keep(run('Reshape', backend, { x: dy }, { shape: [batch, outHeight, 1, outWidth, 1, spread] }));
      const padded = keep(run('PadV2', backend, { x: spaced }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 }));
      const flat = keep(run('Reshape', backend, { x: padded }, { shape: [batch, outHeight * sh, outWidth * sw, spread] }));
      dilated = keep(run('Slice', backend, { x: flat }, { begin: [0, 0, 0, 0], size: [batch, (outHeight - 1) * sh + 1, (outWidth - 1) * sw + 1, spread] }));
    }
    // Full correlation with the flipped filter: pad by (effective kernel − 1 − forward pad) before, the rest after.
    const effH = (kh - 1) * dh + 1;
    const effW = (kw - 1) * dw + 1;
    const before = [effH - 1 - info.padInfo.top, effW - 1 - info.padInfo.left];
    const after = [height + effH - 1 - before[0] - dilated.shape[1], width + effW - 1 - before[1] - dilated.shape[2]];
    const grown = keep(run('PadV2', backend, { x: dilated }, {
      paddings: [[0, 0], [Math.max(before[0], 0), Math.max(after[0], 0)], [Math.max(before[1], 0), Math.max(after[1], 0)], [0, 0]], constantValue: 0,
    }));
    const trimmed = before.some((b) => b < 0) || after.some((a) => a < 0)
      ? keep(run('Slice', backend, { x: grown }, { begin: [0, Math.max(-before[0], 0), Math.max(-before[1], 0), 0], size: [batch, height + effH - 1, width + effW - 1, spread] }))
      : grown;
    const flipped = keep(run('Reverse', backend, { x: filter }, { dims: [0, 1] }));
    const perChannel = keep(run('Reshape', backend, { x: flipped }, { shape: [kh, kw, spread, 1] }));
    const gradient = run('DepthwiseConv2dNative', backend, { x: trimmed, filter: perChannel }, {
      strides: [1, 1], pad: 'valid', dilations: [dh, dw], dimRoundingMode: undefined,
    });                                                                                     // [N, H, W, C·M]
    if (multiplier === 1) return gradient;
    keep(gradient);
    const split = keep(run('Reshape', backend, { x: gradient }, { shape: [batch, height, width, channels, multiplier] }));
    return run('Sum', backend, { x: split }, { axis: [4], keepDims: false });
  });
}

// dW[i, j, c, m] = Σ_{n,p,q} xpad[n, p·sh + i·dh, q·sw + j·dw, c] · dy[n, p, q, c·M + m], one strided window of xpad per tap (i, j).
function depthwiseConv2dBackpropFilter({ inputs, backend: anyBackend, attrs }: Parameters<KernelFn>[0]): TensorInfo {
  const backend = anyBackend as KernelBackend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, dilations, pad, dimRoundingMode, true);
  const [kh, kw, channels, multiplier] = filterShape;
  const { batchSize, outHeight, outWidth, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, bottom, left, right } = info.padInfo;
  return withTemps(backend, (keep) => {
    const padded = top > 0 || bottom > 0 || left > 0 || right > 0
      ? keep(run('PadV2', backend, { x }, { paddings: [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]], constantValue: 0 }))
      : x;
    const gradients = keep(run('Reshape', backend, { x: dy }, { shape: [batchSize, outHeight, outWidth, channels, multiplier] }));
    const taps: TensorInfo[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const window = keep(run('StridedSlice', backend, { x: padded }, {
          begin: [0, i * dh, j * dw, 0], end: [batchSize, i * dh + (outHeight - 1) * sh + 1, j * dw + (outWidth - 1) * sw + 1, channels], strides: [1, sh, sw, 1],
          beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
        }));                                                                              // [N, Ho, Wo, C]
        const column = keep(run('Reshape', backend, { x: window }, { shape: [batchSize, outHeight, outWidth, channels, 1] }));
        const products = keep(run('Multiply', backend, { a: column, b: gradients }, {}));  // [N, Ho, Wo, C, M]
        taps.push(keep(run('Sum', backend, { x: products }, { axis: [0, 1, 2], keepDims: false })));
      }
    }
    const stacked = keep(wasmKernel('Pack')({ inputs: taps as never, backend, attrs: { axis: 0 } as never }) as TensorInfo); // [kh·kw, C, M]
    return run('Reshape', backend, { x: stacked }, { shape: [kh, kw, channels, multiplier] });
  });
}

// out[s, …] = Σ_i [segmentIds_i = s] · x[i, …]: onehot(ids)ᵀ · x, ids outside [0, S) dropped as TensorFlow does.
function unsortedSegmentSum({ inputs, backend: anyBackend, attrs }: Parameters<KernelFn>[0]): TensorInfo {
  const backend = anyBackend as KernelBackend;
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  if (x.dtype !== 'float32') throw new Error(`UnsortedSegmentSum on wasm supports float32 only, not ${x.dtype}.`);
  const count = segmentIds.shape.reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(segmentIds.shape.length);
  const width = rest.reduce((a, b) => a * b, 1);
  return withTemps(backend, (keep) => {
    const ids = keep(run('Reshape', backend, { x: segmentIds }, { shape: [count] }));
    const indices = segmentIds.dtype === 'int32' ? ids : keep(run('Cast', backend, { x: ids }, { dtype: 'int32' }));
    // wasm's OneHot writes int32 values whatever dtype it is given, so it is cast.
    const oneHot = keep(run('OneHot', backend, { indices }, { depth: numSegments, onValue: 1, offValue: 0, dtype: 'int32' }));      // [k, S]
    const selector = keep(run('Cast', backend, { x: oneHot }, { dtype: 'float32' }));
    const rows = keep(run('Reshape', backend, { x }, { shape: [1, count, width] }));
    const selectorBatch = keep(run('Reshape', backend, { x: selector }, { shape: [1, count, numSegments] }));
    const summed = keep(run('BatchMatMul', backend, { a: selectorBatch, b: rows }, { transposeA: true, transposeB: false }));      // [1, S, width]
    return run('Reshape', backend, { x: summed }, { shape: [numSegments, ...rest] });
  });
}

/** The wasm backend writes host values into its heap as a new tensor (missing from the KernelBackend type). */
interface HostOutputs { makeOutput(shape: number[], dtype: 'float32', memoryOffset: undefined, values: Float32Array): TensorInfo }

// definitions of max pooling's gradient: ∂L/∂x[p] = Σ over windows whose first maximum is p of ∂L/∂y[window].
function maxPoolGrad({ inputs, backend: anyBackend, attrs }: Parameters<KernelFn>[0]): TensorInfo {
  const backend = anyBackend as KernelBackend;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const x = backend.readSync(input.dataId) as Float32Array;
  const g = backend.readSync(dy.dataId) as Float32Array;
  const dx = new Float32Array(x.length);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - info.padInfo.top;
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * strideWidth - info.padInfo.left;
        for (let c = 0; c < channels; c++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < effectiveFilterHeight; i += dilationHeight) {
            const h = top + i;
            if (h < 0 || h >= inHeight) continue;
            for (let j = 0; j < effectiveFilterWidth; j += dilationWidth) {
              const w = left + j;
              if (w < 0 || w >= inWidth) continue;
              const index = ((n * inHeight + h) * inWidth + w) * channels + c;
              if (x[index] > best || at < 0) { best = x[index]; at = index; }
            }
          }
          if (at >= 0) dx[at] += g[((n * outHeight + oh) * outWidth + ow) * channels + c];
        }
      }
    }
  }
  return (backend as KernelBackend & HostOutputs).makeOutput(input.shape, 'float32', undefined, dx);
}

let registered = false;

/** Registers the gradient kernels the wasm backend lacks and replaces the one it gets wrong. Call after the wasm backend is set. */
export function registerWasmGradientKernels(): void {
  if (registered) return;
  const kernel = (kernelName: string, kernelFunc: KernelFn): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as KernelConfig['kernelFunc'] });
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel(kernel('Conv2DBackpropFilter', conv2dBackpropFilter));
  if (!tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')) tf.registerKernel(kernel('DepthwiseConv2dNativeBackpropInput', depthwiseConv2dBackpropInput));
  if (!tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm')) tf.registerKernel(kernel('DepthwiseConv2dNativeBackpropFilter', depthwiseConv2dBackpropFilter));
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) tf.registerKernel(kernel('UnsortedSegmentSum', unsortedSegmentSum));
  if (tf.getKernel('MaxPoolGrad', 'wasm')) tf.unregisterKernel('MaxPoolGrad', 'wasm');
  tf.registerKernel(kernel('MaxPoolGrad', maxPoolGrad));
  registered = true;
}
