import type * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { jpegRoundTrip } from '../ops/jpeg';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';

export type JpegCompressionRow = { quality: number };

const pixelFields = (): [] => [];

// definitions.md §1.1 jpeg_compression: a real JPEG encode at `quality` and decode (sharp), per image.
export function jpegCompression(images: tf.Tensor4D, severity: Severity, _rng: SeededRandom, params: CorruptionParameters<JpegCompressionRow>): Promise<tf.Tensor4D> {
  return jpegRoundTrip(images, severityRow(params, severity, pixelFields).quality);
}

export const jpegCompressionSpec: CorruptionSpec<JpegCompressionRow> = {
  name: 'jpeg_compression', family: 'digital', kind: 'benchmark', displayName: 'JPEG compression', variant: null,
  tables: {
    'imagenet-c': { source: 'definitions.md §1.1', rows: [{ quality: 25 }, { quality: 18 }, { quality: 15 }, { quality: 10 }, { quality: 7 }] },
    'cifar-10-c': { source: 'definitions.md §1.3', rows: [{ quality: 80 }, { quality: 65 }, { quality: 58 }, { quality: 50 }, { quality: 40 }] },
  },
  pixelFields,
  apply: jpegCompression,
};
