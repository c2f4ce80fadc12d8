// Everything a sweep needs before it starts, checked once: the models and their geometry groups, the labelled images,
// the conditions, the common corruption table, and how many forward passes the run will make.
import type { ImageItem } from '../../protocol/data';
import type { ResizeGeometry } from '../data/geometry';
import type { ReleasedCorruptions } from '../data/releasedCorruptions';
import { parameterSetFor, type ParameterSetName } from '../corruptions';
import { UserFacingError } from '../errors';
import { holeSizes, type HoleSize } from '../occlusion';
import { SYNTHETIC_OOD_KINDS } from '../uncertainty';
import type { CalibrationSplitItems } from './calibrationSplit';
import { geometryGroups, type GeometryGroup, type SweptModel } from './geometryGroups';
import type { SweepConditions } from './sweepConditions';

export interface LabelledItem extends ImageItem { label: number }

/** Where the corrupted images come from: generated from the clean images, or read from a released set's files. */
export type CorruptionSource = { kind: 'generated' } | { kind: 'released'; root: string; clean: string };

/** A released corruption set and the clean set its images are matched to. */
export interface ReleasedSweepData {
  set: ReleasedCorruptions;
  clean: string;
}

/** The images of one user OOD folder and the set they are reported as. */
export interface OodFolderItems { set: string; items: ImageItem[] }

export interface SweepSetup {
  models: SweptModel[];
  groups: GeometryGroup[];
  items: LabelledItem[];
  /** Images of each of the user's OOD folders, in the conditions' order (empty when none was given). */
  oodFolders: OodFolderItems[];
  conditions: SweepConditions;
  parameterSet: ParameterSetName;
  classCount: number;
  batchSize: number;
  /** Null when the corruptions are generated. */
  released: ReleasedSweepData | null;
  /** The split temperature scaling is fitted on (checked: labelled, no evaluated image); null without one. */
  calibration: CalibrationSplitItems | null;
}

/** The items as labelled ones; refused naming the first without a label. */
export function labelled(items: readonly ImageItem[]): LabelledItem[] {
  const missing = items.filter((item) => item.label === null);
  if (missing.length) {
    throw new UserFacingError(`A sweep measures top-1 error, so every image needs a class label; ${missing.length} of ${items.length} have none (first: ${missing[0].id}). Use an ImageFolder tree or a wsolevaluation dataset with class_labels.txt.`, 'bad-input');
  }
  return items as LabelledItem[];
}

/** The one corruption table every group uses: the forced one, or the table all input sizes agree on. */
function commonParameterSet(groups: readonly GeometryGroup[], forced: ParameterSetName | null): ParameterSetName {
  if (forced) return forced;
  const sets = [...new Set(groups.map((g) => parameterSetFor(g.geometry.height, g.geometry.width)))];
  if (sets.length > 1) {
    throw new UserFacingError(`These models take inputs of different sizes (${groups.map((g) => `${g.geometry.height}×${g.geometry.width}`).join(', ')}) whose default corruption tables differ; choose one with --parameter-set imagenet-c or cifar-10-c so the errors are comparable.`, 'bad-input');
  }
  return sets[0];
}

export function sweepSetup(
  models: SweptModel[], items: readonly ImageItem[], oodFolders: readonly OodFolderItems[], conditions: SweepConditions, batchSize: number,
  released: ReleasedSweepData | null = null, calibration: CalibrationSplitItems | null = null,
): SweepSetup {
  if (models.length === 0) throw new UserFacingError('A sweep needs at least one model.', 'bad-input');
  if (items.length === 0) throw new UserFacingError('The sweep has no images to evaluate.', 'bad-input');
  const classCounts = [...new Set(models.map((m) => m.classifier.labels.names.length))];
  if (classCounts.length > 1) throw new UserFacingError(`The models have different numbers of classes (${classCounts.join(', ')}); a sweep compares checkpoints of the same classifier.`, 'bad-input');
  const groups = geometryGroups(models);
  return {
    models, groups, items: labelled(items), oodFolders: oodFolders.map((f) => ({ set: f.set, items: [...f.items] })), conditions,
    parameterSet: commonParameterSet(groups, conditions.forcedParameterSet), classCount: classCounts[0], batchSize, released, calibration,
  };
}

/** The model-independent shape of a sweep, which its results are built from; shard records carry it to the merge. */
export interface SweepLayout {
  groups: Array<{ geometry: ResizeGeometry; modelIds: string[] }>;
  conditions: SweepConditions;
  parameterSet: ParameterSetName;
  classCount: number;
  batchSize: number;
  /** Images of the whole run. */
  imageCount: number;
  corruptionSource: CorruptionSource;
  /** The calibration split's path (resolved), or null without temperature scaling. */
  calibrationSplit: string | null;
}

export function sweepLayout(setup: SweepSetup): SweepLayout {
  return {
    groups: setup.groups.map((g) => ({ geometry: g.geometry, modelIds: g.models.map((m) => m.modelId) })),
    conditions: setup.conditions, parameterSet: setup.parameterSet, classCount: setup.classCount, batchSize: setup.batchSize, imageCount: setup.items.length,
    corruptionSource: setup.released ? { kind: 'released', root: setup.released.set.root, clean: setup.released.clean } : { kind: 'generated' },
    calibrationSplit: setup.calibration?.path ?? null,
  };
}

/** The hole sizes of an input size (fractions of the side, rounded to pixels); none without occlusion. */
export function holeSizesFor(conditions: SweepConditions, geometry: ResizeGeometry): HoleSize[] {
  const count = conditions.holeFractions.length;
  return count ? holeSizes(geometry.height, geometry.width, count) : [];
}

/** The hole sizes of a group's input size. */
export function groupHoleSizes(setup: SweepSetup, group: GeometryGroup): HoleSize[] {
  return holeSizesFor(setup.conditions, group.geometry);
}

/** Forward passes of one batch through one model: clean, corruptions, FGSM's gradient and each ε, occlusion holes, synthetic OOD sets. */
export function passesPerBatch(c: SweepConditions): number {
  const fgsm = c.epsilons.length ? c.epsilons.length + 1 : 0;
  const synthetic = c.oodSets.filter((s) => (SYNTHETIC_OOD_KINDS as readonly string[]).includes(s)).length;
  return 1 + c.corruptions.length * c.severities.length + fgsm + 2 * c.holeFractions.length + synthetic;
}

export function batchCount(imageCount: number, batchSize: number): number {
  return Math.ceil(imageCount / batchSize);
}

/** Batches of every user OOD folder together, through one model. */
export function oodFolderBatches(setup: Pick<SweepSetup, 'oodFolders' | 'batchSize'>): number {
  return setup.oodFolders.reduce((n, f) => n + batchCount(f.items.length, setup.batchSize), 0);
}

/**
 * Passes through the calibration split (one batch through one model): every shard and worker fits T on the whole split, so
 * they are counted apart from the evaluated images' passes, which shards divide.
 */
export function calibrationForwardPasses(setup: Pick<SweepSetup, 'calibration' | 'batchSize' | 'models'>): number {
  return setup.calibration ? setup.models.length * batchCount(setup.calibration.items.length, setup.batchSize) : 0;
}

/** Every forward pass of the run (one batch through one model) over the evaluated images, when every file decodes. */
export function plannedForwardPasses(setup: SweepSetup): number {
  const perModel = batchCount(setup.items.length, setup.batchSize) * passesPerBatch(setup.conditions) + oodFolderBatches(setup);
  return setup.models.length * perModel;
}
