// Runs an ONNX graph's forward pass on ONNX Runtime (onnxruntime-node), the fast path for every analysis that needs no
// gradient: on CPU with one intra-op thread per core, on WebGPU when the engine runs on WebGPU.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { UserFacingError, errorMessage } from '../../errors';

export interface OnnxRuntimeSession {
  /** The execution provider the session runs on ('cpu', 'webgpu'). */
  provider: string;
  /** The graph's first output for a batch of model inputs (NHWC, already preprocessed), as [N, outputWidth]. */
  run(x: tf.Tensor4D): Promise<tf.Tensor2D>;
  release(): Promise<void>;
}

/** The providers to try, best first: the engine's GPU backend has an adapter, so ONNX Runtime's WebGPU provider can use it. */
function providerOrder(): string[] {
  return tf.getBackend() === 'webgpu' ? ['webgpu', 'cpu'] : ['cpu'];
}

async function createSession(path: string, provider: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, {
    executionProviders: [provider],
    intraOpNumThreads: availableParallelism(),
    graphOptimizationLevel: 'all',
  });
}

/** Opens `path` on the best provider that loads it; `layout` is how the graph takes its image input. */
export async function openOnnxRuntime(path: string, layout: 'NCHW' | 'NHWC'): Promise<OnnxRuntimeSession> {
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
    return {
      provider,
      run: async (x) => {
        const fed = layout === 'NCHW' ? tf.transpose(x, [0, 3, 1, 2]) : x;
        const data = await fed.data() as Float32Array;
        if (fed !== x) fed.dispose();
        const dims = layout === 'NCHW' ? [x.shape[0], x.shape[3], x.shape[1], x.shape[2]] : x.shape;
        const results = await session.run({ [inputName]: new ort.Tensor('float32', data, dims) });
        const output = results[outputName];
        const values = output.data as Float32Array;
        return tf.tensor2d(values, [x.shape[0], values.length / x.shape[0]]);
      },
      release: () => session.release(),
    };
  }
  throw new UserFacingError(`ONNX Runtime could not load ${basename(path)} (${failures.join('; ')}).`, 'unsupported');
}
