// The backends the bench measures, each in its own child process (tfjs picks one backend per process), best first.
// webgpu is tried as the machine offers it (a hardware adapter through the platform's native API); with
// BENCH_WEBGPU_SOFTWARE=1 it is also run on Mesa's llvmpipe through OpenGL ES: software rendering on the CPU, not a GPU.
import type { BackendInfo } from '../../src/protocol/backend';
import { DAWN_BACKEND_ENV, WEBGPU_FEATURE_LEVEL_ENV } from '../../src/engine/webgpu/dawnSettings';
import { adapterSummary } from '../../src/engine/webgpu/describeAdapter';

export type BackendRunId = 'tensorflow' | 'webgpu' | 'webgpu-software' | 'wasm' | 'cpu';

export interface BackendRun {
  id: BackendRunId;
  backend: BackendInfo['name'];
  /** Environment variables set (a string) or removed (undefined) for the child. */
  env: Record<string, string | undefined>;
  /** Whether the run is meant for a software WebGPU adapter (and only then accepts one). */
  softwareWebgpu: boolean;
}

const NO_DAWN_OVERRIDES = { [DAWN_BACKEND_ENV]: undefined, [WEBGPU_FEATURE_LEVEL_ENV]: undefined };

const RUNS: readonly BackendRun[] = [
  { id: 'tensorflow', backend: 'tensorflow', env: {}, softwareWebgpu: false },
  { id: 'webgpu', backend: 'webgpu', env: NO_DAWN_OVERRIDES, softwareWebgpu: false },
  // Dawn's OpenGL ES backend runs only at WebGPU's compatibility feature level.
  { id: 'webgpu-software', backend: 'webgpu', env: { [DAWN_BACKEND_ENV]: 'opengles', [WEBGPU_FEATURE_LEVEL_ENV]: 'compatibility' }, softwareWebgpu: true },
  { id: 'wasm', backend: 'wasm', env: {}, softwareWebgpu: false },
  { id: 'cpu', backend: 'cpu', env: {}, softwareWebgpu: false },
];

/** The runs for this environment: the software WebGPU run only when BENCH_WEBGPU_SOFTWARE=1. */
export function backendRuns(env: NodeJS.ProcessEnv): BackendRun[] {
  return RUNS.filter((run) => !run.softwareWebgpu || env.BENCH_WEBGPU_SOFTWARE === '1');
}

export function backendRun(id: string): BackendRun {
  const run = RUNS.find((r) => r.id === id);
  if (!run) throw new Error(`no bench backend run named ${id}`);
  return run;
}

/** `base` with the run's variables set or removed. */
export function childEnv(run: BackendRun, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [name, value] of Object.entries(run.env)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Why the backend that initialised is not the one this run measures, or null when it is. */
export function mismatch(run: BackendRun, info: BackendInfo): string | null {
  const tried = info.log.filter((line) => line.startsWith(`${run.backend}:`)).join('; ');
  if (info.name !== run.backend) return tried || `${run.backend} did not initialise`;
  const software = info.adapter?.type === 'cpu';
  if (software && !run.softwareWebgpu) return `Dawn offered only a software adapter (${info.label}); set BENCH_WEBGPU_SOFTWARE=1 to measure software rendering`;
  return null;
}

/** A short column name: "wasm", "cpu", "webgpu nvidia-h100-80gb-hbm3 (Vulkan)", "webgpu llvmpipe-… (OpenGL ES, software)". */
export function shortLabel(info: BackendInfo): string {
  const where = info.adapter ? adapterSummary(info.adapter) : info.deviceName;
  return where ? `${info.name} ${where}` : info.name;
}
