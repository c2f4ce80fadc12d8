import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { adjustHsvOnHost, hsvToRgb, rgbToHsv } from '../ops/hsv';
import { runOnHost } from '../ops/hostKernels';
import { onHostBackend } from '../../hostBackend';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

export type SaturateRow = { scale: number; offset: number };

const pixelFields = (): [] => [];

// definitions.md §1.2 saturate: in HSV, S ← clip(S·s + b).
export function saturate(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<SaturateRow>): tf.Tensor4D {
  const { scale, offset } = severityRow(params, severity, pixelFields);
  if (onHostBackend()) return runOnHost(images, images.shape, (pixels, out) => adjustHsvOnHost(pixels, { saturationScale: scale, saturationOffset: offset, valueShift: 0 }, out));
  return tf.tidy(() => {
    const hsv = rgbToHsv(images);
    return clipToUnit(hsvToRgb({ ...hsv, saturation: clipToUnit(tf.add(tf.mul(hsv.saturation, scale), offset)) }));
  });
}

export const saturateSpec: CorruptionSpec<SaturateRow> = {
  name: 'saturate', family: 'digital', kind: 'extra', displayName: 'Saturate', variant: null,
  tables: {
    'imagenet-c': {
      source: 'definitions.md §1.2',
      rows: [{ scale: 0.3, offset: 0 }, { scale: 0.1, offset: 0 }, { scale: 2, offset: 0 }, { scale: 5, offset: 0.1 }, { scale: 20, offset: 0.2 }],
    },
    'cifar-10-c': {
      source: 'definitions.md §1.3',
      rows: [{ scale: 0.3, offset: 0 }, { scale: 0.1, offset: 0 }, { scale: 1.5, offset: 0 }, { scale: 2, offset: 0.1 }, { scale: 2.5, offset: 0.2 }],
    },
  },
  pixelFields,
  apply: saturate,
};
