// A batch's images under one condition of a released corruption set: each clean image's released copy, decoded to the
// group's input geometry exactly as clean images are, in the batch's order.
import type * as tf from '@tensorflow/tfjs';
import type { ImageItem } from '../../protocol/data';
import type { CorruptionName, Severity } from '../corruptions';
import { imageBatches } from '../data/batches';
import type { ResizeGeometry } from '../data/geometry';
import type { ReleasedCorruptions } from '../data/releasedCorruptions';
import { UserFacingError } from '../errors';

/**
 * The released images of `items` under (corruption, severity) as one [n, H, W, 3] batch in [0, 1], or null when cancelled.
 * A released file that is missing or cannot be decoded stops the sweep with its path: skipping it would make the
 * condition's error cover other images than the clean error's.
 */
export async function releasedConditionBatch(
  released: ReleasedCorruptions, corruption: CorruptionName, severity: Severity, items: readonly ImageItem[], geometry: ResizeGeometry, signal?: AbortSignal,
): Promise<tf.Tensor4D | null> {
  const files = await Promise.all(items.map((item) => released.itemFor(corruption, severity, item)));
  for await (const batch of imageBatches(files, geometry, files.length, signal)) {
    if (batch.skipped.length > 0 || batch.items.length !== files.length) {
      batch.images.dispose();
      const [first] = batch.skipped;
      throw new UserFacingError(`Cannot read the released image ${first?.path ?? 'of a clean image'}: ${first?.reason ?? 'it did not decode'}. Every clean image needs a readable copy under each condition swept.`, 'bad-input');
    }
    return batch.images;
  }
  return null;
}
