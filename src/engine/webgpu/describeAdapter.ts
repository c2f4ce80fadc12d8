// What the engine records about a WebGPU adapter, and whether it is a software rasteriser.
import { dawnBackendNames, type WebGpuAdapter } from '../../protocol/backend';
import type { DawnSettings } from './dawnSettings';

/** The part of a GPUAdapterInfo the engine reads. */
export interface AdapterFacts { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean }

// Dawn marks only adapters whose driver says "CPU" as fallback; Mesa's llvmpipe behind OpenGL reports no type at all.
const softwareRasteriser = /llvmpipe|lavapipe|softpipe|swiftshader|basic-render/i;

export function describeAdapter(facts: AdapterFacts, settings: DawnSettings): WebGpuAdapter {
  const software = facts.isFallbackAdapter === true || softwareRasteriser.test(`${facts.device} ${facts.description}`);
  return {
    // WebGPU's normalised identifiers turn a closing parenthesis into a trailing dash ("…-256-bits-").
    device: facts.device.replace(/^-+|-+$/g, ''),
    description: facts.description,
    vendor: facts.vendor,
    architecture: facts.architecture,
    type: software ? 'cpu' : 'unknown',
    ...settings,
  };
}

/** The adapter's name for labels: its device identifier, else its description or vendor. */
export function adapterName(adapter: WebGpuAdapter): string {
  return adapter.device || adapter.description || adapter.vendor || 'unnamed adapter';
}

/** E.g. "nvidia-h100-80gb-hbm3 (Vulkan)" or "llvmpipe-llvm-15-0-6-256-bits (OpenGL ES, software)". */
export function adapterSummary(adapter: WebGpuAdapter): string {
  return `${adapterName(adapter)} (${dawnBackendNames[adapter.dawnBackend]}${adapter.type === 'cpu' ? ', software' : ''})`;
}
