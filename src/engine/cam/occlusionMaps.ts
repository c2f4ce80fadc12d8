// Occlusion sensitivity as a map kind of the localisation run (definitions.md §3 sensitivity map, §4 map kinds): one
// zero-filled window slid over each input image, the map being the mean drop of the explained class's probability.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import { occlusionSensitivity } from '../occlusion/sensitivity';
import type { ActivationMaps, CamTarget } from './camModel';
import { targetClasses } from './camModel';

/** What CamSettings.layer says of occlusion maps, which read no feature layer. */
export const OCCLUSION_LAYER = 'input pixels';

export interface OcclusionMapOptions {
  patch: number;
  stride: number;
  /** Occluded copies per forward pass. */
  batchSize: number;
  /** Windows done of the current image, and which image of the batch. */
  onProgress?: (image: number, windowsDone: number, windowCount: number) => void;
  signal?: AbortSignal;
}

/** Default window: a seventh of the shorter input side (32 px at 224), stride half the window. */
export function defaultOcclusionWindow(height: number, width: number): { patch: number; stride: number } {
  const patch = Math.max(1, Math.round(Math.min(height, width) / 7));
  return { patch, stride: Math.max(1, Math.round(patch / 2)) };
}

/** The window side and stride asked for, or the defaults; a UserFacingError when they do not fit the input. */
export function checkedOcclusionWindow(height: number, width: number, patch: number | undefined, stride: number | undefined): { patch: number; stride: number } {
  const defaults = defaultOcclusionWindow(height, width);
  const chosenPatch = patch ?? defaults.patch;
  if (!Number.isInteger(chosenPatch) || chosenPatch < 1 || chosenPatch > Math.min(height, width)) {
    throw new UserFacingError(`The occlusion patch must be a whole number of pixels from 1 to the input side (${Math.min(height, width)}); got ${chosenPatch}.`, 'bad-input');
  }
  const chosenStride = stride ?? (patch === undefined ? defaults.stride : Math.max(1, Math.round(chosenPatch / 2)));
  if (!Number.isInteger(chosenStride) || chosenStride < 1 || chosenStride > chosenPatch) {
    throw new UserFacingError(`The occlusion stride must be a whole number of pixels from 1 to the patch (${chosenPatch}), so that every pixel is covered; got ${chosenStride}.`, 'bad-input');
  }
  return { patch: chosenPatch, stride: chosenStride };
}

// definitions.md §3: map(p) = mean over windows w ∋ p of [p_t(x) − p_t(x with w set to 0)], t the explained class.
/** Occlusion maps [N, H, W] of the [0, 1] images `x01`, the classes they explain and the logits, as the CAM registry's maps. */
export async function occlusionMaps(classifier: Pick<Classifier, 'logits' | 'predict'>, x01: tf.Tensor4D, target: CamTarget, options: OcclusionMapOptions): Promise<ActivationMaps> {
  const logits = classifier.logits(x01);
  const classes = targetClasses(logits, target);
  const maps: tf.Tensor2D[] = [];
  try {
    const explained = await classes.data();
    for (let i = 0; i < x01.shape[0]; i++) {
      const image = tf.tidy(() => tf.squeeze(tf.slice(x01, [i, 0, 0, 0], [1, -1, -1, -1]), [0]) as tf.Tensor3D);
      const result = await occlusionSensitivity(classifier, image, {
        window: options.patch, stride: options.stride, baseline: { kind: 'zero' }, target: explained[i], batchSize: options.batchSize,
        onProgress: (done, count) => options.onProgress?.(i, done, count), signal: options.signal,
      }).finally(() => image.dispose());
      maps.push(result.map);
    }
    return { maps: tf.stack(maps) as tf.Tensor3D, classes, logits };
  } catch (err) {
    tf.dispose([logits, classes]);
    throw err;
  } finally {
    tf.dispose(maps);
  }
}
