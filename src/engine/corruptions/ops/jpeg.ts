// A real JPEG encode and decode through sharp (libjpeg-turbo, 4:2:0 chroma, standard tables, like PIL's
// default save), one image at a time, the batch in parallel.
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { unitByte } from './levels';

/** Rounds `length` [0, 1] floats from `offset` to bytes (Math.round(clip(v)·255)). */
export function unitFloatsToBytes(values: Float32Array, offset: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = unitByte(values[offset + i]);
  return bytes;
}

/** Encodes H×W×3 bytes as a JPEG file at `quality` (1..100). */
export function encodeJpeg(rgb: Buffer, width: number, height: number, quality: number): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
}

async function decodeJpeg(file: Buffer, width: number, height: number): Promise<Buffer> {
  const { data, info } = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height || info.channels !== 3) {
    throw new Error(`A JPEG round trip gave ${info.width}×${info.height}×${info.channels} instead of ${width}×${height}×3.`);
  }
  return data;
}

/** Every image of [b, H, W, 3] saved as JPEG at `quality` and read back, as floats in [0, 1]. */
export async function jpegRoundTrip(images: tf.Tensor4D, quality: number): Promise<tf.Tensor4D> {
  const [batch, height, width] = images.shape;
  const pixels = height * width * 3;
  const values = (await images.data()) as Float32Array;
  const decoded = await Promise.all(Array.from({ length: batch }, async (_, i) => {
    const file = await encodeJpeg(unitFloatsToBytes(values, i * pixels, pixels), width, height, quality);
    return decodeJpeg(file, width, height);
  }));
  const out = new Float32Array(batch * pixels);
  decoded.forEach((bytes, i) => {
    for (let k = 0; k < pixels; k++) out[i * pixels + k] = bytes[k] / 255;
  });
  return tf.tensor4d(out, [batch, height, width, 3]);
}
