// The one line the CLI prints about its backend says which was chosen and why the better ones were passed over.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { backendChoiceReason } from '../../../src/engine/backend';

test('the reason names each backend passed over by its last attempt, cut to its first clause', () => {
  const log = [
    "tensorflow: @tensorflow/tfjs-node-gpu unavailable (Cannot find module '@tensorflow/tfjs-node-gpu')",
    "tensorflow: @tensorflow/tfjs-node unavailable (Cannot find module '@tensorflow/tfjs-node')",
    'webgpu: no Vulkan loader (libvulkan.so.1) on this machine; install libvulkan1 and the GPU\'s Vulkan driver to use it',
    'wasm: ready (single-threaded in Node; missing gradient kernels registered from wasm ops)',
  ];
  assert.equal(backendChoiceReason({ name: 'wasm', log }), 'tensorflow: @tensorflow/tfjs-node unavailable; webgpu: no Vulkan loader');
  assert.equal(backendChoiceReason({ name: 'wasm', log: [log[3]] }), '', 'nothing was passed over');
});
