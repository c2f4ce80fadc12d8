// The webgpu backend: tfjs-backend-webgpu on Dawn. In `auto` it is used only on a hardware adapter reached through the
// platform's native API; a software rasteriser is slower than wasm and is taken only when webgpu is asked for by name.
import * as tf from '@tensorflow/tfjs';
import { dawnBackendNames, type WebGpuAdapter } from '../../protocol/backend';
import { firstLine } from '../errors';
import { loadDawn } from './dawn';
import { dawnSettings, DAWN_BACKEND_ENV, WEBGPU_FEATURE_LEVEL_ENV } from './dawnSettings';
import { adapterSummary, describeAdapter } from './describeAdapter';
import { exposeGpu } from './exposeGpu';
import { probeAdapter } from './probeAdapter';
import { vulkanLoaderMayExist } from './vulkanLoader';

/** Initialises the webgpu backend and returns its adapter, or null (with the reason in `log`). */
export async function tryWebgpu(explicit: boolean, log: string[]): Promise<WebGpuAdapter | null> {
  try {
    if (!explicit && (process.env[DAWN_BACKEND_ENV] || process.env[WEBGPU_FEATURE_LEVEL_ENV])) {
      log.push(`webgpu: ${DAWN_BACKEND_ENV} and ${WEBGPU_FEATURE_LEVEL_ENV} apply only when the webgpu backend is asked for by name`);
    }
    const settings = dawnSettings(explicit, process.env, process.platform);
    if (!explicit && settings.dawnBackend === 'vulkan' && process.platform === 'linux' && !vulkanLoaderMayExist(process.env)) {
      log.push('webgpu: no Vulkan loader (libvulkan.so.1) on this machine; install libvulkan1 and the GPU\'s Vulkan driver to use it');
      return null;
    }
    // Mesa's EGL needs no display server when told so; set before Dawn first opens EGL.
    if (settings.dawnBackend.startsWith('opengl') && !process.env.EGL_PLATFORM) process.env.EGL_PLATFORM = 'surfaceless';
    // A child process looks first: where there is no adapter to use, Dawn never loads here and prints nothing.
    const probe = await probeAdapter(settings);
    if ('failure' in probe) {
      log.push(`webgpu: unavailable (${probe.failure})`);
      return null;
    }
    const noAdapter = `webgpu: Dawn found no ${dawnBackendNames[settings.dawnBackend]} adapter at the ${settings.featureLevel} feature level (no GPU, or no driver for it)`;
    if (!probe.adapter) {
      log.push(noAdapter);
      return null;
    }
    const probed = describeAdapter(probe.adapter, settings);
    if (probed.type === 'cpu' && !explicit) {
      log.push(`webgpu: skipped ${adapterSummary(probed)}: a software rasteriser is slower than wasm (choose the webgpu backend by name to use it)`);
      return null;
    }
    const dawn = await loadDawn();
    const gpu = dawn.create([`backend=${settings.dawnBackend}`]);
    const found = await gpu.requestAdapter({ powerPreference: 'high-performance', featureLevel: settings.featureLevel });
    if (!found) {
      log.push(noAdapter);
      return null;
    }
    const adapter = describeAdapter(found.info, settings);
    exposeGpu(dawn.globals, gpu, found);
    // Registers the 'webgpu' backend with tfjs-core, which it does only when navigator.gpu exists at load time.
    require('@tensorflow/tfjs-backend-webgpu');
    if (await tf.setBackend('webgpu')) {
      log.push(`webgpu: ready on ${adapterSummary(adapter)}, ${adapter.featureLevel} feature level; ${adapter.description}`);
      return adapter;
    }
    log.push(`webgpu: ${adapterSummary(adapter)} found but the backend did not initialise`);
  } catch (err) {
    log.push(`webgpu: unavailable (${firstLine(err)})`);
  }
  return null;
}
