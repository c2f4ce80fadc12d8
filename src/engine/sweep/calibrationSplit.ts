// The calibration split temperature scaling is fitted on (definitions.md §5): labelled images in the model's classes that
// are not among the evaluated images, compared by real path (a record inside a file by its file and offset) and, where two
// image files have the same size, by the SHA-256 of their bytes.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { ImageItem } from '../../protocol/data';
import { mapWithConcurrency } from '../data/concurrency';
import { UserFacingError } from '../errors';
import type { LabelledItem } from './sweepSetup';

/** The split's images, labelled in the model's class indices, and its folder as given (resolved). */
export interface CalibrationSplitItems {
  path: string;
  items: LabelledItem[];
}

/** Files whose identity is looked up at once. */
const LOOKUP_CONCURRENCY = 32;

/** Where an item's pixels really are: its file's real path, and the record's offset inside it for a record in a larger file. */
async function identity(item: ImageItem): Promise<string> {
  let real: string;
  try {
    real = await fs.realpath(item.path);
  } catch {
    real = item.path;
  }
  return item.raw ? `${real}#${item.raw.byteOffset}` : real;
}

async function fileSize(item: ImageItem): Promise<number | null> {
  if (item.raw) return null;
  try {
    return (await fs.stat(item.path)).size;
  } catch {
    return null;
  }
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await fs.readFile(path)).digest('hex');
}

/** The first split image that is also an evaluated image (same real file or record, or same bytes), with its twin; null when none is. */
export async function sharedImage(split: readonly ImageItem[], evaluated: readonly ImageItem[]): Promise<{ split: ImageItem; evaluated: ImageItem; how: string } | null> {
  const evaluatedIds = await mapWithConcurrency(evaluated, LOOKUP_CONCURRENCY, identity);
  const byIdentity = new Map(evaluatedIds.map((id, i) => [id, evaluated[i]]));
  const splitIds = await mapWithConcurrency(split, LOOKUP_CONCURRENCY, identity);
  const same = splitIds.findIndex((id) => byIdentity.has(id));
  if (same >= 0) return { split: split[same], evaluated: byIdentity.get(splitIds[same]) as ImageItem, how: 'is the same file as' };
  // Copies: only files of equal size can hold the same bytes, so only those are hashed.
  const evaluatedSizes = await mapWithConcurrency(evaluated, LOOKUP_CONCURRENCY, fileSize);
  const bySize = new Map<number, ImageItem[]>();
  evaluatedSizes.forEach((size, i) => { if (size !== null) bySize.set(size, [...(bySize.get(size) ?? []), evaluated[i]]); });
  const splitSizes = await mapWithConcurrency(split, LOOKUP_CONCURRENCY, fileSize);
  const hashes = new Map<string, string>();
  const hashOf = async (path: string): Promise<string> => {
    const known = hashes.get(path);
    if (known) return known;
    const digest = await sha256(path);
    hashes.set(path, digest);
    return digest;
  };
  for (const [i, size] of splitSizes.entries()) {
    const candidates = size === null ? [] : bySize.get(size) ?? [];
    if (candidates.length === 0) continue;
    const digest = await hashOf(split[i].path);
    for (const candidate of candidates) if (await hashOf(candidate.path) === digest) return { split: split[i], evaluated: candidate, how: 'has the same bytes as' };
  }
  return null;
}

/**
 * The split's items after checking them: every image labelled with one of the model's `classCount` classes, and none of them
 * an evaluated image (temperature scaling is fitted on held-out images, never on the ones it is judged on).
 */
export async function checkedCalibrationSplit(path: string, items: readonly ImageItem[], evaluated: readonly ImageItem[], classCount: number): Promise<CalibrationSplitItems> {
  if (items.length === 0) throw new UserFacingError(`No readable images found in the calibration split ${path}.`, 'bad-input');
  const unlabelled = items.find((item) => item.label === null);
  if (unlabelled) throw new UserFacingError(`Temperature scaling is fitted on labelled images, but ${unlabelled.path} in the calibration split ${path} has no class label. Use an ImageFolder tree, a wsolevaluation dataset or a CIFAR binary batch.`, 'bad-input');
  const outside = items.find((item) => !Number.isInteger(item.label) || (item.label as number) < 0 || (item.label as number) >= classCount);
  if (outside) throw new UserFacingError(`${outside.path} in the calibration split ${path} is labelled class ${outside.label}, but the model has ${classCount} classes (0 to ${classCount - 1}).`, 'bad-input');
  const shared = await sharedImage(items, evaluated);
  if (shared) {
    throw new UserFacingError(`The calibration split ${path} shares an image with the evaluated images: ${shared.split.path} ${shared.how} ${shared.evaluated.path}. Temperature scaling must be fitted on held-out images; choose a split without the evaluated images.`, 'bad-input');
  }
  return { path, items: items as LabelledItem[] };
}
