// Overlay PNGs on disk (`cam --save-overlays`): <folder>/<image_id>.png, the image at its own size with the score map
// over it in a colour map, then the predicted box at the run's τ and the ground-truth boxes drawn on it. The map is
// written while the maps stream; the boxes are drawn once the run knows its τ (MaxBoxAcc's best needs every image).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import type { Box, ImageItem } from '../../protocol/data';
import type { ColorMapName } from '../../protocol/messages/localisation';
import { colorMapTable } from '../../present/colorMaps';
import { decodeOriginal } from '../data/decode';
import { statOrNull } from '../data/imageFiles';
import { UserFacingError } from '../errors';
import { quantiseScoremap } from './boxes';
import { pathInside } from '../data/outputPaths';

const OVERLAY_COLOR_MAP: ColorMapName = 'jet';
const OVERLAY_MAP_OPACITY = 0.5;
const GROUND_TRUTH_COLOR = '#2da44e';
const PREDICTED_COLOR = '#ffffff';

/** Creates `folder` (and its parents) for overlays; refuses a path that exists and is not a folder. */
export async function prepareOverlayFolder(folder: string): Promise<void> {
  const existing = await statOrNull(folder);
  if (existing && !existing.isDirectory()) throw new UserFacingError(`Cannot write overlays into ${folder}: it exists and is not a folder.`, 'bad-input');
  await mkdir(folder, { recursive: true });
}

/** The overlay file of `imageId` under `folder`. */
export function overlayPath(folder: string, imageId: string): string {
  return pathInside(folder, imageId, '.png');
}

/** The quantised map (size × size, as the boxes see it) stretched to width × height with a bilinear filter. */
async function mapAtImageSize(map: Float32Array, size: number, width: number, height: number): Promise<Buffer> {
  return sharp(Buffer.from(quantiseScoremap(map)), { raw: { width: size, height: size, channels: 1 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' }).extractChannel(0).raw().toBuffer();
}

// Alpha blending: out = (1 − α)·image + α·colour(map), α = OVERLAY_MAP_OPACITY, colour from the jet lookup table.
function blendMap(pixels: Uint8Array, levels: Uint8Array, opacity: number): Buffer {
  const table = colorMapTable(OVERLAY_COLOR_MAP);
  const blended = Buffer.alloc(pixels.length);
  for (let p = 0; p < levels.length; p++) {
    for (let c = 0; c < 3; c++) blended[p * 3 + c] = Math.round((1 - opacity) * pixels[p * 3 + c] + opacity * table[levels[p] * 3 + c]);
  }
  return blended;
}

/** Writes <folder>/<id>.png: the image at its own size (EXIF rotation applied) under the map (values in [0, 1], size × size). */
export async function writeMapOverImage(folder: string, item: ImageItem, map: Float32Array, size: number): Promise<void> {
  const { pixels, width, height } = await decodeOriginal(item.path);
  const blended = blendMap(pixels, await mapAtImageSize(map, size, width, height), OVERLAY_MAP_OPACITY);
  const path = overlayPath(folder, item.id);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await sharp(blended, { raw: { width, height, channels: 3 } }).png().toBuffer());
}

/** An SVG rectangle around the inclusive pixel box, outlined dark so it shows on any colour. */
function boxSvg(box: Box, color: string, strokeWidth: number, dashed: boolean): string {
  const attributes = `x="${box.x0}" y="${box.y0}" width="${box.x1 - box.x0 + 1}" height="${box.y1 - box.y0 + 1}" fill="none"`;
  const dash = dashed ? ` stroke-dasharray="${strokeWidth * 3} ${strokeWidth * 2}"` : '';
  return `<rect ${attributes} stroke="rgba(0,0,0,0.55)" stroke-width="${strokeWidth * 2}"/><rect ${attributes} stroke="${color}" stroke-width="${strokeWidth}"${dash}/>`;
}

/** A box at the evaluation size (size × size) scaled to an image of width × height, inclusive corners. */
function boxAtImageSize(box: Box, size: number, width: number, height: number): Box {
  const sx = width / size;
  const sy = height / size;
  return { x0: Math.floor(box.x0 * sx), y0: Math.floor(box.y0 * sy), x1: Math.ceil((box.x1 + 1) * sx) - 1, y1: Math.ceil((box.y1 + 1) * sy) - 1 };
}

/**
 * Draws on the overlay written for `item` its ground-truth boxes (solid green, in the image's own pixels) and the
 * predicted box (dashed white, at the evaluation size `size`); no predicted box is drawn for an empty one.
 */
export async function drawOverlayBoxes(folder: string, item: ImageItem, predicted: Box, size: number): Promise<void> {
  const path = overlayPath(folder, item.id);
  const png = await readFile(path);
  const { width = size, height = size } = await sharp(png).metadata();
  const strokeWidth = Math.max(2, Math.round(Math.min(width, height) / 112));
  const isEmpty = predicted.x1 <= predicted.x0 || predicted.y1 <= predicted.y0;
  const rects = [
    ...item.boxes.map((box) => boxSvg(box, GROUND_TRUTH_COLOR, strokeWidth, false)),
    ...(isEmpty ? [] : [boxSvg(boxAtImageSize(predicted, size, width, height), PREDICTED_COLOR, strokeWidth, true)]),
  ];
  if (rects.length === 0) return;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects.join('')}</svg>`;
  const composited = await sharp(png).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).png().toBuffer();
  // Compositing an SVG adds an alpha channel; the overlay stays opaque RGB like the map over the image.
  await writeFile(path, await sharp(composited).removeAlpha().png().toBuffer());
}
