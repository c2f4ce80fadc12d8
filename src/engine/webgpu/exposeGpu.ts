// tfjs-backend-webgpu expects a browser: WebGPU's constants (GPUBufferUsage, GPUMapMode, …) as globals, and an
// adapter from navigator.gpu.requestAdapter(). This hands it Dawn's globals, Dawn's GPU and the adapter the engine chose.
import type { DawnAdapter, DawnGpu } from './dawn';

/** Makes Dawn's WebGPU globals, `gpu` and its `adapter` visible where tfjs-backend-webgpu looks for them. */
export function exposeGpu(dawnGlobals: object, gpu: DawnGpu, adapter: DawnAdapter): void {
  for (const [name, value] of Object.entries(dawnGlobals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  // tfjs asks with only a power preference, which finds nothing at the compatibility feature level: answer with the adapter already chosen.
  Object.defineProperty(gpu, 'requestAdapter', { value: async (): Promise<DawnAdapter> => adapter, configurable: true });
  // navigator.gpu also keeps Dawn's instance alive: it lives only while this object is reachable, and a collected one
  // takes the device tfjs computes on with it (a native crash).
  const existing: unknown = Reflect.get(globalThis, 'navigator');
  // Node ≥ 21 has a navigator of its own: add `gpu` to it rather than replace it.
  if (typeof existing === 'object' && existing !== null) Object.defineProperty(existing, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}
