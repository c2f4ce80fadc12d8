// Score-map folders in wsolevaluation's layout: <root>/<image_id>.npy per image, ids with '/' in subfolders.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { UserFacingError } from '../errors';
import { pathInside } from '../data/outputPaths';
import { type ScoreMapArray, decodeNpy, encodeNpy } from './npy';

/** The score-map file of `imageId` under `root`. */
export function scoremapPath(root: string, imageId: string): string {
  return pathInside(root, imageId, '.npy');
}

/** Writes one map (values in [0, 1], at the evaluation size) as <root>/<imageId>.npy, creating subfolders. */
export async function writeScoremap(root: string, imageId: string, map: ScoreMapArray): Promise<void> {
  const path = scoremapPath(root, imageId);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodeNpy(map));
}

/** Reads the map of `imageId` from `root`. */
export async function readScoremap(root: string, imageId: string): Promise<ScoreMapArray> {
  const path = scoremapPath(root, imageId);
  const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new UserFacingError(`No score map for image '${imageId}': ${path} does not exist.`, 'not-found');
    throw err;
  });
  return decodeNpy(bytes, path);
}

/** Every image id with a map under `root` (files ending in .npy, subfolders included), sorted. */
export async function listScoremapIds(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new UserFacingError(`The score-map folder ${root} does not exist.`, 'not-found');
    throw err;
  });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.npy'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/').slice(0, -'.npy'.length))
    .sort();
}
