// Occlusion sensitivity maps (definitions.md §3; Zeiler & Fergus 2014, Captum's Occlusion): the drop in the target class
// probability when a window is covered by the baseline, averaged over the windows covering each pixel.
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import { UserFacingError } from '../errors';
import { baselineImage, describeBaseline, type OcclusionBaseline } from './baselines';
import { coverageCounts, occlusionWindows, windowMasks } from './windows';

export interface SensitivityOptions {
  /** Window side in pixels. */
  window: number;
  /** Step between windows in pixels, 1 ≤ stride ≤ window. */
  stride: number;
  baseline: OcclusionBaseline;
  /** The class whose probability drop is mapped; default the model's top-1 class on the unoccluded image. */
  target?: number;
  /** Occluded copies per forward pass (default 32). */
  batchSize?: number;
  onProgress?: (windowsDone: number, windowCount: number) => void;
  signal?: AbortSignal;
}

export interface SensitivityMap {
  /** [H, W]: mean over covering windows of p_target(image) − p_target(occluded image); positive where hiding the pixel hurts. The caller disposes it. */
  map: tf.Tensor2D;
  target: number;
  /** p_target of the unoccluded image. */
  baseProbability: number;
  windowCount: number;
  baseline: string;
}

const DEFAULT_BATCH_SIZE = 32;

/** The target class and its probability on the unoccluded image. */
async function unoccludedTarget(classifier: Pick<Classifier, 'predict'>, image: tf.Tensor4D, target: number | undefined): Promise<{ target: number; probability: number }> {
  const probabilities = await classifier.predict(image);
  try {
    const values = await probabilities.data();
    const chosen = target ?? values.indexOf(Math.max(...values));
    if (!Number.isInteger(chosen) || chosen < 0 || chosen >= values.length) throw new UserFacingError(`The target class must be a whole number from 0 to ${values.length - 1}, got ${chosen}.`, 'bad-input');
    return { target: chosen, probability: values[chosen] };
  } finally {
    probabilities.dispose();
  }
}

// definitions.md §3 sensitivity map: map(p) = mean over windows w ∋ p of [p_t(x) − p_t(x with w filled by the baseline)].
export async function occlusionSensitivity(classifier: Pick<Classifier, 'predict'>, image: tf.Tensor3D, options: SensitivityOptions): Promise<SensitivityMap> {
  const [height, width, channels] = image.shape;
  if (channels !== 3) throw new UserFacingError(`Occlusion maps take an RGB image [H, W, 3]; got [${image.shape.join(', ')}].`, 'bad-input');
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UserFacingError(`The occlusion batch size must be a whole number of at least 1, got ${batchSize}.`, 'bad-input');
  const windows = occlusionWindows(height, width, options.window, options.stride);
  const x = image.expandDims(0) as tf.Tensor4D;
  const fill = baselineImage(x, options.baseline, options.window);
  const towardsFill = tf.sub(fill, x);
  let dropSums = tf.zeros([1, height * width]) as tf.Tensor2D;
  try {
    const { target, probability } = await unoccludedTarget(classifier, x, options.target);
    for (let start = 0; start < windows.length; start += batchSize) {
      if (options.signal?.aborted) throw new UserFacingError('The occlusion map was cancelled.', 'cancelled');
      const chunk = windows.slice(start, start + batchSize);
      const masks = tf.tensor2d(windowMasks(chunk, height, width), [chunk.length, height * width]);
      // Occluded copy: x + m·(fill − x), i.e. the baseline inside the window and the image elsewhere.
      const occluded = tf.tidy(() => tf.add(x, tf.mul(masks.reshape([chunk.length, height, width, 1]), towardsFill)) as tf.Tensor4D);
      const probabilities = await classifier.predict(occluded).finally(() => occluded.dispose()).catch((err: unknown) => {
        masks.dispose();
        throw err;
      });
      const next = tf.tidy(() => {
        const targetProbability = tf.squeeze(tf.slice(probabilities, [0, target], [chunk.length, 1]), [1]);
        const drops = tf.sub(probability, targetProbability).reshape([1, chunk.length]);
        return tf.add(dropSums, tf.matMul(drops, masks)) as tf.Tensor2D;
      });
      tf.dispose([masks, probabilities]);
      dropSums.dispose();
      dropSums = next;
      // Waiting for this chunk keeps only one chunk of copies in memory and makes progress mean finished work.
      await dropSums.data();
      options.onProgress?.(start + chunk.length, windows.length);
    }
    const map = tf.tidy(() => tf.div(dropSums, tf.tensor2d(coverageCounts(windows, height, width), [1, height * width])).reshape([height, width]) as tf.Tensor2D);
    return { map, target, baseProbability: probability, windowCount: windows.length, baseline: describeBaseline(options.baseline, options.window) };
  } finally {
    tf.dispose([x, fill, towardsFill, dropSums]);
  }
}
