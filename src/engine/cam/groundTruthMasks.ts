// An image's ground-truth mask at the evaluation size, as wsolevaluation's get_mask builds it for PxAP (definitions.md
// §4 "PxAP"): every instance mask and the ignore mask read as grayscale, resized to size × size by nearest neighbour
// (OpenCV's INTER_NEAREST), > 0.5 marks a pixel; object = any instance, ignore = ignore mask minus the object.
import sharp from 'sharp';
import type { ImageItem } from '../../protocol/data';
import { DEFAULT_MAX_PIXELS } from '../data/decode';
import { UserFacingError, errorMessage } from '../errors';
import type { GroundTruthMask } from './pxap';

export const MASK_OBJECT = 1;
export const MASK_IGNORE = 255;

interface GrayImage { pixels: Uint8Array; width: number; height: number }

/** Decodes a mask file to one 8-bit channel; `line` is its localization.txt line, for the message when it cannot be read. */
async function readGray(path: string, line: number | undefined): Promise<GrayImage> {
  try {
    const { data, info } = await sharp(path, { failOn: 'truncated', limitInputPixels: DEFAULT_MAX_PIXELS })
      .toColourspace('b-w').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`it decoded to ${info.channels} channels instead of 1`);
    return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (err) {
    const where = line === undefined ? '' : ` (localization.txt line ${line})`;
    throw new UserFacingError(`Cannot read the mask ${path}${where}: ${errorMessage(err).split('\n')[0]}.`, 'bad-input');
  }
}

// OpenCV resizeNN: source column ⌊x·(1/(dst/src))⌋, clamped to the last column; rows alike.
function nearestIndices(source: number, size: number): Int32Array {
  const inverseScale = 1 / (size / source);
  return Int32Array.from({ length: size }, (_, x) => Math.min(Math.floor(x * inverseScale), source - 1));
}

/** Which pixels of the size × size resized mask are set (value > 0.5, i.e. non-zero for 8-bit masks). */
function resizedSet(image: GrayImage, size: number): Uint8Array {
  const columns = nearestIndices(image.width, size);
  const rows = nearestIndices(image.height, size);
  const set = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const row = rows[y] * image.width;
    for (let x = 0; x < size; x++) set[y * size + x] = image.pixels[row + columns[x]] > 0.5 ? 1 : 0;
  }
  return set;
}

/** `item`'s mask at size × size: MASK_OBJECT on any instance, MASK_IGNORE in the ignore region outside them, 0 elsewhere. */
export async function evaluationMask(item: ImageItem, size: number): Promise<GroundTruthMask> {
  if (!item.masks || item.masks.paths.length === 0) throw new UserFacingError(`${item.id} has no ground-truth mask in localization.txt.`, 'bad-input');
  const mask = new Uint8Array(size * size);
  for (const [i, path] of item.masks.paths.entries()) {
    const set = resizedSet(await readGray(path, item.masks.lines[i]), size);
    set.forEach((on, p) => { if (on) mask[p] = MASK_OBJECT; });
  }
  if (item.masks.ignore !== null) {
    const ignore = resizedSet(await readGray(item.masks.ignore, item.masks.lines[0]), size);
    ignore.forEach((on, p) => { if (on && mask[p] !== MASK_OBJECT) mask[p] = MASK_IGNORE; });
  }
  return mask;
}
