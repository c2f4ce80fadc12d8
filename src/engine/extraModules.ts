// Loads an optional package that the extension may not ship: from the engine's own node_modules first, then
// from the folder the extension host names in ROBUSTNESS_LENS_EXTRA_NODE_MODULES (where the
// "Install GPU Backend" command puts tfjs-node-gpu).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { EXTRA_NODE_MODULES_ENV } from '../protocol/engineEnvironment';

/** The package's exports; throws the error of the copy that exists, or the first error when neither does. */
export function requireOptional(pkg: string, extraNodeModules: string | undefined = process.env[EXTRA_NODE_MODULES_ENV]): unknown {
  try {
    return require(pkg);
  } catch (err) {
    const extraCopy = extraNodeModules ? path.join(extraNodeModules, pkg) : null;
    if (!extraCopy || !existsSync(extraCopy)) throw err;
    // A computed absolute path: the bundler leaves this require to Node at run time.
    return require(extraCopy);
  }
}
