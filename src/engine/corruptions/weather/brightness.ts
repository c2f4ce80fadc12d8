import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { adjustHsvOnHost, hsvToRgb, rgbToHsv } from '../ops/hsv';
import { runOnHost } from '../ops/hostKernels';
import { onHostBackend } from '../../hostBackend';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

export type BrightnessRow = { shift: number };

const pixelFields = (): [] => [];

// definitions.md §1.1 brightness: in HSV, V ← clip(V + v).
export function brightness(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<BrightnessRow>): tf.Tensor4D {
  const { shift } = severityRow(params, severity, pixelFields);
  if (onHostBackend()) return runOnHost(images, images.shape, (pixels, out) => adjustHsvOnHost(pixels, { saturationScale: 1, saturationOffset: 0, valueShift: shift }, out));
  return tf.tidy(() => {
    const hsv = rgbToHsv(images);
    return clipToUnit(hsvToRgb({ ...hsv, value: clipToUnit(tf.add(hsv.value, shift)) }));
  });
}

export const brightnessSpec: CorruptionSpec<BrightnessRow> = {
  name: 'brightness', family: 'weather', kind: 'benchmark', displayName: 'Brightness', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.1', rows: [{ shift: 0.1 }, { shift: 0.2 }, { shift: 0.3 }, { shift: 0.4 }, { shift: 0.5 }] },
    'cifar-10-c': { source: 'definitions.md §1.3', rows: [{ shift: 0.05 }, { shift: 0.1 }, { shift: 0.15 }, { shift: 0.2 }, { shift: 0.3 }] },
  },
  pixelFields,
  apply: brightness,
};
