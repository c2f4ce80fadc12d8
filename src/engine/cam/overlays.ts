// What a viewer needs to draw one localised image without asking the engine again: the normalised map as a small
// grayscale PNG, the image at the evaluation size as a JPEG, and the largest contour's box at every threshold.
import sharp from 'sharp';
import type { Box } from '../../protocol/data';
import type { CamImageOverlay } from '../../protocol/cam';
import { decodeRgb } from '../data/decode';
import type { ImageSink } from '../runs/imageSink';
import { bestIou } from './boxGeometry';
import { quantiseScoremap, type ThresholdBoxes } from './boxes';

/** The map as the boxes see it (definitions.md §4: value·255, truncated) in an 8-bit grayscale PNG. */
function scoremapPng(map: Float32Array, size: number): Promise<Buffer> {
  return sharp(Buffer.from(quantiseScoremap(map)), { raw: { width: size, height: size, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

/** The image stretched to size × size (as wsolevaluation stretches it, so the map and boxes line up) in a JPEG. */
async function evaluationImageJpeg(path: string, size: number): Promise<Buffer> {
  const pixels = await decodeRgb(path, { height: size, width: size, resize: 'stretch', centerCropFraction: 1 });
  return sharp(Buffer.from(pixels), { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 82 }).toBuffer();
}

/**
 * The overlay of one image: its map and picture at size × size, kept by `images`, and the largest contour's box and its IoU
 * (when it has ground-truth boxes) at every threshold.
 */
export async function camImageOverlay(path: string, map: Float32Array, size: number, perThreshold: readonly ThresholdBoxes[], groundTruth: readonly Box[], images: ImageSink): Promise<CamImageOverlay> {
  const [mapPng, imageJpeg] = await Promise.all([scoremapPng(map, size), evaluationImageJpeg(path, size)]);
  const [mapUri, imageUri] = await Promise.all([images.store(mapPng, 'png'), images.store(imageJpeg, 'jpeg')]);
  const boxes: Box[] = perThreshold.map(({ largest }) => ({ ...largest }));
  return { map: mapUri, image: imageUri, boxes, ious: groundTruth.length === 0 ? null : boxes.map((box) => bestIou([box], groundTruth)) };
}
