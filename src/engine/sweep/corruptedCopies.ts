// Corrupted copies on disk: one image file, or a whole dataset in the ImageNet-C layout
// <out>/<corruption>/<severity>/<relative path>.png — PNG so nothing is re-compressed, except jpeg_compression, whose
// output is the JPEG itself at the severity's quality. Each image's draws come from (seed, corruption, severity, image id),
// the same streams a sweep uses, so a copy on disk holds exactly the pixels the sweep evaluated at that size.
import * as tf from '@tensorflow/tfjs';
import { promises as fs } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import sharp from 'sharp';
import type { ImageItem, SkippedFile } from '../../protocol/data';
import { describeCorruption, type AppliedCorruption, type CorruptionName, type ParameterSetName, type Severity } from '../corruptions';
import { hostBackend } from '../corruptions/ops/hostKernels';
import { encodeJpeg } from '../corruptions/ops/jpeg';
import { UnreadableImageError, decodeOriginal, type RgbImage } from '../data/decode';
import { decodeItemOriginal } from '../data/itemPixels';
import { pathInside } from '../data/outputPaths';
import { openDataSource } from '../data/source';
import { UserFacingError } from '../errors';
import type { ProgressSink } from '../../protocol/progress';
import { writeCopiesOnWorkers, type CopiesEvents } from './corruptDatasetPool';
import { corruptPerImage } from './perImageRandom';

export interface CorruptFileOptions {
  seed: number;
  /** Force a parameter table; default by each image's own size. */
  parameterSet?: ParameterSetName;
}

export interface CorruptedFile {
  output: string;
  width: number;
  height: number;
  applied: AppliedCorruption;
}

/** Rounds [0, 1] floats of a [1, H, W, 3] tensor to RGB bytes; the input is not disposed. */
async function rgbBytes(image: tf.Tensor4D): Promise<Buffer> {
  const bytes = tf.tidy(() => image.mul(255).round().clipByValue(0, 255).cast('int32'));
  try {
    return Buffer.from(Uint8Array.from(await bytes.data()));
  } finally {
    bytes.dispose();
  }
}

/** A decoded image corrupted at its own size, written to `output` (PNG, or JPEG when `output` ends in .jpg/.jpeg); `imageId` keys its draws. */
async function writeCorruptedCopy(original: RgbImage, output: string, imageId: string, name: CorruptionName, severity: Severity, options: CorruptFileOptions): Promise<CorruptedFile> {
  const { width, height } = original;
  const applied = describeCorruption(name, severity, height, width, { parameterSet: options.parameterSet });
  await fs.mkdir(dirname(output), { recursive: true });
  const asJpeg = /\.jpe?g$/i.test(output);
  if (name === 'jpeg_compression') {
    // The corruption is this encode; writing its file keeps the exact bytes the model would decode.
    await fs.writeFile(output, await encodeJpeg(Buffer.from(original.pixels), width, height, Number(applied.parameters.quality)));
    return { output, width, height, applied };
  }
  const clean = tf.tidy(() => tf.tensor4d(original.pixels, [1, height, width, 3], 'int32').cast('float32').div(255) as tf.Tensor4D);
  let corrupted: tf.Tensor4D | null = null;
  try {
    corrupted = await corruptPerImage(clean, [imageId], name, severity, options.seed, { parameterSet: applied.parameterSet });
    const encoder = sharp(await rgbBytes(corrupted), { raw: { width, height, channels: 3 } });
    await fs.writeFile(output, await (asJpeg ? encoder.jpeg({ quality: 95 }) : encoder.png()).toBuffer());
  } finally {
    tf.dispose([clean, ...(corrupted ? [corrupted] : [])]);
  }
  return { output, width, height, applied };
}

/** The image file `input` corrupted at its own size and written to `output`; its draws are keyed by its file name. */
export async function corruptImageFile(input: string, output: string, name: CorruptionName, severity: Severity, options: CorruptFileOptions): Promise<CorruptedFile> {
  return writeCorruptedCopy(await decodeOriginal(input), output, basename(input), name, severity, options);
}

/** Where an image's corrupted copy goes in the ImageNet-C layout. */
export function corruptedCopyPath(outDir: string, item: ImageItem, name: CorruptionName, severity: Severity): string {
  const relative = item.id.slice(0, item.id.length - extname(item.id).length);
  return pathInside(join(outDir, name, String(severity)), relative, name === 'jpeg_compression' ? '.jpg' : '.png');
}

/** Which copies to write of each item. */
export interface CopiesOptions extends CorruptFileOptions {
  corruptions: CorruptionName[];
  severities: Severity[];
}

