// An item's pixels, wherever they lie: an image file decoded by sharp, or a raw 8-bit record inside a larger file
// (CIFAR binary batches, .npy arrays) read by offset and resized exactly as a decoded file would be.
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import type { ImageItem, RawPixels } from '../../protocol/data';
import { UserFacingError } from '../errors';
import { UnreadableImageError, decodeOriginal, decodeRgb, thumbnailJpeg, type DecodeOptions, type RgbImage } from './decode';
import { planResize, type ResizeGeometry } from './geometry';
import { readAt } from './npyFile';

/** The item resized to the model input (geometry.height × geometry.width × 3 bytes, row-major). */
export async function decodeItemRgb(item: ImageItem, geometry: ResizeGeometry, options: DecodeOptions = {}): Promise<Uint8Array> {
  if (!item.raw) return decodeRgb(item.path, geometry, options);
  const image = await readRawPixels(item.path, item.raw);
  const plan = planResize(image.width, image.height, geometry);
  if (!plan.crop && plan.resizeWidth === image.width && plan.resizeHeight === image.height) return image.pixels;
  // The same resize as decode.ts applies to files, so a record and its PNG export give the same model input.
  const pipeline = sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(plan.resizeWidth, plan.resizeHeight, { fit: 'fill', kernel: 'linear' });
  if (plan.crop) pipeline.extract(plan.crop);
  const { data } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** The item at its own size. */
export async function decodeItemOriginal(item: ImageItem, options: DecodeOptions = {}): Promise<RgbImage> {
  return item.raw ? readRawPixels(item.path, item.raw) : decodeOriginal(item.path, options);
}

/** A small JPEG preview of the item (raw records are small; they are shown at their own size). */
export async function itemThumbnailJpeg(item: ImageItem, maxSide = 96): Promise<Buffer> {
  if (!item.raw) return thumbnailJpeg(item.path, maxSide);
  const image = await readRawPixels(item.path, item.raw);
  return sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
}

/** Reads one record and returns it row-major RGB (planes interleaved when the record is channel-first). */
export async function readRawPixels(path: string, raw: RawPixels): Promise<RgbImage> {
  const length = raw.height * raw.width * 3;
  let bytes: Buffer;
  try {
    const file = await open(path, 'r');
    try {
      bytes = await readAt(file, raw.byteOffset, length);
    } finally {
      await file.close();
    }
  } catch (err) {
    if (err instanceof UserFacingError) throw err;
    throw new UnreadableImageError(path, `the file cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'not-found');
  }
  if (bytes.length !== length) throw new UnreadableImageError(path, `the record at byte ${raw.byteOffset} is cut short (${bytes.length} of ${length} bytes)`, 'bad-input');
  return { pixels: raw.layout === 'hwc' ? new Uint8Array(bytes.buffer, bytes.byteOffset, length) : interleavePlanes(bytes, raw.height * raw.width), width: raw.width, height: raw.height };
}

/** R plane, G plane, B plane → RGB pixels. */
function interleavePlanes(planes: Uint8Array, pixelCount: number): Uint8Array {
  const rgb = new Uint8Array(pixelCount * 3);
  for (let p = 0; p < pixelCount; p++) {
    rgb[3 * p] = planes[p];
    rgb[3 * p + 1] = planes[pixelCount + p];
    rgb[3 * p + 2] = planes[2 * pixelCount + p];
  }
  return rgb;
}
