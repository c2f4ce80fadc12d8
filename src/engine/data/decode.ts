// Decoding image files to 8-bit RGB with sharp (libvips), safely.
//
// Every decode: reads the header first and refuses the file when its content is not JPEG, PNG or WebP,
// or when width × height is over the pixel limit (100 MP unless the caller sets `maxPixels`), before
// any pixel is decoded; rotates by the EXIF orientation; flattens transparency onto black; turns
// grayscale (and CMYK, 16-bit) into 8-bit sRGB with 3 channels; and fails on truncated or corrupt data
// (failOn: 'truncated') instead of returning a half-grey image.
// Model inputs are resized with sharp's 'linear' kernel: a triangle (bilinear) filter that libvips widens
// by the shrink factor when downscaling, so it averages instead of aliasing, as Pillow's BILINEAR does
// (at the borders libvips repeats the edge pixel where Pillow renormalises the weights); JPEG
// shrink-on-load is off so the result does not depend on the file format.
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { UserFacingError, errorMessage, type UserErrorCode } from '../errors';
import { planResize, type ResizeGeometry } from './geometry';

export const DEFAULT_MAX_PIXELS = 100_000_000;

export interface DecodeOptions {
  /** Largest width × height accepted, checked from the file header before decoding. */
  maxPixels?: number;
}

export interface RgbImage {
  /** Row-major RGB bytes, length width × height × 3. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** A file that cannot be decoded; `reason` says why without the path, for lists of skipped files. */
export class UnreadableImageError extends UserFacingError {
  constructor(readonly path: string, readonly reason: string, code: UserErrorCode) {
    super(`Cannot read ${path}: ${reason}.`, code);
    this.name = 'UnreadableImageError';
  }
}

const ACCEPTED_FORMATS: readonly string[] = ['jpeg', 'png', 'webp'];

/** Decodes `path` and resizes it to the model input (geometry.height × geometry.width × 3 bytes, row-major). */
export async function decodeRgb(path: string, geometry: ResizeGeometry, options: DecodeOptions = {}): Promise<Uint8Array> {
  const maxPixels = pixelLimit(options);
  const oriented = await checkedHeader(path, maxPixels);
  const plan = planResize(oriented.width, oriented.height, geometry);
  const pipeline = decoder(path, maxPixels).resize(plan.resizeWidth, plan.resizeHeight, { fit: 'fill', kernel: 'linear', fastShrinkOnLoad: false });
  if (plan.crop) pipeline.extract(plan.crop);
  const image = await rawRgb(pipeline, path);
  if (image.width !== geometry.width || image.height !== geometry.height) {
    throw new Error(`Resizing ${path} gave ${image.width} × ${image.height} pixels instead of ${geometry.width} × ${geometry.height}.`);
  }
  return image.pixels;
}

/** Decodes `path` at its own size (after EXIF rotation). */
export async function decodeOriginal(path: string, options: DecodeOptions = {}): Promise<RgbImage> {
  const maxPixels = pixelLimit(options);
  await checkedHeader(path, maxPixels);
  return rawRgb(decoder(path, maxPixels), path);
}

/** A small JPEG preview (longest side at most `maxSide`, never enlarged). */
export async function thumbnailJpeg(path: string, maxSide = 96, options: DecodeOptions = {}): Promise<Buffer> {
  const maxPixels = pixelLimit(options);
  await checkedHeader(path, maxPixels);
  const pipeline = decoder(path, maxPixels).resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 });
  try {
    return await pipeline.toBuffer();
  } catch (err) {
    throw unreadable(path, err);
  }
}

function pixelLimit(options: DecodeOptions): number {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!(maxPixels >= 1)) throw new UserFacingError(`The image pixel limit must be at least 1, got ${maxPixels}.`, 'bad-input');
  return Math.floor(maxPixels);
}

/** Reads only the header: checks the format and the pixel count; returns the size after EXIF rotation. */
async function checkedHeader(path: string, maxPixels: number): Promise<{ width: number; height: number }> {
  let metadata: Metadata;
  try {
    metadata = await sharp(path, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw unreadable(path, err);
  }
  if (!ACCEPTED_FORMATS.includes(metadata.format)) {
    throw new UnreadableImageError(path, `its content is ${metadata.format}, not JPEG, PNG or WebP`, 'unsupported');
  }
  if (metadata.width * metadata.height > maxPixels) {
    throw new UnreadableImageError(path, `${metadata.width} × ${metadata.height} pixels is more than the ${formatMegapixels(maxPixels)} limit`, 'too-large');
  }
  return metadata.autoOrient;
}

function formatMegapixels(pixels: number): string {
  return `${Number((pixels / 1e6).toPrecision(3))} MP`;
}

function decoder(path: string, maxPixels: number): Sharp {
  return sharp(path, { autoOrient: true, failOn: 'truncated', limitInputPixels: maxPixels })
    .flatten({ background: '#000000' })
    .toColourspace('srgb');
}

async function rawRgb(pipeline: Sharp, path: string): Promise<RgbImage> {
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw unreadable(path, err);
  }
  const { data, info } = decoded;
  if (info.channels !== 3) throw new UnreadableImageError(path, `it decoded to ${info.channels} channels instead of 3`, 'unsupported');
  return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Turns a sharp/libvips failure into a reason a user understands, keeping libvips' words for detail. */
function unreadable(path: string, err: unknown): UnreadableImageError {
  const detail = errorMessage(err).split('\n')[0].trim();
  if (/input file is missing/i.test(detail)) return new UnreadableImageError(path, 'the file does not exist', 'not-found');
  if (/unsupported image format/i.test(detail)) return new UnreadableImageError(path, 'its content is not a JPEG, PNG or WebP image', 'unsupported');
  return new UnreadableImageError(path, `the image data is truncated or corrupt (${detail})`, 'bad-input');
}
