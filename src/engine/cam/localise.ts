// The end-to-end localisation run, as wsolevaluation evaluates WSOL: class activation maps for every image, resized to
// the 224 evaluation size, normalised and boxed at every CAM threshold; the images with ground-truth boxes are scored as
// MaxBoxAcc, MaxBoxAccV2 and top-1 / GT-known localisation (definitions.md §4), those with ground-truth masks as PxAP,
// the others only mapped and boxed.
import * as tf from '@tensorflow/tfjs';
import type { Box, ImageItem, SkippedFile } from '../../protocol/data';
import type { CamAccuracyCurve, CamImageOverlay, CamImageResult, CamNormalisationName, CamParams, CamResults, CamSettings, CamTargetChoice } from '../../protocol/cam';
import { camMethods, camNormalisations, camTargets, maxBoxAccV2Ious } from '../../protocol/cam';
import { imageBatches } from '../data/batches';
import type { ResizeGeometry } from '../data/geometry';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import { bestIou } from './boxGeometry';
import { clippedBoxesWarning, evaluationGroundTruth } from './groundTruth';
import { WSOL_EVALUATION_SIZE, boxesAtThresholds, type ThresholdBoxes } from './boxes';
import type { CamTarget } from './camModel';
import { constantMapFlags, constantMapWarning } from './constantMaps';
import { camMethod, isOcclusion } from './methods';
import { OCCLUSION_LAYER, checkedOcclusionWindow } from './occlusionMaps';
import { type OcclusionRunOptions, rawMaps } from './rawMaps';
import { BoxEvaluator } from './metrics';
import { type CamNormalisation, DEFAULT_IVR_PERCENTILE, normaliseMaps } from './normalise';
import { runFaithfulness } from './faithfulness/measure';
import { drawOverlayBoxes, prepareOverlayFolder, writeMapOverImage } from './overlayFiles';
import { camImageOverlay } from './overlays';
import { inlineImages, type ImageSink } from '../runs/imageSink';
import { evaluationMask } from './groundTruthMasks';
import { PxapEvaluator } from './pxap';
import { resizeMapsBilinear } from './resize';
import { writeScoremap } from './scoremaps';

export type LocaliseProgressSink = (progress: { done: number; total: number; message: string }) => void;

/** A cam request's analysis settings (CamParams, where each is documented), with what the caller running it brings. */
export type LocaliseOptions = Omit<CamParams, 'modelId' | 'data' | 'limit' | 'includeOverlays' | 'progressToken' | 'runsFolder'> & {
  batchSize: number;
  /** Attach each image's map, picture and per-threshold boxes (CamImageResult.overlay). */
  includeOverlays?: boolean;
  /** Keeps the overlays' images: inline (the default) unless the run is saved as it goes. */
  images?: ImageSink;
  onProgress?: LocaliseProgressSink;
  signal?: AbortSignal;
};

/** Everything a localisation run reports except which model ran. */
export type LocalisationResults = Omit<CamResults, 'modelPath'>;

const THRESHOLD_STEPS = [0.01, 0.001];

// Zhou et al. 2016 (CAM) §3: the box covers the regions whose value is above 20% of the map's maximum.
/** τ of the boxes of a run without ground-truth boxes (no MaxBoxAcc to pick one) and no τ given. */
export const CAM_PAPER_THRESHOLD = 0.2;

/**
 * One evaluated image: what the results list, the largest contour's box at every threshold (x0, y0, x1, y1 per τ),
 * whether its raw map was constant, and its overlay when asked for.
 */
interface EvaluatedImage { item: ImageItem; predicted: number; explained: number; groundTruth: Box[]; largestBoxes: Int16Array; constantMap: boolean; overlay: CamImageOverlay | null }

function normalisationOf(name: CamNormalisationName, ivrPercentile: number): CamNormalisation {
  switch (name) {
    case 'minmax': return { kind: 'min-max' };
    case 'max': return { kind: 'max' };
    case 'pas': return { kind: 'pas' };
    case 'ivr': return { kind: 'ivr', percentile: ivrPercentile };
  }
}

