import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { gaussianFilter } from '../ops/convolution';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, NumericKey, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

export type GaussianBlurRow = { sigma: number };

const pixelFields = (): NumericKey<GaussianBlurRow>[] => ['sigma'];

/** skimage.filters.gaussian's defaults: kernel to 4σ, border replicated. */
export const SKIMAGE_TRUNCATE = 4;

// definitions.md §1.2 gaussian_blur: a Gaussian blur of σ (skimage: truncate 4σ, replicated border).
export function gaussianBlur(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<GaussianBlurRow>): tf.Tensor4D {
  const { sigma } = severityRow(params, severity, pixelFields);
  return tf.tidy(() => clipToUnit(gaussianFilter(images, sigma, sigma, SKIMAGE_TRUNCATE, 'edge')));
}

export const gaussianBlurSpec: CorruptionSpec<GaussianBlurRow> = {
  name: 'gaussian_blur', family: 'blur', kind: 'extra', displayName: 'Gaussian blur', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.2', rows: [{ sigma: 1 }, { sigma: 2 }, { sigma: 3 }, { sigma: 4 }, { sigma: 6 }] },
    'cifar-10-c': { source: 'definitions.md §1.3', rows: [{ sigma: 0.4 }, { sigma: 0.6 }, { sigma: 0.7 }, { sigma: 0.8 }, { sigma: 1 }] },
  },
  pixelFields,
  apply: gaussianBlur,
};
