// Where the GPU backend is installed (a folder in the extension's global storage), the marker that says an
// install finished, and the environment that lets the engine load it.
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { EXTRA_NODE_MODULES_ENV } from '../../protocol/engineEnvironment';

export const GPU_BACKEND_PACKAGE = '@tensorflow/tfjs-node-gpu';

export interface GpuBackendFolder {
  /** npm's --prefix. */
  root: string;
  nodeModules: string;
  marker: string;
}

/** Written after a finished install; the engine uses the folder only when it is there and its version matches. */
export interface GpuBackendMarker {
  package: string;
  version: string;
  installedAt: string;
}

export function gpuBackendFolder(globalStorage: string): GpuBackendFolder {
  const root = path.join(globalStorage, 'gpu-backend');
  return { root, nodeModules: path.join(root, 'node_modules'), marker: path.join(root, 'installed.json') };
}

export async function writeMarker(folder: GpuBackendFolder, version: string, now: Date = new Date()): Promise<void> {
  const marker: GpuBackendMarker = { package: GPU_BACKEND_PACKAGE, version, installedAt: now.toISOString() };
  await mkdir(folder.root, { recursive: true });
  await writeFile(folder.marker, `${JSON.stringify(marker, null, 2)}\n`);
}

export async function removeMarker(folder: GpuBackendFolder): Promise<void> {
  await rm(folder.marker, { force: true });
}

export function readMarker(folder: GpuBackendFolder): GpuBackendMarker | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(folder.marker, 'utf8'));
    if (!parsed || typeof parsed !== 'object') return null;
    const { package: pkg, version, installedAt } = parsed as Record<string, unknown>;
    return typeof pkg === 'string' && typeof version === 'string' && typeof installedAt === 'string' ? { package: pkg, version, installedAt } : null;
  } catch {
    return null;
  }
}

export interface EngineEnvironment {
  env: Record<string, string>;
  /** Why an installed backend is not offered to the engine, for the log; null when it is, or when none is installed. */
  note: string | null;
}

/**
 * The variables the engine needs to load the installed backend. The install keeps only tfjs-node-gpu's own
 * packages (see pruneSharedPackages): the packaged engine answers its `require('@tensorflow/tfjs')` with the tfjs it
 * bundles (requireOptional), and NODE_PATH lets an unbundled engine find the extension's copy: one tfjs-core either way.
 */
export function engineEnvironment(folder: GpuBackendFolder, tfjsVersion: string, extensionNodeModules: string, inherited: NodeJS.ProcessEnv = process.env): EngineEnvironment {
  const marker = readMarker(folder);
  if (!marker) return { env: {}, note: null };
  if (marker.version !== tfjsVersion) {
    return { env: {}, note: `${GPU_BACKEND_PACKAGE} ${marker.version} in ${folder.root} does not match TensorFlow.js ${tfjsVersion}; run "Install GPU Backend" again.` };
  }
  const nodePath = [extensionNodeModules, inherited.NODE_PATH].filter((p): p is string => Boolean(p)).join(path.delimiter);
  return { env: { [EXTRA_NODE_MODULES_ENV]: folder.nodeModules, NODE_PATH: nodePath }, note: null };
}

/** The version of @tensorflow/tfjs the extension bundles (a build-time dependency), from its package.json, or null. */
export function tfjsDependencyVersion(packageJson: unknown): string | null {
  const fields = packageJson && typeof packageJson === 'object' ? packageJson as Record<string, unknown> : {};
  for (const field of ['devDependencies', 'dependencies']) {
    const dependencies = fields[field];
    const version = dependencies && typeof dependencies === 'object' ? (dependencies as Record<string, unknown>)['@tensorflow/tfjs'] : undefined;
    if (typeof version === 'string' && /^\d+\.\d+\.\d+$/.test(version)) return version;
  }
  return null;
}
