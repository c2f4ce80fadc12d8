// Which Dawn backend and WebGPU feature level the webgpu backend asks for. `auto` uses the platform's native API at
// the core feature level; an explicit `webgpu` preference may name others through the environment, so that a software
// adapter (Mesa's llvmpipe through OpenGL ES) can be tested on a machine without a GPU.
import { dawnBackends, webgpuFeatureLevels, type DawnBackend, type WebGpuFeatureLevel } from '../../protocol/backend';

export const DAWN_BACKEND_ENV = 'ROBUSTNESS_LENS_DAWN_BACKEND';
export const WEBGPU_FEATURE_LEVEL_ENV = 'ROBUSTNESS_LENS_WEBGPU_FEATURE_LEVEL';

export interface DawnSettings { dawnBackend: DawnBackend; featureLevel: WebGpuFeatureLevel }

/** The API Dawn's Node bindings use by default on `platform`, or null where they have none. */
export function platformDawnBackend(platform: NodeJS.Platform): DawnBackend | null {
  if (platform === 'linux') return 'vulkan';
  if (platform === 'darwin') return 'metal';
  if (platform === 'win32') return 'd3d12';
  return null;
}

function fromEnv<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[]): T | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name}=${env[name]} is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** The settings for this run; throws when the environment names an unknown value or the platform has no default. */
export function dawnSettings(explicit: boolean, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): DawnSettings {
  const dawnBackend = (explicit ? fromEnv(env, DAWN_BACKEND_ENV, dawnBackends) : undefined) ?? platformDawnBackend(platform);
  if (!dawnBackend) throw new Error(`Dawn has no default graphics API on ${platform}`);
  const featureLevel = (explicit ? fromEnv(env, WEBGPU_FEATURE_LEVEL_ENV, webgpuFeatureLevels) : undefined) ?? 'core';
  return { dawnBackend, featureLevel };
}
