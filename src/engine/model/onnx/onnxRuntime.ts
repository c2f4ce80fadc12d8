// Runs an ONNX graph's forward pass on ONNX Runtime (onnxruntime-node), the fast path for every analysis that needs no
// gradient: on CUDA where its provider has been installed, on WebGPU when the engine runs on WebGPU, else on the CPU
// with one intra-op thread per core. A provider that fails to load falls through to the next, and says why.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { existsSync } from 'node:fs';
import { arch, availableParallelism, platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UserFacingError, errorMessage } from '../../errors';

// ONNX Runtime's own telemetry is off unless the user's environment says otherwise: left on (onnxruntime-node 1.30 on
// Linux), every process that opens a session leaves a mat-debug-<pid>.log in the temp directory and keeps a device id
// and an event store under ~/.cache/Microsoft/DeveloperTools/.onnxruntime. It is read when the first session is made.
process.env.ORT_DISABLE_TELEMETRY ??= '1';

export interface OnnxRuntimeSession {
  /** The execution provider the session runs on ('cuda', 'webgpu', 'cpu'). */
  provider: string;
  /** The provider in words, for the inspection. */
  description: string;
  /** Why better providers were passed over, one line each; empty when the first choice loaded. */
  fallbacks: string[];
  /** The graph's first output for a batch of model inputs (NHWC, already preprocessed), as [N, outputWidth]. */
  run(x: tf.Tensor4D): Promise<tf.Tensor2D>;
  /** The same for model inputs already in host memory, in the graph's own layout: `shape` is [N, …the graph's image dims]. */
  runValues(values: Float32Array, shape: readonly number[]): Promise<tf.Tensor2D>;
  release(): Promise<void>;
}

/**
 * Whether ONNX Runtime's CUDA provider library sits beside its binding: npm does not fetch it (it comes from NuGet);
 * `node node_modules/onnxruntime-node/script/install.js --onnxruntime-node-install=cuda12` puts it there.
 */
function cudaProviderInstalled(): boolean {
  const binding = join(dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', platform(), arch());
  return existsSync(join(binding, platform() === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so'));
}

/** Set for sweep worker processes: ONNX Runtime's intra-op threads in this process (default: one per core). */
export const ONNX_THREADS_VARIABLE = 'ROBUSTNESS_LENS_ONNX_THREADS';

function intraOpThreads(): number {
  const share = Number(process.env[ONNX_THREADS_VARIABLE]);
  return Number.isInteger(share) && share >= 1 ? share : availableParallelism();
}

/** The providers to try, best first: CUDA when installed; WebGPU when the engine's own WebGPU backend found an adapter. */
function providerOrder(): string[] {
  return [...(cudaProviderInstalled() ? ['cuda'] : []), ...(tf.getBackend() === 'webgpu' ? ['webgpu'] : []), 'cpu'];
}

async function createSession(path: string, provider: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, {
    executionProviders: [provider],
    intraOpNumThreads: intraOpThreads(),
    graphOptimizationLevel: 'all',
  });
}

/** Opens `path` on the best provider that loads it; `layout` is how the graph takes its image input, `fixedBatch` the batch baked into it (null: dynamic). */
export async function openOnnxRuntime(path: string, layout: 'NCHW' | 'NHWC', fixedBatch: number | null): Promise<OnnxRuntimeSession> {
  const failures: string[] = [];
  for (const provider of providerOrder()) {
    let session: ort.InferenceSession;
    try {
      session = await createSession(path, provider);
    } catch (err) {
      failures.push(`${provider}: ${errorMessage(err)}`);
      continue;
    }
    const [inputName] = session.inputNames;
    const [outputName] = session.outputNames;
    // A fixed batch runs in pieces of that size, the last padded with zeros and its extra rows dropped.
    const runValues = async (data: Float32Array, [count, ...imageDims]: readonly number[]): Promise<tf.Tensor2D> => {
      const imageSize = data.length / count;
      const piece = fixedBatch ?? count;
      const rows: Float32Array[] = [];
      for (let start = 0; start < count; start += piece) {
        const size = Math.min(piece, count - start);
        const input = piece === count ? data : new Float32Array(piece * imageSize);
        if (input !== data) input.set(data.subarray(start * imageSize, (start + size) * imageSize));
        const results = await session.run({ [inputName]: new ort.Tensor('float32', input, [piece, ...imageDims]) });
        const values = results[outputName].data as Float32Array;
        rows.push(values.subarray(0, (values.length / piece) * size));
      }
      const width = rows[0].length / Math.min(piece, count);
      const joined = new Float32Array(count * width);
      let offset = 0;
      for (const part of rows) { joined.set(part, offset); offset += part.length; }
      return tf.tensor2d(joined, [count, width]);
    };
    return {
      provider,
      description: `ONNX Runtime · ${provider}${provider === 'cpu' ? `, ${intraOpThreads()} thread${intraOpThreads() === 1 ? '' : 's'}` : ''}`,
      fallbacks: failures,
      run: async (x) => {
        const fed = layout === 'NCHW' ? tf.transpose(x, [0, 3, 1, 2]) : x;
        const data = await fed.data() as Float32Array;
        if (fed !== x) fed.dispose();
        return runValues(data, fed.shape);
      },
      runValues,
      release: () => session.release(),
    };
  }
  throw new UserFacingError(`ONNX Runtime could not load ${basename(path)} (${failures.join('; ')}).`, 'unsupported');
}