/** The settings printed beside the numbers, after checking the options make sense for this model. */
function checkedSettings(classifier: Classifier, options: LocaliseOptions): CamSettings {
  const oneOf = (value: string, allowed: readonly string[], what: string): void => {
    if (!allowed.includes(value)) throw new UserFacingError(`Unknown ${what} '${value}'; expected one of ${allowed.join(', ')}.`);
  };
  oneOf(options.method, camMethods, 'CAM method');
  oneOf(options.normalisation, camNormalisations, 'normalisation');
  oneOf(options.target, camTargets, 'target');
  if (options.ivrPercentile !== undefined && options.normalisation !== 'ivr') throw new UserFacingError('The IVR percentile applies only to the IVR normalisation.');
  const ivrPercentile = options.ivrPercentile ?? DEFAULT_IVR_PERCENTILE;
  if (!(ivrPercentile > 0 && ivrPercentile < 1)) throw new UserFacingError(`The IVR percentile is a fraction in (0, 1), e.g. 0.6; got ${ivrPercentile}.`);
  const thresholdStep = options.thresholdStep ?? THRESHOLD_STEPS[0];
  if (!THRESHOLD_STEPS.includes(thresholdStep)) throw new UserFacingError(`The CAM threshold step must be 0.01 or 0.001, as in wsolevaluation; got ${thresholdStep}.`);
  const [height, width] = classifier.inspection.inputShape;
  const common = {
    method: options.method, normalisation: options.normalisation, ivrPercentile: options.normalisation === 'ivr' ? ivrPercentile : null,
    target: options.target, evaluationSize: WSOL_EVALUATION_SIZE, thresholdStep, inputSize: [height, width] as [number, number],
  };
  if (isOcclusion(options.method)) {
    if (options.layer !== undefined) throw new UserFacingError('Occlusion sensitivity covers input pixels, so it has no layer to choose; leave the layer out.', 'bad-input');
    return { ...common, layer: OCCLUSION_LAYER, occlusion: checkedOcclusionWindow(height, width, options.occlusionPatch, options.occlusionStride) };
  }
  if (options.occlusionPatch !== undefined || options.occlusionStride !== undefined) throw new UserFacingError('The occlusion patch and stride apply only to the occlusion method.', 'bad-input');
  const lastConv = classifier.inspection.lastConvLayer?.name;
  const layer = options.layer ?? lastConv;
  if (!layer) throw new UserFacingError('This model has no convolutional feature map, so no activation map can be drawn; name a layer.', 'unsupported');
  if (!camMethod(options.method).layerChoosable && layer !== lastConv) {
    throw new UserFacingError(`Classic CAM reads the feature map feeding the pooling layer ('${lastConv}'); a layer can be chosen for every other method.`);
  }
  return { ...common, layer };
}

/** The MaxBoxAccV2 criteria asked for, each one of 0.3, 0.5, 0.7. */
function checkedIouThresholds(ious: readonly number[] | undefined): number[] {
  const chosen = ious ?? [...maxBoxAccV2Ious];
  const known = chosen.map((delta) => maxBoxAccV2Ious.find((d) => Math.abs(d - delta) < 1e-9));
  if (chosen.length === 0 || known.some((d) => d === undefined)) {
    throw new UserFacingError(`MaxBoxAccV2 is defined at IoU thresholds 0.3, 0.5 and 0.7 (a subset may be chosen); got ${chosen.join(', ') || 'none'}.`);
  }
  return [...new Set(known as number[])].sort((a, b) => a - b);
}

/** The threshold of the grid equal to `threshold`, or a UserFacingError when it is off the grid. */
function checkedGridThreshold(threshold: number, thresholds: readonly number[], step: number): number {
  const onGrid = thresholds.find((t) => Math.abs(t - threshold) <= step / 1000);
  if (onGrid === undefined) throw new UserFacingError(`The localisation threshold must be a multiple of ${step} in [0, 1); got ${threshold}.`);
  return onGrid;
}

