// Loads an optional package that the extension may not ship: from the engine's own node_modules first, then
// from the folder the extension host names in ROBUSTNESS_LENS_EXTRA_NODE_MODULES (where the
// "Install GPU Backend" command puts tfjs-node-gpu).
import { existsSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { EXTRA_NODE_MODULES_ENV } from '../protocol/engineEnvironment';

/** Node's module loader; `_load` is what every require() goes through. */
type ModuleLoader = { _load: (request: string, parent: unknown, isMain: boolean) => unknown };

/**
 * Runs `load` while require() answers the names in `shared` with the given exports. The packaged engine bundles tfjs,
 * so tfjs-node(-gpu)'s own require('@tensorflow/tfjs') must get the bundle's copy: one tfjs-core, one backend registry.
 */
function withSharedModules<T>(shared: Readonly<Record<string, unknown>>, load: () => T): T {
  const loader = Module as unknown as ModuleLoader;
  const original = loader._load;
  loader._load = (request, parent, isMain) => (Object.hasOwn(shared, request) ? shared[request] : original(request, parent, isMain));
  try {
    return load();
  } finally {
    loader._load = original;
  }
}

/** The package's exports (its require()s of `shared` names get those exports); throws the error of the copy that exists, or the first error when neither does. */
export function requireOptional(pkg: string, extraNodeModules: string | undefined = process.env[EXTRA_NODE_MODULES_ENV], shared: Readonly<Record<string, unknown>> = {}): unknown {
  return withSharedModules(shared, () => {
    try {
      return require(pkg);
    } catch (err) {
      const extraCopy = extraNodeModules ? path.join(extraNodeModules, pkg) : null;
      if (!extraCopy || !existsSync(extraCopy)) throw err;
      // A computed absolute path: the bundler leaves this require to Node at run time.
      return require(extraCopy);
    }
  });
}
