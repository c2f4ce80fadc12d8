// The bench's own logic: which backend runs it makes, the environment each child gets, the guard that keeps a
// figure from being reported under the wrong backend (a software WebGPU adapter is never a GPU row), and the table text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { BackendInfo, WebGpuAdapter } from '../../../src/protocol/backend';
import { backendRun, backendRuns, childEnv, mismatch, shortLabel } from '../../../scripts/bench/backendRuns';
import { rate, ratio, textTable } from '../../../scripts/bench/textTable';

const llvmpipe: WebGpuAdapter = {
  device: 'llvmpipe-llvm-15-0-6-256-bits', description: 'OpenGL ES 3.2 Mesa 22.3.6', vendor: 'mesa', architecture: '', type: 'cpu',
  dawnBackend: 'opengles', featureLevel: 'compatibility',
};
const h100: WebGpuAdapter = { ...llvmpipe, device: 'nvidia-h100-80gb-hbm3', description: 'NVIDIA 550', vendor: 'nvidia', type: 'unknown', dawnBackend: 'vulkan', featureLevel: 'core' };

function info(name: BackendInfo['name'], adapter: WebGpuAdapter | null = null, log: string[] = []): BackendInfo {
  return { name, device: adapter && adapter.type !== 'cpu' ? 'GPU' : 'CPU', deviceName: adapter?.device ?? null, label: `TF.js ${name}`, adapter, log, tfjsVersion: '4.22.0', threads: 1 };
}

test('the software WebGPU run is made only when asked for, best backend first', () => {
  assert.deepEqual(backendRuns({}).map((run) => run.id), ['tensorflow', 'webgpu', 'wasm', 'cpu']);
  assert.deepEqual(backendRuns({ BENCH_WEBGPU_SOFTWARE: '1' }).map((run) => run.id), ['tensorflow', 'webgpu', 'webgpu-software', 'wasm', 'cpu']);
  assert.throws(() => backendRun('tpu'), /no bench backend run named tpu/);
});

test('a child gets Dawn OpenGL ES at the compatibility level for the software run, and no Dawn override for the hardware run', () => {
  const base = { PATH: '/usr/bin', ROBUSTNESS_LENS_DAWN_BACKEND: 'opengles', ROBUSTNESS_LENS_WEBGPU_FEATURE_LEVEL: 'compatibility' };
  assert.deepEqual(childEnv(backendRun('webgpu'), base), { PATH: '/usr/bin' });
  assert.deepEqual(childEnv(backendRun('webgpu-software'), { PATH: '/usr/bin' }), base);
  assert.deepEqual(childEnv(backendRun('wasm'), base), base);
});

test('a figure is refused when another backend initialised, or when the hardware run got a software adapter', () => {
  assert.equal(mismatch(backendRun('wasm'), info('wasm')), null);
  assert.equal(mismatch(backendRun('webgpu'), info('webgpu', h100)), null);
  assert.equal(mismatch(backendRun('webgpu-software'), info('webgpu', llvmpipe)), null);
  assert.match(mismatch(backendRun('webgpu'), info('webgpu', llvmpipe)) ?? '', /only a software adapter.*BENCH_WEBGPU_SOFTWARE=1/);
  assert.equal(mismatch(backendRun('tensorflow'), info('wasm', null, ['tensorflow: tfjs-node-gpu unavailable', 'wasm: ready'])), 'tensorflow: tfjs-node-gpu unavailable');
  assert.equal(mismatch(backendRun('webgpu'), info('wasm')), 'webgpu did not initialise');
});

test('column names say the adapter and whether it is software', () => {
  assert.equal(shortLabel(info('wasm')), 'wasm');
  assert.match(shortLabel(info('webgpu', llvmpipe)), /^webgpu llvmpipe-llvm-15-0-6-256-bits \(OpenGL ES, software\)$/);
  assert.match(shortLabel(info('webgpu', h100)), /^webgpu nvidia-h100-80gb-hbm3 \(Vulkan\)$/);
});

test('ratios and rates are printed with the precision their size needs', () => {
  assert.equal(ratio(10.7, 0.33), '32×');
  assert.equal(ratio(1.6, 0.33), '4.8×');
  assert.equal(ratio(10.7, 38.7), '0.28×');
  assert.equal(ratio(1, undefined), '—');
  assert.equal(ratio(1, 0), '—');
  assert.deepEqual([rate(408.4), rate(10.74), rate(0.334)], ['408', '10.7', '0.33']);
});

test('a text table pads every column to its widest cell, the first to the left and the rest to the right', () => {
  assert.deepEqual(textTable(['backend', 'images/s'], [['wasm', '10.7'], ['cpu', '0.33']]), [
    'backend  images/s',
    '-------  --------',
    'wasm         10.7',
    'cpu          0.33',
  ]);
});
