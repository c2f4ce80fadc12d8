// The faithfulness of a run's maps (definitions.md §4): for every image, the softmax probability of the explained class
// on the image, on the image multiplied by its map, after ROAD's imputations at each percentile and after each deletion /
// insertion step; every perturbed image of an image goes through the model in batches.
import * as tf from '@tensorflow/tfjs';
import type { ImageItem } from '../../../protocol/data';
import type { CamFaithfulness, CamSettings } from '../../../protocol/cam';
import { imageBatches } from '../../data/batches';
import type { ResizeGeometry } from '../../data/geometry';
import { UserFacingError } from '../../errors';
import type { Classifier } from '../../model/classifier';
import { SeededRandom } from '../../random';
import { rawMaps } from '../rawMaps';
import { type CamNormalisation, normaliseMaps } from '../normalise';
import { CAUSAL_STEPS, INSERTION_BLUR, blurImage, causalAuc, causalImages, causalStepPixels, riseGaussianKernel, salienceOrder } from './causal';
import { averageDropPercent, explanationMapImage, increaseInConfidencePercent } from './confidenceChange';
import { ROAD_IMPUTATION_NOISE, type PixelImage, imputeRemovedPixels } from './imputation';
import { ROAD_PERCENTILES, type RoadCurves, type RoadOrder, roadCombinedScore, roadRemovalMask } from './road';

/** The model as faithfulness needs it: softmax probabilities of [0, 1] images. */
export type ProbabilityModel = Pick<Classifier, 'predict'>;

export interface FaithfulnessSettings {
  percentiles: readonly number[];
  imputationNoise: number;
  seed: number;
  /** Steps of the deletion / insertion curves (CAUSAL_STEPS: RISE's 224 steps at 224×224). */
  causalSteps: number;
  /** Images per forward pass. */
  batchSize: number;
}

export const DEFAULT_FAITHFULNESS: Omit<FaithfulnessSettings, 'batchSize'> = { percentiles: ROAD_PERCENTILES, imputationNoise: ROAD_IMPUTATION_NOISE, seed: 0, causalSteps: CAUSAL_STEPS };

/** What one image contributes: its probabilities on the image, on the image times its map, and along every curve. */
export interface ImageFaithfulness { road: RoadCurves; onMap: number; deletion: number[]; insertion: number[] }

/** Probability of `targetClass` for each image (H·W·C values each), `batchSize` images per forward pass. */
export async function classProbabilities(model: ProbabilityModel, images: readonly Float32Array[], shape: [number, number, number], targetClass: number, batchSize: number): Promise<number[]> {
  const scores: number[] = [];
  for (let from = 0; from < images.length; from += batchSize) {
    const chunk = images.slice(from, from + batchSize);
    const pixels = new Float32Array(chunk.length * chunk[0].length);
    chunk.forEach((image, i) => pixels.set(image, i * image.length));
    const batch = tf.tensor4d(pixels, [chunk.length, ...shape]);
    try {
      const probabilities = await model.predict(batch);
      const column = tf.slice(probabilities, [0, targetClass], [-1, 1]);
      scores.push(...(await column.data()));
      tf.dispose([probabilities, column]);
    } finally {
      batch.dispose();
    }
  }
  return scores;
}

/** Every image ROAD scores for one image: the imputations at each percentile, MoRF then LeRF. */
function roadImages(image: PixelImage, map: Float32Array, settings: FaithfulnessSettings, rng: SeededRandom): Float32Array[] {
  const noise = { scale: settings.imputationNoise, draw: () => rng.normal() };
  return (['morf', 'lerf'] as RoadOrder[]).flatMap((order) => settings.percentiles.map((p) => imputeRemovedPixels(image, roadRemovalMask(map, p, order), noise)));
}

/** The deletion or insertion curve of one image (RISE CausalMetric.single_run), its perturbed images scored in batches. */
async function causalCurve(model: ProbabilityModel, start: Float32Array, finish: Float32Array, image: PixelImage, order: Int32Array, targetClass: number, settings: FaithfulnessSettings, signal?: AbortSignal): Promise<number[]> {
  const stepPixels = causalStepPixels(order.length, settings.causalSteps);
  const shape: [number, number, number] = [image.height, image.width, image.channels];
  const scores: number[] = [];
  for (const chunk of causalImages(start, finish, image.channels, order, stepPixels, settings.batchSize)) {
    if (signal?.aborted) throw new UserFacingError('Faithfulness measurement cancelled.', 'cancelled');
    scores.push(...(await classProbabilities(model, chunk, shape, targetClass, settings.batchSize)));
  }
  return scores;
}

/** One image's faithfulness measurements; `map` holds H·W values in [0, 1] at the image's size. Cancelled between batches when `signal` aborts. */
export async function imageFaithfulness(model: ProbabilityModel, image: PixelImage, map: Float32Array, targetClass: number, settings: FaithfulnessSettings, rng: SeededRandom, signal?: AbortSignal): Promise<ImageFaithfulness> {
  const shape: [number, number, number] = [image.height, image.width, image.channels];
  const road = roadImages(image, map, settings, rng);
  const [original, onMap, ...afterRemoval] = await classProbabilities(model, [image.data, explanationMapImage(image.data, map, image.channels), ...road], shape, targetClass, settings.batchSize);
  const count = settings.percentiles.length;
  const order = salienceOrder(map);
  const kernel = riseGaussianKernel(INSERTION_BLUR.size, INSERTION_BLUR.sigma);
  const blurred = blurImage(image.data, image.height, image.width, image.channels, kernel, INSERTION_BLUR.size);
  return {
    road: { original, morf: afterRemoval.slice(0, count), lerf: afterRemoval.slice(count) },
    onMap,
    deletion: await causalCurve(model, image.data, new Float32Array(image.data.length), image, order, targetClass, settings, signal),
    insertion: await causalCurve(model, blurred, image.data, image, order, targetClass, settings, signal),
  };
}

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Pointwise mean of equally long curves. */
const meanCurve = (curves: readonly (readonly number[])[]): number[] => curves[0].map((_, i) => mean(curves.map((curve) => curve[i])));

