// Corrupted copies on disk: one image file, or a dataset's items (handed out to threads by corruptDataset.ts) in the
// ImageNet-C layout <out>/<corruption>/<severity>/<relative path>.png — PNG so nothing is re-compressed, except
// jpeg_compression, whose output is the JPEG itself at the severity's quality. Each image's draws come from (seed, corruption, severity, image id),
// the same streams a sweep uses, so a copy on disk holds exactly the pixels the sweep evaluated at that size.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import sharp from 'sharp';
import type { ImageItem, SkippedFile } from '../../protocol/data';
import { describeCorruption, type AppliedCorruption, type CorruptionName, type ParameterSetName, type Severity } from '../corruptions';
import { hostValuesView, onHostBackend } from '../hostBackend';
import { encodeJpeg, unitFloatsToBytes } from '../corruptions/ops/jpeg';
import { UnreadableImageError, decodeOriginal, type RgbImage } from '../data/decode';
import { decodeItemOriginal } from '../data/itemPixels';
import { pathInside } from '../data/outputPaths';
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

/** The outcome of an item, or of one corruption of it: the files written, or why the item was skipped. */
export type ItemCopies = { written: number } | { skipped: SkippedFile };

/** An item decoded for its copies (`clean`: its pixels as cleanTensor gives them), or why it was skipped. */
type DecodedItem = { original: RgbImage; clean: tf.Tensor4D } | { skipped: SkippedFile };

async function decodedItem(item: ImageItem): Promise<DecodedItem> {
  try {
    const original = await decodeItemOriginal(item);
    return { original, clean: cleanTensor(original) };
  } catch (err) {
    if (!(err instanceof UnreadableImageError)) throw err;
    return { skipped: { path: item.path, reason: err.reason } };
  }
}

/**
 * One thread's writer of corrupt-dataset's copies, handed one (item, corruption) after another: it writes every
 * severity of that corruption, keeping the item it last decoded for the item's next corruption. Call dispose when done.
 */
export class ItemCopier {
  private last: { id: string; decoded: DecodedItem } | null = null;

  constructor(private readonly outDir: string, private readonly options: CopiesOptions) {}

  /**
   * Every severity of `name` for `item` under the output folder: the files written, or why the item was skipped (it
   * cannot be decoded). `beforeFile` runs, and is awaited, before each file (it may throw to cancel), `afterFile` after it.
   */
  async write(item: ImageItem, name: CorruptionName, beforeFile: () => void | Promise<void>, afterFile: (severity: Severity) => void): Promise<ItemCopies> {
    const decoded = await this.decoded(item);
    if ('skipped' in decoded) return decoded;
    let written = 0;
    // The files being encoded and written, in order, while the next copy is corrupted (at most two in flight).
    let writing: Promise<void> = Promise.resolve();
    try {
      for (const severity of this.options.severities) {
        await beforeFile();
        const copy = await corruptedCopy(decoded.original, decoded.clean, corruptedCopyPath(this.outDir, item, name, severity), item.id, name, severity, this.options);
        const previous = writing;
        // Both handled at once, so a failure while another copy is corrupted is not an unhandled rejection; it is thrown below.
        copy.written.catch(() => undefined);
        writing = previous.then(() => copy.written).then(() => {
          written++;
          afterFile(severity);
        });
        writing.catch(() => undefined);
        await previous;
      }
      await writing;
    } finally {
      // Cancelled or failed part-way: the files in flight finish before the caller moves on.
      await writing.catch(() => undefined);
    }
    return { written };
  }

  dispose(): void {
    if (this.last && 'clean' in this.last.decoded) this.last.decoded.clean.dispose();
    this.last = null;
  }

  private async decoded(item: ImageItem): Promise<DecodedItem> {
    if (this.last?.id !== item.id) {
      this.dispose();
      this.last = { id: item.id, decoded: await decodedItem(item) };
    }
    return this.last.decoded;
  }
}
