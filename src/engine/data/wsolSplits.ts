// A wsolevaluation dataset with its two evaluation splits (definitions.md §4 "The protocol"): `train-fullsup`, on which
// settings are chosen, and `test`, reported once with them. wsolevaluation names train-fullsup `val` on disk.
//
// Accepted layouts (image and mask paths in the metadata are relative to the images folder):
//   A. <root>/metadata/{train-fullsup|val,test}/image_ids.txt …, images under <root>;
//   B. a wsolevaluation checkout: <checkout>/metadata/<DATASET>/{val,test}/…, images under <checkout>/dataset/<DATASET>
//      (the folder given is metadata/<DATASET>, or the checkout when it has metadata for one dataset only).
import { basename, dirname, join } from 'node:path';
import type { DataSourceInfo } from '../../protocol/data';
import { UserFacingError } from '../errors';
import { listDirectory, statOrNull } from './imageFiles';
import { WSOL_FILE_NAMES } from './wsolMetadata';
import { openWsolDataset } from './wsolSource';

export const wsolSplitNames = ['train-fullsup', 'test'] as const;
export type WsolSplitName = (typeof wsolSplitNames)[number];

/** The folder names each split may have on disk, in the order they are looked for. */
const SPLIT_FOLDER_NAMES: Readonly<Record<WsolSplitName, readonly string[]>> = { 'train-fullsup': ['train-fullsup', 'val'], test: ['test'] };

export interface WsolSplitLayout {
  /** The folder the metadata's image and mask paths are relative to. */
  root: string;
  /** Each split's metadata folder. */
  metadata: Record<WsolSplitName, string>;
}

async function holdsImageIds(dir: string): Promise<boolean> {
  return (await statOrNull(join(dir, WSOL_FILE_NAMES.imageIds)))?.isFile() ?? false;
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await statOrNull(dir))?.isDirectory() ?? false;
}

/** The metadata folder of each split found under `metadataRoot` (a split's folder holds image_ids.txt). */
async function splitFolders(metadataRoot: string): Promise<Partial<Record<WsolSplitName, string>>> {
  const found: Partial<Record<WsolSplitName, string>> = {};
  for (const split of wsolSplitNames) {
    const present: string[] = [];
    for (const name of SPLIT_FOLDER_NAMES[split]) if (await holdsImageIds(join(metadataRoot, name))) present.push(name);
    if (present.length > 1) {
      throw new UserFacingError(`${metadataRoot} has both ${present.join(' and ')}; wsolevaluation's val is the train-fullsup split, so keep only one of them.`, 'bad-input');
    }
    if (present.length === 1) found[split] = join(metadataRoot, present[0]);
  }
  return found;
}

/** Layout B's images folder when `metadataRoot` is <checkout>/metadata/<DATASET>, else layout A's (the parent of metadata/). */
function imagesRootOf(metadataRoot: string): string {
  const parent = dirname(metadataRoot);
  return basename(parent) === 'metadata' ? join(dirname(parent), 'dataset', basename(metadataRoot)) : parent;
}

/** The metadata folder holding the split folders, when `dir` is a split dataset in one of the accepted layouts. */
async function findMetadataRoot(dir: string): Promise<string | null> {
  const nested = join(dir, 'metadata');
  if (Object.keys(await splitFolders(dir)).length > 0) return dir;
  if (!(await isDirectory(nested))) return null;
  if (Object.keys(await splitFolders(nested)).length > 0) return nested;
  const { folders } = await listDirectory(nested);
  const datasets: string[] = [];
  for (const name of folders) if (Object.keys(await splitFolders(join(nested, name))).length > 0) datasets.push(name);
  if (datasets.length > 1) {
    throw new UserFacingError(`${nested} holds the metadata of several datasets (${datasets.join(', ')}); name one of them, e.g. ${join(nested, datasets[0])}.`, 'bad-input');
  }
  return datasets.length === 1 ? join(nested, datasets[0]) : null;
}

/** The split layout of `dir`, or null when `dir` has no split folders; both splits and the images folder must exist. */
export async function findWsolSplits(dir: string): Promise<WsolSplitLayout | null> {
  const metadataRoot = await findMetadataRoot(dir);
  if (metadataRoot === null) return null;
  const found = await splitFolders(metadataRoot);
  const missing = wsolSplitNames.find((split) => found[split] === undefined);
  if (missing !== undefined) {
    const names = SPLIT_FOLDER_NAMES[missing].map((name) => join(metadataRoot, name)).join(' or ');
    throw new UserFacingError(`${metadataRoot} has no ${missing} split: settings are chosen on train-fullsup and reported on test, so both are needed (${names} holding ${WSOL_FILE_NAMES.imageIds}).`, 'not-found');
  }
  const root = imagesRootOf(metadataRoot);
  if (!(await isDirectory(root))) {
    throw new UserFacingError(`The images of ${metadataRoot} are looked for in ${root}, which does not exist (wsolevaluation keeps them in dataset/<DATASET> beside metadata/).`, 'not-found');
  }
  return { root, metadata: { 'train-fullsup': found['train-fullsup'] as string, test: found.test as string } };
}

/** When `dir` is one split's metadata folder inside a split dataset: the split and the folder its paths are relative to. */
export async function findWsolSplitFolder(dir: string): Promise<{ split: WsolSplitName; metadataDir: string; root: string } | null> {
  const split = wsolSplitNames.find((name) => SPLIT_FOLDER_NAMES[name].includes(basename(dir)));
  if (split === undefined || !(await holdsImageIds(dir))) return null;
  // Only beside the other split: a lone folder named test holding image_ids.txt keeps its usual meaning (images beside it).
  if (Object.keys(await splitFolders(dirname(dir))).length < 2) return null;
  const root = imagesRootOf(dirname(dir));
  return (await isDirectory(root)) ? { split, metadataDir: dir, root } : null;
}

/** One split of a split dataset, as a wsolevaluation dataset. */
export function openWsolSplit(layout: WsolSplitLayout, split: WsolSplitName): Promise<DataSourceInfo> {
  return openWsolDataset(layout.metadata[split], layout.root);
}