/** The run's faithfulness from its images' measurements (at least one), with the settings they depend on. */
export function summariseFaithfulness(images: readonly ImageFaithfulness[], settings: FaithfulnessSettings, pixelCount: number): CamFaithfulness {
  const original = images.map(({ road }) => road.original);
  const onMap = images.map((image) => image.onMap);
  return {
    imageCount: images.length,
    percentiles: [...settings.percentiles],
    imputationNoise: settings.imputationNoise,
    seed: settings.seed,
    roadMorf: meanCurve(images.map(({ road }) => road.morf)),
    roadLerf: meanCurve(images.map(({ road }) => road.lerf)),
    originalConfidence: mean(original),
    roadCombined: mean(images.map(({ road }) => roadCombinedScore(road))),
    stepPixels: causalStepPixels(pixelCount, settings.causalSteps),
    deletion: meanCurve(images.map((image) => image.deletion)),
    insertion: meanCurve(images.map((image) => image.insertion)),
    deletionAuc: mean(images.map((image) => causalAuc(image.deletion))),
    insertionAuc: mean(images.map((image) => causalAuc(image.insertion))),
    averageDrop: averageDropPercent(original, onMap),
    averageIncrease: increaseInConfidencePercent(original, onMap),
  };
}

export interface RunFaithfulnessOptions {
  batchSize: number;
  onProgress?: (progress: { done: number; total: number; message: string }) => void;
  signal?: AbortSignal;
}

/**
 * The faithfulness of the maps of a localisation run: each image read again at the model's input size (stretched, as the
 * run reads it), its map (any map kind, rawMaps.ts) for the class the run explained, normalised as the run normalises,
 * then measured.
 */
export async function runFaithfulness(classifier: Classifier, explained: readonly { item: ImageItem; explained: number }[], settings: CamSettings, normalisation: CamNormalisation, options: RunFaithfulnessOptions): Promise<CamFaithfulness> {
  const faithfulness: FaithfulnessSettings = { ...DEFAULT_FAITHFULNESS, batchSize: options.batchSize };
  const [height, width] = settings.inputSize;
  const geometry: ResizeGeometry = { height, width, resize: 'stretch', centerCropFraction: 1 };
  const classOf = new Map(explained.map(({ item, explained: c }) => [item.id, c]));
  const rng = SeededRandom.fromSeed(faithfulness.seed);
  const measured: ImageFaithfulness[] = [];
  const total = explained.length;
  options.onProgress?.({ done: 0, total, message: `Measuring the faithfulness of ${total} maps` });
  for await (const batch of imageBatches(explained.map(({ item }) => item), geometry, options.batchSize, options.signal)) {
    const classes = batch.items.map((item) => classOf.get(item.id) as number);
    let pixels: Float32Array;
    let maps: Float32Array;
    try {
      if (batch.items.length === 0) continue;
      // The same maps the run scored (rawMaps.ts), at the input size: occlusion maps are occluded again, deterministically.
      const measuredBefore = measured.length;
      const raw = await rawMaps(classifier, batch.images, { kind: 'classes', classes }, settings, {
        batchSize: options.batchSize, signal: options.signal,
        onProgress: (image, windowsDone, windowCount) => options.onProgress?.({
          done: measuredBefore, total, message: `Occluding image ${measuredBefore + image + 1} of ${total} again for faithfulness: ${windowsDone} of ${windowCount} windows`,
        }),
      });
      let normalised: tf.Tensor3D;
      try {
        normalised = tf.tidy(() => normaliseMaps(raw.maps, normalisation));
      } finally {
        tf.dispose([raw.maps, raw.classes, raw.logits]);
      }
      maps = await normalised.data() as Float32Array;
      normalised.dispose();
      pixels = await batch.images.data() as Float32Array;
    } finally {
      batch.images.dispose();
    }
    for (const [i, item] of batch.items.entries()) {
      if (options.signal?.aborted) break;
      const image: PixelImage = { data: pixels.subarray(i * height * width * 3, (i + 1) * height * width * 3), height, width, channels: 3 };
      measured.push(await imageFaithfulness(classifier, image, maps.subarray(i * height * width, (i + 1) * height * width), classes[i], faithfulness, rng, options.signal));
      options.onProgress?.({ done: measured.length, total, message: `Measured the faithfulness of ${measured.length} of ${total} maps (${item.id})` });
    }
  }
  if (options.signal?.aborted) throw new UserFacingError('Faithfulness measurement cancelled.', 'cancelled');
  if (measured.length === 0) throw new UserFacingError('None of the images could be read again to measure faithfulness.', 'bad-input');
  return summariseFaithfulness(measured, faithfulness, height * width);
}
