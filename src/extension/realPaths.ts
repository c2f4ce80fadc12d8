// Containment by real path: a symlink inside the workspace that points outside it is outside. Pure (node:fs only), so
// the checks are tested without VS Code.
import { realpathSync } from 'node:fs';
import * as path from 'node:path';

/** `child` lies in `parent` or is `parent`, comparing the path text as given. */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real path of `candidate` (every symlink resolved); for a path that does not exist yet, its nearest existing parent's real path with the rest appended. */
export function realPathOf(candidate: string): string {
  const missing: string[] = [];
  let current = path.resolve(candidate);
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(candidate);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/** `child` lies in `parent` once both are resolved to real paths. */
export function isReallyInside(child: string, parent: string): boolean {
  return isInside(realPathOf(child), realPathOf(parent));
}

/** `candidate` resolved when its real path lies in one of `roots` or it is one of the paths the user opened themselves, else null. */
export function allowedAmong(candidate: string, roots: readonly string[], openedByUser: readonly string[]): string | null {
  const resolved = path.resolve(candidate);
  return openedByUser.includes(resolved) || roots.some((root) => isReallyInside(resolved, root)) ? resolved : null;
}
