// The CIFAR-10 and CIFAR-100 binary distributions (not the pickled ones), as published on the CIFAR page:
//   CIFAR-10  cifar-10-batches-bin/test_batch.bin  10 000 records of 1 label byte + 3 072 pixel bytes, class names in batches.meta.txt
//   CIFAR-100 cifar-100-binary/test.bin            10 000 records of 2 label bytes (coarse, fine) + 3 072 pixel bytes,
//                                                  fine class names in fine_label_names.txt (the fine label is used)
// The pixels of a record are the 1 024 red values, then green, then blue, each plane row-major (32 × 32).
// Items point at their record by offset (ImageItem.raw); ids are the record index, zero-padded, so they sort in file order.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DataSourceInfo, ImageItem } from '../../protocol/data';
import { UserFacingError } from '../errors';
import { statOrNull } from './imageFiles';

export const CIFAR_SIDE = 32;
const PIXEL_BYTES = CIFAR_SIDE * CIFAR_SIDE * 3;

interface CifarVariant {
  name: 'CIFAR-10' | 'CIFAR-100';
  /** Label bytes before the pixels; the last of them is the label used. */
  labelBytes: number;
  classCount: number;
  namesFile: string;
  /** File names a folder of this distribution holds, the test set first. */
  batchFiles: readonly string[];
}

const CIFAR_10: CifarVariant = { name: 'CIFAR-10', labelBytes: 1, classCount: 10, namesFile: 'batches.meta.txt', batchFiles: ['test_batch.bin', 'data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] };
const CIFAR_100: CifarVariant = { name: 'CIFAR-100', labelBytes: 2, classCount: 100, namesFile: 'fine_label_names.txt', batchFiles: ['test.bin', 'train.bin'] };

function variantOfFile(name: string): CifarVariant | null {
  return [CIFAR_10, CIFAR_100].find((v) => v.batchFiles.includes(name)) ?? null;
}

/** The CIFAR binary batch `path` names: the file itself, or a folder's test batch; null when it is neither. */
export async function findCifarBatch(path: string, isFile: boolean): Promise<string | null> {
  if (isFile) return variantOfFile(basename(path)) ? path : null;
  for (const variant of [CIFAR_10, CIFAR_100]) {
    const test = join(path, variant.batchFiles[0]);
    if ((await statOrNull(test))?.isFile()) return test;
  }
  return null;
}

/** Zero-padded record index: the id of record `index` in a set of `count`. */
export function recordId(index: number, count: number): string {
  return String(index).padStart(Math.max(5, String(Math.max(0, count - 1)).length), '0');
}

/** Opens a CIFAR binary batch: every record as an item, labels streamed from the file, class names from the names file beside it. */
export async function openCifarBatch(batchFile: string): Promise<DataSourceInfo> {
  const variant = variantOfFile(basename(batchFile));
  if (!variant) throw new UserFacingError(`${batchFile} is not a CIFAR binary batch (expected one of ${[...CIFAR_10.batchFiles, ...CIFAR_100.batchFiles].join(', ')}).`, 'bad-input');
  const recordBytes = variant.labelBytes + PIXEL_BYTES;
  const size = Number((await statOrNull(batchFile))?.size ?? 0);
  if (size === 0 || size % recordBytes !== 0) {
    throw new UserFacingError(`${batchFile} is not a ${variant.name} binary batch: its ${size} bytes are not a whole number of ${recordBytes}-byte records (${variant.labelBytes} label byte${variant.labelBytes > 1 ? 's' : ''} + ${PIXEL_BYTES} pixel bytes).`, 'bad-input');
  }
  const count = size / recordBytes;
  const classNames = await readClassNames(join(dirname(batchFile), variant.namesFile), variant);
  const labels = await readRecordLabels(batchFile, recordBytes, variant.labelBytes - 1, count);
  const classCount = classNames?.length ?? variant.classCount;
  const bad = labels.findIndex((label) => label >= classCount);
  if (bad >= 0) throw new UserFacingError(`${batchFile}: record ${bad} has label ${labels[bad]}, but ${variant.name} has ${classCount} classes; the file is not a ${variant.name} batch.`, 'bad-input');
  const items: ImageItem[] = labels.map((label, index) => ({
    id: recordId(index, count), path: batchFile, label, boxes: [], size: [CIFAR_SIDE, CIFAR_SIDE],
    raw: { byteOffset: index * recordBytes + variant.labelBytes, height: CIFAR_SIDE, width: CIFAR_SIDE, layout: 'chw' },
  }));
  return { kind: 'cifar-binary', root: dirname(batchFile), items, classNames, skipped: [] };
}

/** One class name per non-empty line; null when the file is absent. */
async function readClassNames(path: string, variant: CifarVariant): Promise<string[] | null> {
  if (!(await statOrNull(path))?.isFile()) return null;
  const names = (await readFile(path, 'utf8')).split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (names.length !== variant.classCount) throw new UserFacingError(`${path} names ${names.length} classes; ${variant.name} has ${variant.classCount}.`, 'bad-input');
  return names;
}

/** The label byte at `labelIndex` of each record, read in one pass over the file without holding it. */
async function readRecordLabels(path: string, recordBytes: number, labelIndex: number, count: number): Promise<number[]> {
  const labels = new Array<number>(count);
  let position = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    // The first label byte at or after this chunk's start.
    let offset = (labelIndex - (position % recordBytes) + recordBytes) % recordBytes;
    for (; offset < chunk.length; offset += recordBytes) labels[(position + offset - labelIndex) / recordBytes] = chunk[offset];
    position += chunk.length;
  }
  return labels;
}
