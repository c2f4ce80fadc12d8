// What a viewer needs to draw one localised image without asking the engine again: the normalised map as a small
// grayscale PNG, the image at the evaluation size as a JPEG, and the largest contour's box at every threshold.
import sharp from 'sharp';
import type { Box } from '../../protocol/data';
import type { CamImageOverlay } from '../../protocol/cam';
import { decodeRgb } from '../data/decode';
import { bestIou } from './boxGeometry';
import { quantiseScoremap, type ThresholdBoxes } from './boxes';

/** The map as the boxes see it (definitions.md §4: value·255, truncated) in an 8-bit grayscale PNG data: URI. */
export async function scoremapPngDataUri(map: Float32Array, size: number): Promise<string> {
  const png = await sharp(Buffer.from(quantiseScoremap(map)), { raw: { width: size, height: size, channels: 1 } }).toColourspace('b-w').png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** The image stretched to size × size (as wsolevaluation stretches it, so the map and boxes line up) in a JPEG data: URI. */
export async function evaluationImageDataUri(path: string, size: number): Promise<string> {
  const pixels = await decodeRgb(path, { height: size, width: size, resize: 'stretch', centerCropFraction: 1 });
  const jpeg = await sharp(Buffer.from(pixels), { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 82 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** The overlay of one image: its map and picture at size × size, and the largest contour's box and its IoU (when it has ground-truth boxes) at every threshold. */
export async function camImageOverlay(path: string, map: Float32Array, size: number, perThreshold: readonly ThresholdBoxes[], groundTruth: readonly Box[]): Promise<CamImageOverlay> {
  const [mapUri, imageUri] = await Promise.all([scoremapPngDataUri(map, size), evaluationImageDataUri(path, size)]);
  const boxes: Box[] = perThreshold.map(({ largest }) => ({ ...largest }));
  return { map: mapUri, image: imageUri, boxes, ious: groundTruth.length === 0 ? null : boxes.map((box) => bestIou([box], groundTruth)) };
}
