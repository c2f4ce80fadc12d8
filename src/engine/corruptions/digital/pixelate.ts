import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { onHostBackend } from '../../hostBackend';
import { runOnHost } from '../ops/hostKernels';
import { roundedBytes, unitValues } from '../ops/levels';
import { pillowBoxResize } from '../ops/pillowBoxResize';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';

export type PixelateRow = { factor: number };

const pixelFields = (): [] => [];

// definitions.md §1.1 pixelate: on the 8-bit image, PIL BOX downscale to ⌊factor·size⌋, then PIL BOX upscale back.
export async function pixelate(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<PixelateRow>): Promise<tf.Tensor4D> {
  const { factor } = severityRow(params, severity, pixelFields);
  const [batch, height, width] = images.shape;
  const smallHeight = Math.max(1, Math.floor(factor * height));
  const smallWidth = Math.max(1, Math.floor(factor * width));
  const perImage = height * width * 3;
  // Down and back up, image by image, on the bytes.
  const resized = (pixels: Uint8Array): Uint8Array => {
    const back = new Uint8Array(pixels.length);
    for (let i = 0; i < batch; i++) {
      const small = pillowBoxResize(pixels.subarray(i * perImage, (i + 1) * perImage), height, width, smallHeight, smallWidth);
      back.set(pillowBoxResize(small, smallHeight, smallWidth, height, width), i * perImage);
    }
    return back;
  };
  // On the CPU backends the bytes come from one pass over the values (the same rounding as the tensor ops below).
  if (onHostBackend()) return runOnHost(images, images.shape, (values, out) => unitValues(resized(roundedBytes(values)), out));
  const bytes = tf.tidy(() => tf.cast(tf.round(tf.mul(tf.clipByValue(images, 0, 1), 255)), 'int32'));
  const pixels = Uint8Array.from((await bytes.data()) as Int32Array);
  bytes.dispose();
  return tf.tensor4d(unitValues(resized(pixels)), images.shape);
}

export const pixelateSpec: CorruptionSpec<PixelateRow> = {
  name: 'pixelate', family: 'digital', kind: 'benchmark', displayName: 'Pixelate', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.1 (PIL BOX down and up on the 8-bit image, as the generator)', rows: [{ factor: 0.6 }, { factor: 0.5 }, { factor: 0.4 }, { factor: 0.3 }, { factor: 0.25 }] },
    'cifar-10-c': { source: 'definitions.md §1.3 (PIL BOX down and up on the 8-bit image, as the generator)', rows: [{ factor: 0.95 }, { factor: 0.9 }, { factor: 0.85 }, { factor: 0.75 }, { factor: 0.65 }] },
  },
  pixelFields,
  apply: pixelate,
};
