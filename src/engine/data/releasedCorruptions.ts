// Released corruption benchmarks as a sweep reads them: for a clean image and a condition (corruption, severity), the
// released corrupted image of that clean image. A tree (ImageNet-C, Tiny-ImageNet-C, corrupt-dataset output) matches by
// the clean image's id without its extension (<class dir>/<name>); CIFAR-10-C/100-C arrays match by record index, so
// their clean set is the CIFAR binary test set, whose ids are record indices.
import { extname, join } from 'node:path';
import type { ImageItem } from '../../protocol/data';
import type { CorruptionName, Severity } from '../corruptions';
import { UserFacingError } from '../errors';
import { ARRAY_SEVERITIES, corruptionArrayItem, isCorruptionArraysFolder, openCorruptionArrays, type CorruptionArrays } from './corruptionArrays';
import { openCorruptionTree, type CorruptionTree } from './corruptionTree';
import { statOrNull } from './imageFiles';
import { pathInside } from './outputPaths';

export interface ReleasedCorruptions {
  kind: 'corruption-tree' | 'corruption-arrays';
  root: string;
  /** What the set is, for the record's facts. */
  description: string;
  /** Each corruption present, in the benchmark's order, with its severities. */
  available: ReadonlyArray<{ corruption: CorruptionName; severities: readonly Severity[] }>;
  /** The released image of `clean` under (corruption, severity), labelled as `clean`; an error naming what is missing when there is none. */
  itemFor(corruption: CorruptionName, severity: Severity, clean: ImageItem): Promise<ImageItem>;
}

/** Opens `path` as a released corruption set, or returns null when it is laid out as neither a tree nor arrays. */
export async function openReleasedCorruptions(path: string): Promise<ReleasedCorruptions | null> {
  if (!(await statOrNull(path))?.isDirectory()) return null;
  if (await isCorruptionArraysFolder(path)) return releasedArrays(await openCorruptionArrays(path));
  const tree = await openCorruptionTree(path);
  return tree ? releasedTree(tree) : null;
}

/** The id of a clean image without its extension: what a released tree names its corrupted copies by. */
function matchKey(item: ImageItem): string {
  return item.id.slice(0, item.id.length - extname(item.id).length);
}

function releasedArrays(set: CorruptionArrays): ReleasedCorruptions {
  return {
    kind: 'corruption-arrays', root: set.root,
    description: `CIFAR-10-C-style arrays: ${set.arrays.length} corruption${set.arrays.length === 1 ? '' : 's'} × 5 severities × ${set.imageCount} images of ${set.height}×${set.width}`,
    available: set.arrays.map((a) => ({ corruption: a.corruption, severities: ARRAY_SEVERITIES })),
    itemFor: async (corruption, severity, clean) => {
      const array = set.arrays.find((a) => a.corruption === corruption);
      if (!array) throw new UserFacingError(`${set.root} has no ${corruption}.npy.`, 'not-found');
      const key = matchKey(clean);
      const index = /^\d+$/.test(key) ? Number(key) : NaN;
      if (!(index < set.imageCount)) {
        throw new UserFacingError(
          `${array.file} holds images matched to the clean test set by position (0 to ${set.imageCount - 1}), but the clean image '${clean.id}' is no record index. ` +
          'Pass the CIFAR binary test set (cifar-10-batches-bin or cifar-100-binary) as the clean set.', 'bad-input');
      }
      const item = corruptionArrayItem(set, array, severity, index);
      if (item.label !== clean.label) {
        throw new UserFacingError(`${join(set.root, 'labels.npy')} gives image ${index} label ${item.label}, but the clean set gives it label ${clean.label}; the arrays and the clean set disagree.`, 'bad-input');
      }
      return item;
    },
  };
}

/** Extensions a released tree's files may have, tried after the clean image's own and the last one found. */
const TREE_EXTENSIONS = ['.JPEG', '.jpg', '.jpeg', '.png', '.webp', '.JPG', '.PNG'];

function releasedTree(tree: CorruptionTree): ReleasedCorruptions {
  // The extension last found per condition, tried first: a released folder uses one throughout.
  const lastExtension = new Map<string, string>();
  return {
    kind: 'corruption-tree', root: tree.root,
    description: `ImageNet-C-style tree of image files: ${tree.corruptions.length} corruption${tree.corruptions.length === 1 ? '' : 's'}`,
    available: tree.corruptions.map((c) => ({ corruption: c.corruption, severities: c.severities })),
    itemFor: async (corruption, severity, clean) => {
      const folder = join(tree.root, corruption, String(severity));
      const key = matchKey(clean);
      const condition = `${corruption}/${severity}`;
      const candidates = [...new Set([lastExtension.get(condition) ?? '', extname(clean.id), ...TREE_EXTENSIONS].filter((e) => e !== ''))];
      for (const extension of candidates) {
        const path = pathInside(folder, key, extension);
        if ((await statOrNull(path))?.isFile()) {
          lastExtension.set(condition, extension);
          return { id: `${condition}/${key}${extension}`, path, label: clean.label, boxes: [], size: null };
        }
      }
      throw new UserFacingError(`${folder} has no corrupted copy of the clean image '${clean.id}' (looked for ${join(folder, key)} with ${candidates.join(', ')}); the released tree and the clean set must hold the same images.`, 'not-found');
    },
  };
}

/**
 * The corruptions and severities a sweep of the released set evaluates: the requested ones (default: every corruption
 * present, at every severity present in any), each of which must be present — a missing one is an error naming its folder.
 */
export function releasedConditions(released: ReleasedCorruptions, corruptions: readonly string[] | undefined, severities: readonly number[] | undefined): { corruptions: CorruptionName[]; severities: Severity[] } {
  const present = new Map(released.available.map((a) => [a.corruption as string, a.severities]));
  const chosen = corruptions ?? [...present.keys()];
  const absent = chosen.filter((c) => !present.has(c));
  if (absent.length) throw new UserFacingError(`${released.root} has no ${absent.join(', ')}; it holds ${[...present.keys()].join(', ')}.`, 'bad-input');
  const levels = severities ?? [...new Set(chosen.flatMap((c) => present.get(c) ?? []))].sort((a, b) => a - b);
  for (const corruption of chosen) {
    const missing = levels.filter((s) => !(present.get(corruption) ?? []).includes(s as Severity));
    if (missing.length) {
      throw new UserFacingError(
        `${join(released.root, corruption, String(missing[0]))} is missing: ${corruption} has severities ${(present.get(corruption) ?? []).join(', ')} but the sweep needs ${levels.join(', ')}. ` +
        'Complete the set, or choose what to sweep with --corruptions and --severities.', 'bad-input');
    }
  }
  return { corruptions: chosen as CorruptionName[], severities: levels as Severity[] };
}
