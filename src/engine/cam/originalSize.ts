// An image's width and height as stored (EXIF rotation applied), which ground-truth boxes are given in.
import sharp from 'sharp';
import type { ImageItem } from '../../protocol/data';
import { UserFacingError } from '../errors';

export async function originalSize(item: ImageItem): Promise<[number, number]> {
  if (item.size) return item.size;
  const { width, height, orientation } = await sharp(item.path).metadata();
  if (!width || !height) throw new UserFacingError(`The size of ${item.path} cannot be read, so its boxes cannot be scaled.`);
  return (orientation ?? 1) >= 5 ? [height, width] : [width, height];
}
