// Picks the tfjs backend, best first: tensorflow (tfjs-node-gpu, then tfjs-node) › wasm › cpu.
// Every failure is caught and logged; tensors must only be created after selectBackend() resolves.
import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import type { BackendInfo, BackendPreference } from '../protocol/backend';
import { registerWasmGradientKernels } from './kernels/wasmGradients';

type BackendName = BackendInfo['name'];

async function tryTensorflow(log: string[]): Promise<{ gpu: boolean } | null> {
  for (const [pkg, gpu] of [['@tensorflow/tfjs-node-gpu', true], ['@tensorflow/tfjs-node', false]] as const) {
    try {
      // Loading the native binding registers the 'tensorflow' backend with tfjs-core.
      require(pkg);
      if (await tf.setBackend('tensorflow')) {
        log.push(`tensorflow: loaded ${pkg}`);
        return { gpu };
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

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** The name of the first NVIDIA GPU, from nvidia-smi, or null. */
function nvidiaGpuName(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { timeout: 5000 }, (err, stdout) =>
      resolve(err ? null : stdout.split('\n')[0].trim() || null));
  });
}

let selected: BackendInfo | null = null;

/** Chooses and initialises the backend once per process; later calls return the same answer. */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendInfo> {
  if (selected) return selected;
  const log: string[] = [];
  let name: BackendName = 'cpu';
  let device: BackendInfo['device'] = 'CPU';
  let deviceName: string | null = null;
  const order: BackendName[] = preference === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [preference, ...(['wasm', 'cpu'] as BackendName[]).filter((b) => b !== preference)];
  for (const candidate of order) {
    if (candidate === 'tensorflow') {
      const tfResult = await tryTensorflow(log);
      if (tfResult) {
        name = 'tensorflow';
        deviceName = tfResult.gpu ? await nvidiaGpuName() : null;
        device = deviceName ? 'GPU' : 'CPU';
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
  const label = `TF.js ${name} · ${device}${deviceName ? ` ${deviceName}` : ''}`;
  selected = { name, device, deviceName, label, log, tfjsVersion: tf.version.tfjs, threads: 1 };
  return selected;
}