/** Refuses ground-truth targets when an image has no class label to explain. */
function checkTargetLabels(items: readonly ImageItem[], target: CamTargetChoice): void {
  const unlabelled = items.find((item) => item.label === null);
  if (target === 'gt' && unlabelled) {
    throw new UserFacingError(
      `Maps for the ground-truth class (--target gt) need a class label for every image; ${unlabelled.id} has none. ` +
      'Label the images (an ImageFolder tree or metadata/class_labels.txt) or explain the top-1 prediction (--target top1).', 'bad-input');
  }
}

/**
 * Score maps [N, 224, 224] in [0, 1] (resized, then normalised, in wsolevaluation's order), top-1 classes, explained
 * classes, and whether each raw map was constant.
 */
async function evaluationMaps(classifier: Classifier, images: tf.Tensor4D, items: readonly ImageItem[], settings: CamSettings, normalisation: CamNormalisation, occlusion: OcclusionRunOptions): Promise<{ scoremaps: tf.Tensor3D; predicted: tf.Tensor1D; explained: tf.Tensor1D; constant: tf.Tensor1D }> {
  const target: CamTarget = settings.target === 'top1' ? { kind: 'top1' } : { kind: 'classes', classes: items.map((item) => item.label as number) };
  const raw = await rawMaps(classifier, images, target, settings, occlusion);
  const outputs = tf.tidy(() => {
    const { maps, classes, logits } = raw;
    const resized = resizeMapsBilinear(maps, [settings.evaluationSize, settings.evaluationSize]);
    return { scoremaps: normaliseMaps(resized, normalisation), predicted: tf.argMax(logits, 1) as tf.Tensor1D, explained: tf.clone(classes), constant: constantMapFlags(maps) };
  });
  tf.dispose([raw.maps, raw.logits, raw.classes]);
  return outputs;
}

/** The boxes of one map at every threshold: traced and scored by `evaluator` when the image has ground-truth boxes, else traced only. */
function boxesOfMap(evaluator: BoxEvaluator, map: Float32Array, size: number, groundTruth: readonly Box[], top1Correct: boolean): ThresholdBoxes[] {
  if (groundTruth.length === 0) return boxesAtThresholds(map, size, size, evaluator.thresholds);
  return evaluator.add(map, size, size, groundTruth, top1Correct);
}

/** The largest contour's box at every threshold, packed as x0, y0, x1, y1 per threshold. */
function packLargestBoxes(perThreshold: readonly ThresholdBoxes[]): Int16Array {
  const packed = new Int16Array(perThreshold.length * 4);
  perThreshold.forEach(({ largest }, t) => packed.set([largest.x0, largest.y0, largest.x1, largest.y1], t * 4));
  return packed;
}

function unpackBox(packed: Int16Array, index: number): Box {
  const [x0, y0, x1, y1] = packed.subarray(index * 4, index * 4 + 4);
  return { x0, y0, x1, y1 };
}

