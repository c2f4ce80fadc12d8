// The CUDA provider install command and the file the engine looks for, which must be the same.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { onnxCudaInstallCommand, onnxCudaProviderLibrary } from '../../../src/extension/gpuBackend/onnxCudaProvider';
import { ONNX_CUDA_INSTALL, failureMessage } from '../../../src/extension/gpuBackend/installMessages';

test('the install script runs under VS Code\'s Node, told to fetch CUDA 12 whatever npm\'s configuration says', () => {
  const install = onnxCudaInstallCommand('/ext', '/opt/code/code', { PATH: '/usr/bin', npm_config_onnxruntime_node_install: 'skip' });
  assert.equal(install.command, '/opt/code/code');
  assert.deepEqual(install.args, [path.join('/ext', 'node_modules', 'onnxruntime-node', 'script', 'install.js'), '--onnxruntime-node-install=cuda12']);
  assert.equal(install.cwd, path.join('/ext', 'node_modules', 'onnxruntime-node'));
  // The script reads ONNXRUNTIME_NODE_INSTALL before npm's configuration.
  assert.equal(install.env.ONNXRUNTIME_NODE_INSTALL, 'cuda12');
  assert.equal(install.env.ELECTRON_RUN_AS_NODE, '1');
  assert.equal(install.env.PATH, '/usr/bin');
});

test('the provider library is looked for where onnxruntime-node\'s binding lives', () => {
  assert.equal(onnxCudaProviderLibrary('/ext', 'linux', 'x64'), path.join('/ext', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'));
  assert.match(onnxCudaProviderLibrary('/ext', 'win32', 'x64'), /onnxruntime_providers_cuda\.dll$/);
  // The binding this repository installs sits in the same folder.
  const binding = onnxCudaProviderLibrary(process.cwd(), 'linux', 'x64').replace('libonnxruntime_providers_cuda.so', 'onnxruntime_binding.node');
  assert.ok(existsSync(binding), binding);
});

test('a failed provider install names the install script and NuGet, not npm and libtensorflow', () => {
  const offline = ['Error: getaddrinfo ENOTFOUND api.nuget.org'];
  assert.match(failureMessage({ reason: 'failed', exitCode: 1, signal: null }, offline, ONNX_CUDA_INSTALL) ?? '', /^onnxruntime-node's install script exited with code 1 while installing ONNX Runtime's CUDA provider: .*ENOTFOUND api\.nuget\.org/);
  assert.match(failureMessage({ reason: 'timedOut', limitMs: 60_000 }, [], ONNX_CUDA_INSTALL) ?? '', /api\.nuget\.org/);
});
