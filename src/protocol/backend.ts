// Which tfjs backend the engine runs on, and why.
export const backendPreferences = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof backendPreferences)[number];

/** The native graphics APIs Dawn can run WebGPU on (its `backend=` option). */
export const dawnBackends = ['vulkan', 'metal', 'd3d12', 'd3d11', 'opengl', 'opengles'] as const;
export type DawnBackend = (typeof dawnBackends)[number];

export const dawnBackendNames: Record<DawnBackend, string> = {
  vulkan: 'Vulkan', metal: 'Metal', d3d12: 'D3D12', d3d11: 'D3D11', opengl: 'OpenGL', opengles: 'OpenGL ES',
};

export const webgpuFeatureLevels = ['core', 'compatibility'] as const;
export type WebGpuFeatureLevel = (typeof webgpuFeatureLevels)[number];

/** The WebGPU adapter the webgpu backend computes on, as Dawn describes it. */
export interface WebGpuAdapter {
  /** Dawn's device identifier (normalised: lower case, dashes), e.g. "nvidia-h100-80gb-hbm3" or "llvmpipe-llvm-15-0-6-256-bits". */
  device: string;
  /** Dawn's free-text description (driver and version), e.g. "OpenGL version OpenGL ES 3.2 Mesa 22.3.6". */
  description: string;
  vendor: string;
  architecture: string;
  /**
   * 'cpu' for a software rasteriser (Dawn's fallback adapter, or llvmpipe, lavapipe, SwiftShader, WARP by name).
   * Dawn's Node bindings do not say whether a hardware adapter is discrete or integrated, so those read 'unknown'.
   */
  type: 'discrete' | 'integrated' | 'cpu' | 'unknown';
  dawnBackend: DawnBackend;
  featureLevel: WebGpuFeatureLevel;
}

export interface BackendInfo {
  name: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  device: 'GPU' | 'CPU';
  /** The device's name when a GPU backend found one (nvidia-smi's name for tensorflow, the adapter's for webgpu). */
  deviceName: string | null;
  /** Short label for the status bar, e.g. "TF.js wasm · CPU" or "TF.js webgpu · GPU nvidia-h100-80gb-hbm3 (Vulkan)". */
  label: string;
  /** The WebGPU adapter when the backend is webgpu, else null. */
  adapter: WebGpuAdapter | null;
  /** One line per backend tried, in order, saying what happened. */
  log: string[];
  tfjsVersion: string;
  /** Threads the backend computes with (wasm in Node: 1). */
  threads: number;
}
