// Output files named after dataset items: one containment rule for every path made from an image id, so that an id
// read from a dataset (a wsolevaluation image_ids.txt line such as '../../.bashrc') never names a file outside the
// output folder.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserFacingError } from '../errors';

/**
 * The file <root>/<relativeId><suffix>, for a '/'-separated relative id; refuses ids that are absolute, hold empty,
 * '.', '..' or backslashed segments, or would otherwise resolve outside `root`.
 */
export function pathInside(root: string, relativeId: string, suffix: string): string {
  const segments = relativeId.split('/');
  const refused = relativeId.startsWith('/') || isAbsolute(relativeId) || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'));
  const path = join(root, ...segments) + suffix;
  const fromRoot = relative(resolve(root), resolve(path));
  if (refused || fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    throw new UserFacingError(`The image id '${relativeId}' cannot name a ${suffix || 'output'} file inside ${root}: use relative ids such as 'class/image.jpg', without '..'.`);
  }
  return path;
}
