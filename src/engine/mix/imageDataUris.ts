// [0, 1] RGB image tensors as data: URIs for panels and reports: sources as JPEG, mixed images as lossless PNG.
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';

export type ImageEncoding = 'png' | 'jpeg';

/** One data: URI per image of [N, H, W, 3] values in [0, 1] (rounded to 8 bits). */
export async function imageDataUris(images: tf.Tensor4D, encoding: ImageEncoding): Promise<string[]> {
  const [count, height, width] = images.shape;
  const bytes = tf.tidy(() => tf.round(tf.mul(tf.clipByValue(images, 0, 1), 255)).toInt());
  const values = Uint8Array.from(await bytes.data());
  bytes.dispose();
  const size = height * width * 3;
  return Promise.all(Array.from({ length: count }, async (_, n) => {
    const encoder = sharp(values.subarray(n * size, (n + 1) * size), { raw: { width, height, channels: 3 } });
    const buffer = encoding === 'png' ? await encoder.png().toBuffer() : await encoder.jpeg({ quality: 90 }).toBuffer();
    return `data:image/${encoding};base64,${buffer.toString('base64')}`;
  }));
}
