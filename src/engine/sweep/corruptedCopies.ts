// Corrupted copies on disk: one image file, or a whole dataset in the ImageNet-C layout
// <out>/<corruption>/<severity>/<relative path>.png — PNG so nothing is re-compressed, except jpeg_compression, whose
// output is the JPEG itself at the severity's quality. Each image's draws come from (seed, corruption, severity, image id),
// the same streams a sweep uses, so a copy on disk holds exactly the pixels the sweep evaluated at that size.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import sharp from 'sharp';
import type { ImageItem, SkippedFile } from '../../protocol/data';
import { describeCorruption, type AppliedCorruption, type CorruptionName, type ParameterSetName, type Severity } from '../corruptions';
import { hostBackend, hostValuesView, onHostBackend } from '../hostBackend';
import { encodeJpeg, unitFloatsToBytes } from '../corruptions/ops/jpeg';
import { UnreadableImageError, decodeOriginal, type RgbImage } from '../data/decode';
import { decodeItemOriginal } from '../data/itemPixels';
import { pathInside } from '../data/outputPaths';
import { openDataSource } from '../data/source';
import { UserFacingError } from '../errors';
import type { ProgressSink } from '../../protocol/progress';
import { writeCopiesOnWorkers, type CopiesEvents } from './corruptDatasetPool';
import { corruptPerImage } from './perImageRandom';
import { encodeUnitFloatsPng } from './pngEncoder';

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

/** A decoded image as a [1, H, W, 3] float32 tensor in [0, 1]. */
function cleanTensor({ pixels, width, height }: RgbImage): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.cast(tf.tensor4d(pixels, [1, height, width, 3], 'int32'), 'float32'), 255) as tf.Tensor4D);
}

/** The file's bytes from the corrupted [0, 1] values, which it reads before returning: PNG, or JPEG quality 95 when `output` ends in .jpg/.jpeg. */
function encodeCopy(values: Float32Array, width: number, height: number, output: string): Promise<Buffer> {
  if (!/\.jpe?g$/i.test(output)) return Promise.resolve(encodeUnitFloatsPng(values, width, height));
  return sharp(unitFloatsToBytes(values, 0, values.length), { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

/**
 * Writes a copy's file in one call, making its folder when it is missing (the first file there). fs.promises.writeFile
 * takes three trips through libuv's pool (open, write, close) and a mkdir a fourth: more than the write of a 40 KB
 * file itself.
 */
function writeCopyFile(output: string, bytes: Buffer): void {
  try {
    writeFileSync(output, bytes);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, bytes);
  }
}

/**
 * A decoded image (`clean`: its pixels as cleanTensor gives them) corrupted at its own size; resolves once its RGB
 * bytes are ready, with the promise of the file being encoded and written (the caller may corrupt the next copy meanwhile).
 * `imageId` keys its draws.
 */
async function corruptedCopy(original: RgbImage, clean: tf.Tensor4D, output: string, imageId: string, name: CorruptionName, severity: Severity, options: CorruptFileOptions): Promise<{ file: CorruptedFile; written: Promise<void> }> {
  const { width, height } = original;
  const applied = describeCorruption(name, severity, height, width, { parameterSet: options.parameterSet });
  const file = { output, width, height, applied };
  if (name === 'jpeg_compression') {
    // The corruption is this encode; writing its file keeps the exact bytes the model would decode.
    const jpeg = encodeJpeg(Buffer.from(original.pixels), width, height, Number(applied.parameters.quality));
    return { file, written: jpeg.then((bytes) => writeCopyFile(output, bytes)) };
  }
  const corrupted = await corruptPerImage(clean, [imageId], name, severity, options.seed, { parameterSet: applied.parameterSet });
  let encoded: Promise<Buffer>;
  try {
    // On the CPU backends the encoder reads the values where they are, before anything else runs.
    encoded = encodeCopy(onHostBackend() ? hostValuesView(corrupted) : ((await corrupted.data()) as Float32Array), width, height, output);
  } finally {
    corrupted.dispose();
  }
  return { file, written: encoded.then((bytes) => writeCopyFile(output, bytes)) };
}

/** The image file `input` corrupted at its own size and written to `output`; its draws are keyed by its file name. */
export async function corruptImageFile(input: string, output: string, name: CorruptionName, severity: Severity, options: CorruptFileOptions): Promise<CorruptedFile> {
  const original = await decodeOriginal(input);
  const clean = cleanTensor(original);
  try {
    const { file, written } = await corruptedCopy(original, clean, output, basename(input), name, severity, options);
    await written;
    return file;
  } finally {
    clean.dispose();
  }
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
  const clean = cleanTensor(original);
  let written = 0;
  // The files being encoded and written, in order, while the next copy is corrupted (at most two in flight).
  let writing: Promise<void> = Promise.resolve();
  try {
    for (const name of options.corruptions) {
      for (const severity of options.severities) {
        beforeFile();
        const copy = await corruptedCopy(original, clean, corruptedCopyPath(outDir, item, name, severity), item.id, name, severity, options);
        const previous = writing;
        // Both handled at once, so a failure while another copy is corrupted is not an unhandled rejection; it is thrown below.
        copy.written.catch(() => undefined);
        writing = previous.then(() => copy.written).then(() => {
          written++;
          afterFile(name, severity);
        });
        writing.catch(() => undefined);
        await previous;
      }
    }
    await writing;
  } finally {
    clean.dispose();
    // Cancelled or failed part-way: the files in flight finish before the caller moves on.
    await writing.catch(() => undefined);
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
