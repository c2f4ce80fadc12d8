// A mix preview end to end (definitions.md §6): pairs of dataset images, mixed at the first model's input size with the chosen
// method, every model's prediction on the mixed images, and each model's in-between statistics.
import type { ProgressSink } from '../../protocol/progress';
import * as tf from '@tensorflow/tfjs';
import { resolve } from 'node:path';
import type { ImageItem, SkippedFile } from '../../protocol/data';
import { DEFAULT_PUZZLE_SETTINGS, type MixModelStatistics, type MixParams, type MixPairResult, type MixResults, type MixSettings } from '../../protocol/mix';
import type { RunSpec } from '../../protocol/records';
import { imageBatches } from '../data/batches';
import { openDataSourceFor } from '../data/classMapping';
import { geometryFromProfile } from '../data/geometry';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import { SeededRandom } from '../random';
import { topK } from '../topK';
import { cutMixPairs } from './cutmix';
import { cutout } from './cutout';
import { imageDataUris } from './imageDataUris';
import { inBetweenStatistics, predictMixed, type MixedPrediction } from './inBetween';
import { mixup } from './mixup';
import { gatherPairBatch, type MixedBatch, type PairBatch } from './pairBatch';
import type { ImagePair } from './pairs';
import { labelledItems, selectPairs } from './pairSelection';
import { puzzleMix, type PuzzleMixSetup } from './puzzleMix';
import { mixedTargets } from './targets';


/** Classes shown per prediction. */
const TOP_CLASSES = 5;

/**
 * Decodes the images the pairs use, once each, into one [n, H, W, 3] tensor; returns the pairs re-indexed into it.
 * When an image cannot be decoded, returns the files skipped instead (no tensor).
 */
async function decodePairImages(items: readonly (ImageItem & { label: number })[], pairs: readonly ImagePair[], classifier: Classifier, signal?: AbortSignal) {
  const used = [...new Set(pairs.flatMap((p) => [p.first, p.second]))];
  const position = new Map(used.map((index, i) => [index, i]));
  const geometry = geometryFromProfile(classifier.profile);
  for await (const batch of imageBatches(used.map((i) => items[i]), geometry, used.length, signal)) {
    if (batch.skipped.length > 0) {
      batch.images.dispose();
      return { decoded: null, skipped: batch.skipped };
    }
    const decoded = { images: batch.images, usedItems: used.map((i) => items[i]), pairs: pairs.map((p) => ({ first: position.get(p.first) ?? 0, second: position.get(p.second) ?? 0 })) };
    return { decoded, skipped: [] };
  }
  throw new UserFacingError('Mix preview cancelled.', 'cancelled');
}

/**
 * Draws the pairs from the seed and decodes their images. An image that cannot be decoded is listed and left out, and
 * the pairs are drawn again from the seed without it; images named explicitly are never replaced.
 */
async function choosePairs(items: readonly (ImageItem & { label: number })[], params: MixParams, classifier: Classifier, signal?: AbortSignal) {
  const skipped: SkippedFile[] = [];
  let candidates = items;
  for (;;) {
    const rng = SeededRandom.fromSeed(params.seed);
    const chosen = selectPairs(rng, candidates, params.pairing);
    const { decoded, skipped: unreadable } = await decodePairImages(candidates, chosen, classifier, signal);
    if (decoded) return { rng, chosen, decoded, skipped };
    if (params.pairing.kind === 'images') throw new UserFacingError(`Cannot read ${unreadable[0].path}: ${unreadable[0].reason}.`, 'bad-input');
    skipped.push(...unreadable);
    const left = new Set(unreadable.map((file) => file.path));
    candidates = candidates.filter((item) => !left.has(item.path));
    if (candidates.length === 0) throw new UserFacingError(`None of the labelled images in ${params.data} could be decoded (${unreadable[0].path}: ${unreadable[0].reason}).`, 'bad-input');
  }
}

