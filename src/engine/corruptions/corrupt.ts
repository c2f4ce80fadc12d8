// Applying one corruption at one severity to a batch, with the parameter table chosen by image size (or by the
// caller), pixel lengths scaled, and the optional JPEG-85 round trip of the released ImageNet-C files.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { SeededRandom } from '../random';
import { jpegRoundTrip } from './ops/jpeg';
import { parameterSetFor, pixelScaleFor, REFERENCE_SIZE } from './parameterSets';
import { REGISTERED_CORRUPTIONS, type RegisteredCorruption } from './registry';
import type { CorruptionName, ParameterRow, ParameterSetName, Severity } from './types';

// definitions.md §1 notes, quantisation: the generator stores np.uint8 of its clipped [0, 255] output, i.e. it
// truncates to whole levels; so do we, on every corrupted image (a whole level k/255 in float32 times 255 is
// exactly k, so outputs already on levels keep them).
function truncateToLevels(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.floor(tf.mul(tf.clipByValue(images, 0, 1), 255)), 255) as tf.Tensor4D);
}

/** Quality of the JPEG the released ImageNet-C images were saved as (definitions.md §1 notes). */
export const RELEASE_JPEG_QUALITY = 85;

export interface CorruptOptions {
  /** The table to use; by default CIFAR-10-C for images ≤ 64 px, ImageNet-C otherwise. */
  parameterSet?: ParameterSetName;
  /** Save the corrupted image as JPEG quality 85 and read it back, as the released ImageNet-C files were (default off). */
  jpegRoundTrip?: boolean;
}

/** Everything a report must say about how a corruption was applied. */
export interface AppliedCorruption {
  name: CorruptionName;
  displayName: string;
  variant: string | null;
  severity: Severity;
  parameterSet: ParameterSetName;
  parameterSource: string;
  /** The parameters used, pixel lengths already scaled. */
  parameters: ParameterRow;
  /** min(H, W) / reference size of the table (224 for ImageNet-C, 32 for CIFAR-10-C). */
  pixelScale: number;
  referenceSize: number;
  /** The fields multiplied by pixelScale. */
  scaledFields: readonly string[];
  jpegRoundTrip: boolean;
}

function lookUp(name: string): RegisteredCorruption {
  const found = REGISTERED_CORRUPTIONS.find((c) => c.name === name);
  if (!found) throw new UserFacingError(`Unknown corruption "${name}". Known: ${REGISTERED_CORRUPTIONS.map((c) => c.name).join(', ')}.`, 'bad-input');
  return found;
}

function checkedSeverity(severity: number): Severity {
  if (!Number.isInteger(severity) || severity < 1 || severity > 5) throw new UserFacingError(`Corruption severity must be an integer from 1 to 5, got ${severity}.`, 'bad-input');
  return severity as Severity;
}

/** How `name` at `severity` is applied to H×W images with these options. */
export function describeCorruption(name: CorruptionName, severity: Severity, height: number, width: number, options: CorruptOptions = {}): AppliedCorruption {
  const corruption = lookUp(name);
  const checked = checkedSeverity(severity);
  const parameterSet = options.parameterSet ?? parameterSetFor(height, width);
  const pixelScale = pixelScaleFor(parameterSet, height, width);
  const { row, scaledFields } = corruption.resolve(parameterSet, checked, pixelScale);
  return {
    name: corruption.name, displayName: corruption.displayName, variant: corruption.variant, severity: checked, parameterSet,
    parameterSource: corruption.parameterTables[parameterSet].source, parameters: row, pixelScale,
    referenceSize: REFERENCE_SIZE[parameterSet], scaledFields, jpegRoundTrip: options.jpegRoundTrip ?? false,
  };
}

/** `images` [b, H, W, 3] float32 in [0, 1] corrupted by `name` at `severity`, in whole 8-bit levels; the input is not disposed. */
export async function corrupt(images: tf.Tensor4D, name: CorruptionName, severity: Severity, rng: SeededRandom, options: CorruptOptions = {}): Promise<tf.Tensor4D> {
  if (images.rank !== 4 || images.shape[3] !== 3 || images.dtype !== 'float32') {
    throw new UserFacingError(`Corruptions take float32 images of shape [batch, height, width, 3]; got ${images.dtype} [${images.shape.join(', ')}].`, 'bad-input');
  }
  const [, height, width] = images.shape;
  const applied = describeCorruption(name, severity, height, width, options);
  const raw = await lookUp(name).run(images, applied.parameterSet, applied.severity, rng, applied.pixelScale);
  const corrupted = truncateToLevels(raw);
  raw.dispose();
  if (!applied.jpegRoundTrip) return corrupted;
  try {
    return await jpegRoundTrip(corrupted, RELEASE_JPEG_QUALITY);
  } finally {
    corrupted.dispose();
  }
}