export interface CorruptDatasetOptions extends CopiesOptions {
  limit?: number;
  /**
   * Worker threads splitting the images on the wasm and cpu backends, each with its own backend of the same kind (default
   * 1: this thread); every file depends only on its image, corruption, severity and seed, so any count writes the same bytes.
   * On other backends the images are corrupted here, on the tensor path.
   */
  workers?: number;
  onProgress: ProgressSink;
  signal?: AbortSignal;
}

export interface CorruptedDataset {
  /** Files written. */
  written: number;
  /** Files of the dataset left out: not images, or images that could not be decoded. */
  skipped: SkippedFile[];
}

/** One item's outcome: its files written, or why it was skipped. */
export type ItemCopies = { written: number } | { skipped: SkippedFile };

/**
 * Writes every corruption and severity of one item under `outDir`; `beforeFile` runs before each file (it may throw to
 * cancel), `afterFile` after it. An image that cannot be decoded is skipped.
 */
export async function writeItemCopies(item: ImageItem, outDir: string, options: CopiesOptions, beforeFile: () => void, afterFile: (name: CorruptionName, severity: Severity) => void): Promise<ItemCopies> {
  let original: RgbImage;
  try {
    original = await decodeItemOriginal(item);
  } catch (err) {
    if (!(err instanceof UnreadableImageError)) throw err;
    return { skipped: { path: item.path, reason: err.reason } };
  }
  let written = 0;
  for (const name of options.corruptions) {
    for (const severity of options.severities) {
      beforeFile();
      await writeCorruptedCopy(original, corruptedCopyPath(outDir, item, name, severity), item.id, name, severity, options);
      written++;
      afterFile(name, severity);
    }
  }
  return { written };
}

/** Writes every image of `data` under every corruption and severity; an image that cannot be decoded is skipped and listed. */
export async function corruptDataset(data: string, outDir: string, options: CorruptDatasetOptions): Promise<CorruptedDataset> {
  const source = await openDataSource(data);
  const items = options.limit ? source.items.slice(0, options.limit) : source.items;
  if (items.length === 0) throw new UserFacingError(`No readable images found in ${data}.`, 'bad-input');
  // Every id must name a file inside the output folder before anything is written.
  for (const item of items) corruptedCopyPath(outDir, item, options.corruptions[0], options.severities[0]);
  const perImage = options.corruptions.length * options.severities.length;
  let total = items.length * perImage;
  let written = 0;
  const cancelled = (): UserFacingError => new UserFacingError(`Cancelled after writing ${written} of ${total} files.`, 'cancelled');
  const afterFile = (item: ImageItem, name: CorruptionName, severity: Severity): void => {
    written++;
    options.onProgress({ done: written, total, message: `${name} severity ${severity} · ${basename(item.path)}` });
  };
  const onSkipped = (): void => { total -= perImage; };
  const workers = Math.min(checkedCopyWorkers(options.workers ?? 1), items.length);
  const backend = hostBackend();
  const outcomes = workers > 1 && backend
    ? await writeCopiesOnWorkers(items, { outDir, options: copiesOptions(options), backend }, workers, { afterFile, onSkipped, cancelled }, options.signal)
    : await writeCopiesHere(items, outDir, options, { afterFile, onSkipped, cancelled });
  const skipped: SkippedFile[] = [...source.skipped, ...outcomes.flatMap((o) => ('skipped' in o ? [o.skipped] : []))];
  if (written === 0) throw new UserFacingError(`None of the ${items.length} images in ${data} could be decoded, so nothing was written: ${skipped.at(-1)?.reason ?? ''}.`, 'bad-input');
  return { written, skipped };
}

/** The fields of `options` a worker needs (no callbacks, no signal). */
function copiesOptions({ corruptions, severities, seed, parameterSet }: CopiesOptions): CopiesOptions {
  return { corruptions, severities, seed, parameterSet };
}

function checkedCopyWorkers(workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) throw new UserFacingError(`The number of corrupt-dataset workers must be a whole number of at least 1, got ${workers}.`, 'bad-input');
  return workers;
}

/** The items one after another on this thread, in order. */
async function writeCopiesHere(items: readonly ImageItem[], outDir: string, options: CorruptDatasetOptions, events: CopiesEvents): Promise<ItemCopies[]> {
  const outcomes: ItemCopies[] = [];
  for (const item of items) {
    const outcome = await writeItemCopies(item, outDir, options, () => { if (options.signal?.aborted) throw events.cancelled(); }, (name, severity) => events.afterFile(item, name, severity));
    if ('skipped' in outcome) events.onSkipped();
    outcomes.push(outcome);
  }
  return outcomes;
}