interface MethodOutcome { mixed: MixedBatch; puzzleSetup: PuzzleMixSetup | null; cutoutSide: number | null }

/** Cutout keeps x1's label: its "pair" is the image with itself. */
function cutoutBatch(rng: SeededRandom, pairs: PairBatch, side: number): MixedBatch {
  const { images } = cutout(rng, pairs.first, side);
  const ones = pairs.firstClasses.map(() => 1);
  return { images, targets: mixedTargets(pairs.firstClasses, pairs.firstClasses, ones, pairs.classCount), lambdas: ones };
}

async function applyMethod(params: MixParams, rng: SeededRandom, pairs: PairBatch, saliencyModel: Classifier): Promise<MethodOutcome> {
  const [, height, width] = pairs.first.shape;
  switch (params.method) {
    case 'mixup': return { mixed: mixup(rng, pairs, params.lambda), puzzleSetup: null, cutoutSide: null };
    case 'cutmix': return { mixed: cutMixPairs(rng, pairs, params.lambda), puzzleSetup: null, cutoutSide: null };
    case 'cutout': {
      const side = params.cutoutSide ?? Math.max(1, Math.round(Math.min(height, width) / 2));
      return { mixed: cutoutBatch(rng, pairs, side), puzzleSetup: null, cutoutSide: side };
    }
    case 'puzzlemix': {
      const settings = params.puzzle ?? DEFAULT_PUZZLE_SETTINGS;
      const batch = await puzzleMix(saliencyModel, rng, pairs, params.lambda, settings);
      return { mixed: batch, puzzleSetup: batch.setup, cutoutSide: null };
    }
  }
}

/** Each model's predictions on the mixed images, resized to its own input when it differs from the mixing size. */
async function predictAll(classifiers: readonly Classifier[], mixed: MixedBatch, pairs: PairBatch, firstClassesOnly: boolean): Promise<MixedPrediction[][]> {
  const secondClasses = firstClassesOnly ? pairs.firstClasses : pairs.secondClasses;
  const results: MixedPrediction[][] = [];
  for (const classifier of classifiers) {
    const [height, width] = classifier.profile.inputSize;
    const sameSize = mixed.images.shape[1] === height && mixed.images.shape[2] === width;
    const images = sameSize ? mixed.images : tf.tidy(() => tf.image.resizeBilinear(mixed.images, [height, width]) as tf.Tensor4D);
    try {
      results.push(await predictMixed(classifier, { ...mixed, images }, pairs.firstClasses, secondClasses));
    } finally {
      if (!sameSize) images.dispose();
    }
  }
  return results;
}

function nullWhenNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

function modelStatistics(modelPath: string, predictions: readonly MixedPrediction[]): MixModelStatistics {
  const s = inBetweenStatistics(predictions);
  return { modelPath, pairCount: s.pairCount, sameClassPairs: s.sameClassPairs, topTwoMatchRate: nullWhenNaN(s.topTwoMatchRate), meanGapFirst: nullWhenNaN(s.meanGapFirst), meanGapSecond: nullWhenNaN(s.meanGapSecond) };
}

