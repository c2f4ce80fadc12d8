// CIFAR-10-C and CIFAR-100-C as released (Hendrycks & Dietterich, 2019): a folder of <corruption>.npy arrays, each
// uint8 (5·n, H, W, 3) holding the n test images at severity 1, then 2, … 5, beside labels.npy with the n labels
// (or the 5·n labels, the n repeated per severity, as the release has them). Images are read by offset, one record at a time.
import type { DataSourceInfo, ImageItem, SkippedFile } from '../../protocol/data';
// The names come from types.ts, not the registry, so that listing a dataset does not load the corruption kernels (and tfjs).
import { CORRUPTION_NAMES, type CorruptionName, type Severity } from '../corruptions/types';
import { UserFacingError } from '../errors';
import { join } from 'node:path';
import { compareIds, listDirectory } from './imageFiles';
import { readNpyHeader, readNpyIntegers, type NpyHeader } from './npyFile';
import { recordId } from './cifarBinary';

export const LABELS_FILE = 'labels.npy';
/** Severities every released array holds, in order. */
export const ARRAY_SEVERITIES: readonly Severity[] = [1, 2, 3, 4, 5];

export interface CorruptionArray {
  corruption: CorruptionName;
  file: string;
  header: NpyHeader;
}

export interface CorruptionArrays {
  root: string;
  /** In the benchmark's order. */
  arrays: CorruptionArray[];
  /** Images per severity (n). */
  imageCount: number;
  height: number;
  width: number;
  /** The n labels, index i for image i at every severity. */
  labels: number[];
  skipped: SkippedFile[];
}

const KNOWN: ReadonlySet<string> = new Set(CORRUPTION_NAMES);

/** Whether `dir` looks like a CIFAR-10-C folder: labels.npy beside at least one <corruption>.npy. */
export async function isCorruptionArraysFolder(dir: string): Promise<boolean> {
  const { files } = await listDirectory(dir);
  return files.includes(LABELS_FILE) && files.some((f) => KNOWN.has(f.replace(/\.npy$/, '')) && f.endsWith('.npy'));
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

/** Reads and checks every array's header and the labels; a wrong shape, dtype or label count is an error naming the file. */
export async function openCorruptionArrays(dir: string): Promise<CorruptionArrays> {
  const { files } = await listDirectory(dir);
  const skipped: SkippedFile[] = [];
  const found = new Map<string, string>();
  for (const name of files) {
    const stem = name.replace(/\.npy$/, '');
    if (name === LABELS_FILE) continue;
    if (name.endsWith('.npy') && KNOWN.has(stem)) found.set(stem, join(dir, name));
    else skipped.push({ path: join(dir, name), reason: name.endsWith('.npy') ? 'an array whose name is no known corruption' : 'not a .npy array of a corruption' });
  }
  const arrays: CorruptionArray[] = [];
  for (const name of CORRUPTION_NAMES) {
    const file = found.get(name);
    if (file) arrays.push({ corruption: name, file, header: await checkedImageArray(file) });
  }
  if (arrays.length === 0) throw new UserFacingError(`${dir} holds no <corruption>.npy array (e.g. gaussian_noise.npy) beside ${LABELS_FILE}.`, 'bad-input');
  const [first] = arrays;
  for (const other of arrays) {
    if (shapeText(other.header.shape) !== shapeText(first.header.shape)) {
      throw new UserFacingError(`${other.file} has shape ${shapeText(other.header.shape)} but ${first.file} has ${shapeText(first.header.shape)}; every corruption of the set must hold the same images.`, 'bad-input');
    }
  }
  const [rows, height, width] = first.header.shape;
  const imageCount = rows / ARRAY_SEVERITIES.length;
  const labels = await readLabels(join(dir, LABELS_FILE), imageCount, first.file, rows);
  return { root: dir, arrays, imageCount, height, width, labels, skipped };
}

/** An image array: uint8, (5·n, H, W, 3), C order. */
async function checkedImageArray(file: string): Promise<NpyHeader> {
  const header = await readNpyHeader(file);
  const { shape, dtype } = header;
  const severities = ARRAY_SEVERITIES.length;
  if (dtype !== '|u1' || shape.length !== 4 || shape[3] !== 3 || shape[0] === 0 || shape[0] % severities !== 0) {
    throw new UserFacingError(
      `${file} holds ${dtype} of shape ${shapeText(shape)}; a released corruption array is uint8 of shape (${severities} × n, height, width, 3): ` +
      `the n images at severity 1, then 2, … ${severities}${shape.length === 4 && shape[0] % severities !== 0 ? ` (${shape[0]} rows are not ${severities} equal severities: one is missing or cut short)` : ''}.`, 'bad-input');
  }
  return header;
}

/** n labels, or 5·n labels whose blocks must repeat the first. */
async function readLabels(file: string, imageCount: number, imagesFile: string, rows: number): Promise<number[]> {
  const header = await readNpyHeader(file);
  if (header.shape.length !== 1 || (header.shape[0] !== imageCount && header.shape[0] !== rows)) {
    throw new UserFacingError(`${file} holds ${header.shape.length === 1 ? `${header.shape[0]} labels` : `an array of shape ${shapeText(header.shape)}`}, but ${imagesFile} holds ${rows} images (${ARRAY_SEVERITIES.length} severities × ${imageCount}): expected ${imageCount} or ${rows} labels in one dimension.`, 'bad-input');
  }
  const all = await readNpyIntegers(header, 0, header.shape[0]);
  const labels = all.slice(0, imageCount);
  if (labels.some((l) => l < 0)) throw new UserFacingError(`${file} holds a negative label (${labels.find((l) => l < 0)}); labels are class indices.`, 'bad-input');
  for (let i = imageCount; i < all.length; i++) {
    if (all[i] !== labels[i % imageCount]) {
      throw new UserFacingError(`${file}: label ${i} (severity ${Math.floor(i / imageCount) + 1}, image ${i % imageCount}) is ${all[i]} but the same image at severity 1 has ${labels[i % imageCount]}; the labels do not repeat per severity.`, 'bad-input');
    }
  }
  return labels;
}

/** Image `index` of `array` at `severity`, as an item read by offset. */
export function corruptionArrayItem(set: CorruptionArrays, array: CorruptionArray, severity: Severity, index: number): ImageItem {
  const row = (severity - 1) * set.imageCount + index;
  return {
    id: `${array.corruption}/${severity}/${recordId(index, set.imageCount)}`, path: array.file, label: set.labels[index], boxes: [], size: [set.width, set.height],
    raw: { byteOffset: array.header.dataOffset + row * set.height * set.width * 3, height: set.height, width: set.width, layout: 'hwc' },
  };
}

/** Every image of every corruption and severity, as a dataset (for predict); a sweep reads them per condition instead. */
export function corruptionArraysSource(set: CorruptionArrays): DataSourceInfo {
  const items = set.arrays.flatMap((array) => ARRAY_SEVERITIES.flatMap((severity) => Array.from({ length: set.imageCount }, (_, i) => corruptionArrayItem(set, array, severity, i))));
  return { kind: 'corruption-arrays', root: set.root, items: items.sort((a, b) => compareIds(a.id, b.id)), classNames: null, skipped: set.skipped };
}
