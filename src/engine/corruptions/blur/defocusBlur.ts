import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { convolveChannels, type Kernel2D } from '../ops/convolution';
import { borderIndex } from '../ops/borders';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, NumericKey, Severity } from '../types';
import { clipToUnit } from '../ops/clip';
import { smoothedDisk, smoothedDiskLevelsOnHost, type SmoothedDisk } from '../ops/diskConvolution';
import { runOnHost } from '../ops/hostKernels';
import { onHostBackend } from '../../hostBackend';

export type DefocusBlurRow = { radius: number; aliasSigma: number };

const pixelFields = (): NumericKey<DefocusBlurRow>[] => ['radius', 'aliasSigma'];

/** OpenCV's 1-D Gaussian of `size` taps (cv2.getGaussianKernel). */
function smallGaussian(size: number, sigma: number): number[] {
  const half = (size - 1) / 2;
  const taps = Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const sum = taps.reduce((a, b) => a + b, 0);
  return taps.map((t) => t / sum);
}

/** Half the side of the defocus kernel. */
function defocusSupport(radius: number): number {
  return radius <= 8 ? 8 : Math.ceil(radius);
}

/** The anti-aliasing Gaussian's taps: 3 for radius ≤ 8, else 5. */
function aliasGaussian(radius: number, aliasSigma: number): number[] {
  return smallGaussian(radius <= 8 ? 3 : 5, aliasSigma);
}

const smoothedDisks = new Map<string, SmoothedDisk>();

/** The defocus kernel as disk runs, Gaussian and sparse correction (ops/diskConvolution), made once per parameters. */
function defocusDisk(radius: number, aliasSigma: number): SmoothedDisk {
  const key = `${radius}/${aliasSigma}`;
  let disk = smoothedDisks.get(key);
  if (!disk) {
    disk = smoothedDisk(defocusKernel(radius, aliasSigma), radius, defocusSupport(radius), Float32Array.from(aliasGaussian(radius, aliasSigma)));
    smoothedDisks.set(key, disk);
  }
  return disk;
}

// definitions.md §1.1 defocus_blur: a disk of `radius` on [-8, 8] (radius ≤ 8) or [-r, r] normalised to sum 1, then
// smoothed by a Gaussian of σ = alias σ (3×3 for radius ≤ 8, else 5×5, OpenCV's reflected border) and not
// renormalised, as the generator does (the reflected border changes the sum where the disk reaches the support's edge).
export function defocusKernel(radius: number, aliasSigma: number): Kernel2D {
  const support = defocusSupport(radius);
  const side = 2 * support + 1;
  const disk = new Float64Array(side * side);
  let inside = 0;
  for (let y = -support; y <= support; y++) {
    for (let x = -support; x <= support; x++) {
      const within = x * x + y * y <= radius * radius;
      disk[(y + support) * side + x + support] = within ? 1 : 0;
      if (within) inside += 1;
    }
  }
  for (let i = 0; i < disk.length; i++) disk[i] /= inside;
  const taps = aliasGaussian(radius, aliasSigma);
  const reach = (taps.length - 1) / 2;
  const weights = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let acc = 0;
      for (let i = -reach; i <= reach; i++) {
        for (let j = -reach; j <= reach; j++) {
          acc += taps[i + reach] * taps[j + reach] * disk[borderIndex(y + i, side, 'reflect101') * side + borderIndex(x + j, side, 'reflect101')];
        }
      }
      weights[y * side + x] = acc;
    }
  }
  return { height: side, width: side, weights };
}

// definitions.md §1.1 defocus_blur: every channel convolved with the defocus kernel (OpenCV filter2D border), clipped.
export function defocusBlur(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<DefocusBlurRow>): tf.Tensor4D {
  const { radius, aliasSigma } = severityRow(params, severity, pixelFields);
  if (onHostBackend()) {
    // Disk runs cost 2 reads per kernel row: on 224² images 3–10× fewer CPU ms than XNNPACK's direct convolution.
    const disk = defocusDisk(radius, aliasSigma);
    return runOnHost(images, images.shape, (pixels, out) => smoothedDiskLevelsOnHost(pixels, images.shape, disk, 'reflect101', out));
  }
  return tf.tidy(() => clipToUnit(convolveChannels(images, defocusKernel(radius, aliasSigma), 'reflect101')));
}

export const defocusBlurSpec: CorruptionSpec<DefocusBlurRow> = {
  name: 'defocus_blur', family: 'blur', kind: 'benchmark', displayName: 'Defocus blur', variant: null,
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.1 (smoothed disk not renormalised, as the generator)',
      rows: [{ radius: 3, aliasSigma: 0.1 }, { radius: 4, aliasSigma: 0.5 }, { radius: 6, aliasSigma: 0.5 }, { radius: 8, aliasSigma: 0.5 }, { radius: 10, aliasSigma: 0.5 }],
    },
    'cifar-10-c': {
      source: 'definitions.md §1.3 (smoothed disk not renormalised, as the generator)',
      rows: [{ radius: 0.3, aliasSigma: 0.4 }, { radius: 0.4, aliasSigma: 0.5 }, { radius: 0.5, aliasSigma: 0.6 }, { radius: 1, aliasSigma: 0.2 }, { radius: 1.5, aliasSigma: 0.1 }],
    },
  },
  pixelFields,
  apply: defocusBlur,
};