/** Runs the maps over `items` in batches and feeds every image to `evaluator`. */
async function evaluateImages(classifier: Classifier, items: ImageItem[], settings: CamSettings, evaluator: BoxEvaluator, pxap: PxapEvaluator, options: LocaliseOptions, skipped: SkippedFile[], clippedBoxes: string[]): Promise<EvaluatedImage[]> {
  const size = settings.evaluationSize;
  const normalisation = normalisationOf(settings.normalisation, settings.ivrPercentile ?? DEFAULT_IVR_PERCENTILE);
  // wsolevaluation stretches every test image to the input size (no centre crop), so the map covers the whole image.
  const geometry: ResizeGeometry = { height: settings.inputSize[0], width: settings.inputSize[1], resize: 'stretch', centerCropFraction: 1 };
  const evaluated: EvaluatedImage[] = [];
  const skippedBefore = skipped.length;
  options.onProgress?.({ done: 0, total: items.length, message: `Localising ${items.length} images` });
  for await (const batch of imageBatches(items, geometry, options.batchSize, options.signal)) {
    skipped.push(...batch.skipped);
    let outputs: Awaited<ReturnType<typeof evaluationMaps>>;
    try {
      if (batch.items.length === 0) continue;
      const imagesBefore = evaluated.length;
      outputs = await evaluationMaps(classifier, batch.images, batch.items, settings, normalisation, {
        batchSize: options.batchSize, signal: options.signal,
        onProgress: (image, windowsDone, windowCount) => options.onProgress?.({
          done: imagesBefore + skipped.length - skippedBefore, total: items.length,
          message: `Occluding image ${imagesBefore + image + 1} of ${items.length}: ${windowsDone} of ${windowCount} windows`,
        }),
      });
    } finally {
      batch.images.dispose();
    }
    const { scoremaps, predicted, explained, constant } = outputs;
    const [mapValues, predictedValues, explainedValues, constantValues] = await Promise.all([scoremaps.data(), predicted.data(), explained.data(), constant.data()]);
    tf.dispose([scoremaps, predicted, explained, constant]);
    for (const [i, item] of batch.items.entries()) {
      const map = (mapValues as Float32Array).subarray(i * size * size, (i + 1) * size * size);
      // wsolevaluation scales the ground-truth boxes from the original image size to the evaluation size.
      const { boxes: groundTruth, clipped } = item.boxes.length === 0 ? { boxes: [], clipped: [] } : await evaluationGroundTruth(item, size);
      clippedBoxes.push(...clipped);
      const perThreshold = boxesOfMap(evaluator, map, size, groundTruth, item.label !== null && predictedValues[i] === item.label);
      if (item.masks) pxap.add(map, await evaluationMask(item, size));
      const overlay = options.includeOverlays ? await camImageOverlay(item.path, map, size, perThreshold, groundTruth, options.images ?? inlineImages) : null;
      evaluated.push({ item, predicted: predictedValues[i], explained: explainedValues[i], groundTruth, largestBoxes: packLargestBoxes(perThreshold), constantMap: constantValues[i] !== 0, overlay });
      if (options.scoremapFolder) await writeScoremap(options.scoremapFolder, item.id, { data: map, height: size, width: size });
      if (options.overlayFolder) await writeMapOverImage(options.overlayFolder, item, map, size);
    }
    options.onProgress?.({ done: evaluated.length + skipped.length - skippedBefore, total: items.length, message: `Localised ${evaluated.length} of ${items.length}` });
  }
  if (options.signal?.aborted) throw new UserFacingError('Localisation cancelled.', 'cancelled');
  if (evaluated.length === 0) throw new UserFacingError('None of the images could be read.', 'bad-input');
  return evaluated;
}

/** The box metrics over the scored images, with the τ every image's box is drawn at. */
type BoxMetrics = Pick<LocalisationResults, 'maxBoxAcc' | 'maxBoxAccV2' | 'localisation'> & { boxThreshold: number };

/** Every box metric of `evaluator` (null metrics when it scored no image), and the τ of the boxes. */
function boxMetrics(evaluator: BoxEvaluator, scoredCount: number, allLabelled: boolean, iouThresholds: readonly number[], fixedThreshold: number | undefined, step: number): BoxMetrics {
  if (scoredCount === 0) {
    const boxThreshold = fixedThreshold ?? checkedGridThreshold(CAM_PAPER_THRESHOLD, evaluator.thresholds, step);
    return { maxBoxAcc: null, maxBoxAccV2: null, localisation: null, boxThreshold };
  }
  const evaluation = evaluator.result(fixedThreshold);
  const v2Curves: CamAccuracyCurve[] = evaluation.maxBoxAccV2.curves.filter((curve) => iouThresholds.includes(curve.iouThreshold));
  return {
    maxBoxAcc: evaluation.maxBoxAcc,
    maxBoxAccV2: { curves: v2Curves, mean: v2Curves.reduce((sum, curve) => sum + curve.maxAccuracy, 0) / v2Curves.length },
    localisation: {
      threshold: evaluation.localisation.threshold,
      thresholdSource: fixedThreshold === undefined ? 'max-box-acc' : 'given',
      top1: allLabelled ? evaluation.localisation.top1 : null,
      gtKnown: evaluation.localisation.gtKnown,
    },
    boxThreshold: evaluation.localisation.threshold,
  };
}