export async function mixRequest(params: MixParams, classifierFor: (modelId: string) => Promise<Classifier>, onProgress: ProgressSink, signal?: AbortSignal): Promise<{ results: MixResults; spec: RunSpec }> {
  if (params.modelIds.length === 0) throw new UserFacingError('A mix preview needs at least one model.', 'bad-input');
  const classifiers = await Promise.all(params.modelIds.map(classifierFor));
  const [reference] = classifiers;
  const classNames = reference.labels.names;
  const total = 3 + classifiers.length;
  onProgress({ done: 0, total, message: 'Choosing pairs' });
  const { source, warnings: labelWarnings } = await openDataSourceFor(params.data, reference.labels);
  const items = labelledItems(source.items);
  if (items.length === 0) throw new UserFacingError(`A mix preview needs labelled images; none is labelled in ${params.data}.`, 'bad-input');
  const { rng, chosen, decoded, skipped } = await choosePairs(items, params, reference, signal);
  onProgress({ done: 1, total, message: `Mixing ${chosen.length} pairs` });
  let pairBatch: PairBatch | null = null;
  let outcome: MethodOutcome | null = null;
  try {
    pairBatch = gatherPairBatch(decoded.images, decoded.usedItems.map((item) => item.label), classNames.length, decoded.pairs);
    outcome = await applyMethod(params, rng, pairBatch, reference);
    const { lambdas } = outcome.mixed;
    if (signal?.aborted) throw new UserFacingError('Mix preview cancelled.', 'cancelled');
    onProgress({ done: 2, total, message: 'Encoding images' });
    const isCutout = params.method === 'cutout';
    const [firstImages, secondImages, mixedImages, targets] = await Promise.all([
      imageDataUris(pairBatch.first, 'jpeg'), isCutout ? Promise.resolve(null) : imageDataUris(pairBatch.second, 'jpeg'),
      imageDataUris(outcome.mixed.images, 'png'), outcome.mixed.targets.array(),
    ]);
    const predictions: MixedPrediction[][] = [];
    for (const [m, modelPredictions] of (await predictAll(classifiers, outcome.mixed, pairBatch, isCutout)).entries()) {
      predictions.push(modelPredictions);
      onProgress({ done: 3 + m, total, message: `Predicted with model ${m + 1} of ${classifiers.length}` });
    }
    const pairResults: MixPairResult[] = decoded.pairs.map((pair, n) => {
      const firstItem = decoded.usedItems[pair.first];
      const secondItem = decoded.usedItems[pair.second];
      return {
        first: { id: firstItem.id, label: firstItem.label, image: firstImages[n] },
        second: secondImages === null ? null : { id: secondItem.id, label: secondItem.label, image: secondImages[n] },
        mixed: mixedImages[n],
        lambda: lambdas[n],
        target: topK(targets[n], classNames, classNames.length).filter((score) => score.probability > 0),
        predictions: params.modelIds.map((modelPath, m) => ({ modelPath, top: topK(predictions[m][n].probabilities, classNames, TOP_CLASSES) })),
      };
    });
    const setup = outcome.puzzleSetup;
    const puzzle = setup ? {
      ...(params.puzzle ?? DEFAULT_PUZZLE_SETTINGS), gridUsed: setup.grid, neighbourhood: setup.neighbourhood, transportWeight: setup.transportWeight, solver: setup.solver, saliencyModel: params.modelIds[0],
    } : null;
    const settings: MixSettings = {
      method: params.method, pairing: params.pairing, lambda: params.lambda, cutoutSide: outcome.cutoutSide, puzzle, seed: params.seed,
      inputSize: [pairBatch.first.shape[1], pairBatch.first.shape[2]],
    };
    const countWarnings = classifiers.some((c) => c.labels.names.length !== classNames.length) ? ['The models have different numbers of classes; predictions are read by class index.'] : [];
    const skippedWarnings = skipped.map((file) => `Skipped ${file.path}: ${file.reason}; the pairs were drawn without it.`);
    const warnings = [...labelWarnings, ...countWarnings, ...skippedWarnings];
    const results: MixResults = {
      settings, classNames, pairs: pairResults,
      statistics: isCutout ? [] : params.modelIds.map((modelPath, m) => modelStatistics(modelPath, predictions[m])),
      warnings,
    };
    const spec: RunSpec = {
      analysis: 'mix', models: classifiers.map((c, m) => ({ path: params.modelIds[m], profile: c.profile })), data: resolve(params.data),
      params: { ...settings }, seed: params.seed,
    };
    return { results, spec };
  } finally {
    const owned: (tf.Tensor | undefined)[] = [decoded.images, pairBatch?.first, pairBatch?.second, outcome?.mixed.images, outcome?.mixed.targets];
    tf.dispose(owned.filter((t): t is tf.Tensor => t !== undefined));
  }
}
