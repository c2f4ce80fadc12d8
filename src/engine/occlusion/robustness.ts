// Occlusion robustness (definitions.md §3; CutMix paper): top-1 error against centred hole size, centre and boundary modes,
// and their mean, the single "Occlusion" number. Zeroed means pixel value 0 on the [0, 1] image, before the model's normalisation.
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import { UserFacingError } from '../errors';
import { countTopOneErrors, errorRate, labelTensor } from '../metrics/topOneErrors';
import { OCCLUSION_MODES, holeMask, type HoleSize, type OcclusionMode } from './holes';

/** Top-1 mistakes per mode, per hole size (in the order of the sizes given). */
export type OcclusionWrongCounts = Record<OcclusionMode, number[]>;

export interface OcclusionCurve {
  mode: OcclusionMode;
  /** Top-1 error at each hole size. */
  errors: number[];
}

export interface OcclusionRobustness {
  sizes: HoleSize[];
  curves: OcclusionCurve[];
  /** Mean error over both modes and all hole sizes. */
  occlusion: number;
  imageCount: number;
  /** What a report says about how holes were made. */
  note: string;
}

export const OCCLUSION_NOTE = 'centred holes zeroed to pixel value 0 on the [0, 1] image, before the model\'s normalisation';

// definitions.md §3: one batch's top-1 mistakes with each centred hole, in both modes (one forward pass per size and mode).
export async function occlusionRobustnessBatch(classifier: Pick<Classifier, 'predict'>, images: tf.Tensor4D, labels: ArrayLike<number>, sizes: readonly HoleSize[]): Promise<OcclusionWrongCounts> {
  const [count, height, width] = images.shape;
  const wrong: OcclusionWrongCounts = { centre: [], boundary: [] };
  let targets: tf.Tensor1D | null = null;
  try {
    for (const mode of OCCLUSION_MODES) {
      for (const hole of sizes) {
        const occluded = tf.tidy(() => tf.mul(images, holeMask(height, width, hole, mode)) as tf.Tensor4D);
        // The top-1 class of the probabilities is that of the logits.
        const probabilities = await classifier.predict(occluded).finally(() => occluded.dispose());
        try {
          targets ??= labelTensor(labels, count, probabilities.shape[1]);
          wrong[mode].push(await countTopOneErrors(probabilities, targets));
        } finally {
          probabilities.dispose();
        }
      }
    }
    return wrong;
  } finally {
    targets?.dispose();
  }
}

/** Adds up the batches of one occlusion-robustness run over fixed hole sizes. */
export class OcclusionRobustnessTally {
  private imageCount = 0;
  private readonly wrong: OcclusionWrongCounts;

  constructor(private readonly sizes: readonly HoleSize[]) {
    this.wrong = { centre: sizes.map(() => 0), boundary: sizes.map(() => 0) };
  }

  add(batch: OcclusionWrongCounts, imageCount: number): void {
    for (const mode of OCCLUSION_MODES) {
      if (batch[mode].length !== this.sizes.length) throw new UserFacingError(`An occlusion batch reported ${batch[mode].length} hole sizes; the run has ${this.sizes.length}.`, 'bad-input');
      batch[mode].forEach((w, i) => { this.wrong[mode][i] += w; });
    }
    this.imageCount += imageCount;
  }

  // definitions.md §3: "Occlusion" = the mean of the two modes' errors over all hole sizes.
  result(): OcclusionRobustness {
    const total = this.imageCount;
    const curves = OCCLUSION_MODES.map((mode) => ({ mode, errors: this.wrong[mode].map((wrong) => errorRate({ wrong, total })) }));
    const all = curves.flatMap((c) => c.errors);
    return { sizes: [...this.sizes], curves, occlusion: all.reduce((a, b) => a + b, 0) / all.length, imageCount: total, note: OCCLUSION_NOTE };
  }
}
