// After an install, removes the @tensorflow packages that tfjs-node-gpu brought along but the extension already
// ships (tfjs, tfjs-core, its backends, layers, converter, data). A second tfjs-core would re-register every
// kernel (hundreds of warnings) and keep its own model loaders; without it, the engine's copy serves both.
import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { GPU_BACKEND_PACKAGE } from './gpuBackendFolder';

/** Removes node_modules/@tensorflow/* except tfjs-node-gpu; returns the names removed. */
export async function pruneSharedPackages(nodeModules: string): Promise<string[]> {
  const scope = path.join(nodeModules, '@tensorflow');
  const keep = GPU_BACKEND_PACKAGE.split('/')[1];
  const names = await readdir(scope).catch(() => [] as string[]);
  const removed = names.filter((name) => name !== keep).map((name) => `@tensorflow/${name}`);
  await Promise.all(removed.map((name) => rm(path.join(nodeModules, name), { recursive: true, force: true })));
  return removed;
}
