// Picks the tfjs backend, best first: tensorflow (tfjs-node-gpu, then tfjs-node) › webgpu › wasm › cpu.
// Every failure is caught and logged; tensors must only be created after selectBackend() resolves.
import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import type { BackendInfo, BackendPreference, WebGpuAdapter } from '../protocol/backend';
import { firstLine } from './errors';
import { requireOptional } from './extraModules';
import { registerWasmGradientKernels } from './kernels/wasmGradients';
import { adapterName, adapterSummary } from './webgpu/describeAdapter';
import { tryWebgpu } from './webgpu/webgpuBackend';

type BackendName = BackendInfo['name'];

async function tryTensorflow(log: string[]): Promise<{ gpu: boolean } | null> {
  for (const [pkg, gpu] of [['@tensorflow/tfjs-node-gpu', true], ['@tensorflow/tfjs-node', false]] as const) {
    try {
      // Loading the native binding registers the 'tensorflow' backend with tfjs-core: the engine's own, which it shares.
      requireOptional(pkg, undefined, { '@tensorflow/tfjs': tf, '@tensorflow/tfjs-core': tf });
      if (await tf.setBackend('tensorflow')) {
        // libtensorflow falls back to the CPU, quietly, when it cannot load CUDA or cuDNN.
        const onGpu = gpu && (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
        log.push(`tensorflow: loaded ${pkg}${gpu && !onGpu ? ' but libtensorflow found no usable GPU (CUDA 11.2 and cuDNN 8.1 libraries missing?); it runs on the CPU' : ''}`);
        return { gpu: onGpu };
      }
      log.push(`tensorflow: ${pkg} loaded but the backend did not initialise`);
    } catch (err) {
      log.push(`tensorflow: ${pkg} unavailable (${firstLine(err)})`);
    }
  }
  return null;
}

async function tryWasm(log: string[]): Promise<boolean> {
  try {
    require('@tensorflow/tfjs-backend-wasm');
    if (await tf.setBackend('wasm')) {
      registerWasmGradientKernels();
      log.push('wasm: ready (single-threaded in Node; missing gradient kernels registered from wasm ops)');
      return true;
    }
    log.push('wasm: backend did not initialise');
  } catch (err) {
    log.push(`wasm: unavailable (${firstLine(err)})`);
  }
  return false;
}

/** The name of the first NVIDIA GPU, from nvidia-smi, or null. */
function nvidiaGpuName(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { timeout: 5000 }, (err, stdout) =>
      resolve(err ? null : stdout.split('\n')[0].trim() || null));
  });
}

/** The backends to try for `preference`, best first; a named one falls back to wasm, then cpu. */
function candidates(preference: BackendPreference): BackendName[] {
  if (preference === 'auto') return ['tensorflow', 'webgpu', 'wasm', 'cpu'];
  return [preference, ...(['wasm', 'cpu'] as const).filter((b) => b !== preference)];
}

let selected: BackendInfo | null = null;

/**
 * Why `info`'s backend was chosen, in one line: what each backend tried before it said, shortened to its first clause
 * (e.g. "tensorflow: @tensorflow/tfjs-node unavailable; webgpu: no Vulkan loader (libvulkan.so.1) on this machine");
 * empty when the first candidate was taken.
 */
export function backendChoiceReason(info: Pick<BackendInfo, 'name' | 'log'>): string {
  const lastLineOf = new Map<string, string>();
  for (const line of info.log) {
    const backend = line.slice(0, line.indexOf(':'));
    if (backend && backend !== info.name) lastLineOf.set(backend, line.split(/ \(|; /)[0]);
  }
  return [...lastLineOf.values()].join('; ');
}

/** Chooses and initialises the backend once per process; later calls return the same answer. */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendInfo> {
  if (selected) return selected;
  const log: string[] = [];
  let name: BackendName = 'cpu';
  let device: BackendInfo['device'] = 'CPU';
  let deviceName: string | null = null;
  let adapter: WebGpuAdapter | null = null;
  for (const candidate of candidates(preference)) {
    if (candidate === 'tensorflow') {
      const tfResult = await tryTensorflow(log);
      if (tfResult) {
        name = 'tensorflow';
        deviceName = tfResult.gpu ? await nvidiaGpuName() : null;
        device = tfResult.gpu ? 'GPU' : 'CPU';
        break;
      }
    } else if (candidate === 'webgpu') {
      adapter = await tryWebgpu(preference === 'webgpu', log);
      if (adapter) {
        name = 'webgpu';
        deviceName = adapterName(adapter);
        device = adapter.type === 'cpu' ? 'CPU' : 'GPU';
        break;
      }
    } else if (candidate === 'wasm') {
      if (await tryWasm(log)) { name = 'wasm'; break; }
    } else {
      await tf.setBackend('cpu');
      log.push('cpu: ready (plain JavaScript kernels)');
      name = 'cpu';
      break;
    }
  }
  await tf.ready();
  const where = adapter ? adapterSummary(adapter) : deviceName;
  const label = `TF.js ${name} · ${device}${where ? ` ${where}` : ''}`;
  selected = { name, device, deviceName, label, adapter, log, tfjsVersion: tf.version.tfjs, threads: 1 };
  return selected;
}
