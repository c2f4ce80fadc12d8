// A localised image for the report: the colour-mapped score map blended over the picture with sharp, as a JPEG
// data: URI (the boxes are drawn over it as SVG by the report, so they stay sharp).
import sharp from 'sharp';
import type { ColorMapName } from '../../protocol/messages/localisation';
import type { CamImageOverlay } from '../../protocol/cam';
import { colorMapTable } from '../colorMaps';

function dataUriBytes(uri: string): Buffer {
  const comma = uri.indexOf(',');
  return Buffer.from(uri.slice(comma + 1), 'base64');
}

/** The picture with the map over it at `opacity` (0 to 1), both at the overlay's evaluation size. */
export async function camOverlayJpegDataUri(overlay: CamImageOverlay, colorMap: ColorMapName, opacity: number): Promise<string> {
  const map = await sharp(dataUriBytes(overlay.map)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const { width, height } = map.info;
  const picture = await sharp(dataUriBytes(overlay.image)).resize(width, height, { fit: 'fill' }).removeAlpha().toColourspace('srgb').raw().toBuffer();
  const table = colorMapTable(colorMap);
  const blended = Buffer.alloc(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const level = map.data[p];
    for (let c = 0; c < 3; c++) blended[p * 3 + c] = Math.round((1 - opacity) * picture[p * 3 + c] + opacity * table[level * 3 + c]);
  }
  const jpeg = await sharp(blended, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
