// Which Dawn backend and feature level the webgpu backend asks for, and how it names and classifies the adapter it gets.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dawnSettings, DAWN_BACKEND_ENV, WEBGPU_FEATURE_LEVEL_ENV } from '../../../src/engine/webgpu/dawnSettings';
import { adapterSummary, describeAdapter } from '../../../src/engine/webgpu/describeAdapter';

const softwareEnv = { [DAWN_BACKEND_ENV]: 'opengles', [WEBGPU_FEATURE_LEVEL_ENV]: 'compatibility' };

test('auto uses the platform API at the core level and ignores the environment; a named webgpu backend reads it', () => {
  assert.deepEqual(dawnSettings(false, softwareEnv, 'linux'), { dawnBackend: 'vulkan', featureLevel: 'core' });
  assert.deepEqual(dawnSettings(false, {}, 'darwin'), { dawnBackend: 'metal', featureLevel: 'core' });
  assert.deepEqual(dawnSettings(false, {}, 'win32'), { dawnBackend: 'd3d12', featureLevel: 'core' });
  assert.deepEqual(dawnSettings(true, softwareEnv, 'linux'), { dawnBackend: 'opengles', featureLevel: 'compatibility' });
  assert.deepEqual(dawnSettings(true, { [DAWN_BACKEND_ENV]: ' Vulkan ' }, 'linux'), { dawnBackend: 'vulkan', featureLevel: 'core' });
  assert.throws(() => dawnSettings(true, { [DAWN_BACKEND_ENV]: 'gles' }, 'linux'), /ROBUSTNESS_LENS_DAWN_BACKEND=gles is not one of vulkan, metal/);
  assert.throws(() => dawnSettings(true, { [WEBGPU_FEATURE_LEVEL_ENV]: 'compat' }, 'linux'), /is not one of core, compatibility/);
  assert.throws(() => dawnSettings(false, {}, 'freebsd'), /no default graphics API on freebsd/);
});

test('software rasterisers are CPU adapters, by Dawn fallback flag or by name; a hardware adapter is of unknown kind', () => {
  const llvmpipe = describeAdapter(
    { vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6', isFallbackAdapter: false },
    { dawnBackend: 'opengles', featureLevel: 'compatibility' },
  );
  assert.deepEqual(llvmpipe, {
    device: 'llvmpipe-llvm-15-0-6-256-bits', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6', vendor: '', architecture: '',
    type: 'cpu', dawnBackend: 'opengles', featureLevel: 'compatibility',
  });
  assert.equal(adapterSummary(llvmpipe), 'llvmpipe-llvm-15-0-6-256-bits (OpenGL ES, software)');

  const vulkan = { dawnBackend: 'vulkan', featureLevel: 'core' } as const;
  const lavapipe = describeAdapter({ vendor: 'mesa', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits', description: 'llvmpipe', isFallbackAdapter: true }, vulkan);
  assert.equal(lavapipe.type, 'cpu');
  const swiftshader = describeAdapter({ vendor: 'google', architecture: '', device: 'swiftshader-device-subzero', description: '' }, vulkan);
  assert.equal(swiftshader.type, 'cpu');

  const h100 = describeAdapter({ vendor: 'nvidia', architecture: 'hopper', device: 'nvidia-h100-80gb-hbm3', description: 'NVIDIA: 550.54.15', isFallbackAdapter: false }, vulkan);
  assert.equal(h100.type, 'unknown');
  assert.equal(adapterSummary(h100), 'nvidia-h100-80gb-hbm3 (Vulkan)');
  assert.equal(adapterSummary({ ...h100, device: '' }), 'NVIDIA: 550.54.15 (Vulkan)', 'an adapter without a device name is named by its description');
});
