// The imagecorruptions motion blur (definitions.md §1.1 motion_blur): a one-sided Gaussian of width
// 2·radius+1 laid along a line at `angle`; the image becomes the kernel-weighted sum of copies shifted along
// that line, with replicated edges.
import * as tf from '@tensorflow/tfjs';
import { padImages } from './borders';
import { runOnHost, shiftedCopiesSum } from './hostKernels';
import { onHostBackend } from '../../hostBackend';

export interface WeightedShift {
  /** The copy reads the pixel `dy` rows and `dx` columns away. */
  dy: number;
  dx: number;
  weight: number;
}

/** The shifted copies for (radius, σ, angle in degrees) on an H×W image; stops where a shift leaves the image. */
export function motionShifts(radius: number, sigma: number, angleDegrees: number, height: number, width: number): WeightedShift[] {
  const taps = 2 * radius + 1;
  const gauss = Array.from({ length: taps }, (_, i) => Math.exp(-(i * i) / (2 * sigma * sigma)));
  const total = gauss.reduce((a, b) => a + b, 0);
  const angle = (angleDegrees * Math.PI) / 180;
  const shifts: WeightedShift[] = [];
  for (let i = 0; i < taps; i++) {
    const dy = Math.ceil(i * Math.sin(angle) - 0.5);
    const dx = Math.ceil(i * Math.cos(angle) - 0.5);
    if (Math.abs(dy) >= height || Math.abs(dx) >= width) break;
    shifts.push({ dy, dx, weight: gauss[i] / total });
  }
  return shifts;
}

/** Σ weight · image shifted by (dy, dx), edges replicated; images [b, H, W, c]. */
export function sumOfShiftedCopies(images: tf.Tensor4D, shifts: readonly WeightedShift[]): tf.Tensor4D {
  if (onHostBackend()) return runOnHost(images, images.shape, (pixels, out) => shiftedCopiesSum(pixels, images.shape, shifts, out));
  return tf.tidy(() => {
    const [batch, height, width, channels] = images.shape;
    const pad = Math.max(0, ...shifts.map((s) => Math.max(Math.abs(s.dy), Math.abs(s.dx))));
    const padded = padImages(images, pad, pad, 'edge');
    let sum = tf.zeros([batch, height, width, channels]) as tf.Tensor4D;
    for (const { dy, dx, weight } of shifts) {
      sum = tf.add(sum, tf.mul(tf.slice(padded, [0, pad + dy, pad + dx, 0], [batch, height, width, channels]), weight));
    }
    return sum;
  });
}