/** What the results list for one image, with its box at the threshold of index `thresholdIndex`. */
function imageResult({ item, predicted, explained, groundTruth, largestBoxes, overlay }: EvaluatedImage, thresholdIndex: number): CamImageResult {
  const box = unpackBox(largestBoxes, thresholdIndex);
  return { id: item.id, label: item.label, predicted, explained, groundTruth, box, iou: groundTruth.length === 0 ? null : bestIou([box], groundTruth), overlay };
}

/** Localises `items` (wsolevaluation conventions, definitions.md §4): maps and boxes for every image, box metrics over those with ground-truth boxes. */
export async function localise(classifier: Classifier, items: readonly ImageItem[], options: LocaliseOptions): Promise<LocalisationResults> {
  const settings = checkedSettings(classifier, options);
  const iouThresholds = checkedIouThresholds(options.iouThresholds);
  const evaluator = new BoxEvaluator(settings.thresholdStep);
  const fixedThreshold = options.localisationThreshold === undefined ? undefined : checkedGridThreshold(options.localisationThreshold, evaluator.thresholds, settings.thresholdStep);
  checkTargetLabels(items, settings.target);
  if (options.overlayFolder) await prepareOverlayFolder(options.overlayFolder);
  const skipped: SkippedFile[] = [];
  const clippedBoxes: string[] = [];
  const pxap = new PxapEvaluator(settings.thresholdStep);
  const evaluated = await evaluateImages(classifier, [...items], settings, evaluator, pxap, options, skipped, clippedBoxes);

  const scored = evaluated.filter(({ groundTruth }) => groundTruth.length > 0);
  const allLabelled = scored.every(({ item }) => item.label !== null);
  const metrics = boxMetrics(evaluator, scored.length, allLabelled, iouThresholds, fixedThreshold, settings.thresholdStep);
  const thresholdIndex = evaluator.thresholds.indexOf(metrics.boxThreshold);
  if (options.overlayFolder) {
    for (const image of evaluated) await drawOverlayBoxes(options.overlayFolder, image.item, unpackBox(image.largestBoxes, thresholdIndex), settings.evaluationSize);
  }
  const faithfulness = options.faithfulness
    ? await runFaithfulness(classifier, evaluated, settings, normalisationOf(settings.normalisation, settings.ivrPercentile ?? DEFAULT_IVR_PERCENTILE), options)
    : null;
  const constantWarning = constantMapWarning(evaluated.filter((image) => image.constantMap).length, evaluated.length, settings.method, settings.layer);
  const clippedWarning = clippedBoxesWarning(clippedBoxes);
  const warnings = [
    ...(allLabelled ? [] : ['Some images with boxes have no class label, so top-1 localisation is not reported.']),
    ...(constantWarning === null ? [] : [constantWarning]),
    ...(clippedWarning === null ? [] : [clippedWarning]),
  ];
  return {
    settings,
    imageCount: evaluated.length,
    thresholds: evaluator.thresholds,
    ...metrics,
    pxap: evaluated.some(({ item }) => item.masks !== undefined) ? pxap.result() : null,
    images: evaluated.map((image) => imageResult(image, thresholdIndex)),
    scoremapFolder: options.scoremapFolder ?? null,
    overlayFolder: options.overlayFolder ?? null,
    skipped,
    warnings,
    faithfulness,
  };
}
