// Dawn's WebGPU for Node (the `webgpu` package). It is an ES module, so the CommonJS engine bundle loads it with a
// dynamic import(), which esbuild leaves to Node (and to VS Code's Electron) at run time.
import type * as Webgpu from 'webgpu';

export type Dawn = typeof Webgpu;
export type DawnGpu = ReturnType<Dawn['create']>;
export type DawnAdapter = NonNullable<Awaited<ReturnType<DawnGpu['requestAdapter']>>>;

export function loadDawn(): Promise<Dawn> {
  return import('webgpu');
}
