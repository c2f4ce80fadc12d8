// A sweep request from start to results: loads what it names, checks it, runs the sweep and builds the results and the
// run spec. The session queues it and wraps it in a run record; planSweep answers from the same preparation.
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { modelDisplayName } from '../../present/format';
import type { DataSourceInfo, ImageItem } from '../../protocol/data';
import type { RunSpec } from '../../protocol/records';
import type { SweepListing, SweepShardParams } from '../../protocol/rpc';
import { ALEXNET_BASELINE, SWEEP_SHARD_ANALYSIS, type ImageNetBenchmark, type SweepParams, type SweepPlan, type SweepResults, type SweepShard, type SweepShardResults } from '../../protocol/sweep';
import { alignToModelClasses, type AlignedDataSource } from '../data/classMapping';
import { IMAGENET_CLASSES, benchmarkScoring, benchmarkSource, detectImageNetBenchmark, wnidOrderMismatch, type BenchmarkSource } from '../data/imagenetBenchmarks';
import { openReleasedCorruptions, releasedConditions } from '../data/releasedCorruptions';
import { openDataSource } from '../data/source';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import type { ProgressSink } from '../../protocol/progress';
import { IMAGENET_CLASS_COUNT } from './alexnetBaseline';
import { checkedCalibrationSplit, type CalibrationSplitItems } from './calibrationSplit';
import { sweepClassNames } from './gallery';
import type { SweptModel } from './geometryGroups';
import { planSweep } from './planSweep';
import { restrictedToClasses } from './restrictedClassifier';
import { runSweep, type SweepOutcome, type SweepRunOptions } from './runSweep';
import { checkedShard } from './shard';
import { oodFolderRequest, sweepConditions, type OodFolderSet } from './sweepConditions';
import { sweepResults, sweepSettings } from './sweepResults';
import { labelled, sweepLayout, sweepSetup, type OodFolderItems, type ReleasedSweepData, type SweepSetup } from './sweepSetup';

export type ClassifierLookup = (modelId: string) => Promise<Classifier>;

/** Default images per corruption in the gallery. */
export const DEFAULT_GALLERY_IMAGES = 3;

interface PreparedSweep {
  setup: SweepSetup;
  /** 'alexnet' or the baseline model's id. */
  baseline: string;
  names: Map<string, string>;
  /** The images as listed and checked, which the workers of a split run are handed. */
  listing: SweepListing;
}

/** Unique display names: the short name, or the full id where two models share one. */
function displayNames(modelIds: readonly string[]): Map<string, string> {
  const short = modelIds.map(modelDisplayName);
  return new Map(modelIds.map((id, i) => [id, short.filter((s) => s === short[i]).length > 1 ? id : short[i]]));
}

/** Loads the models, then takes the images from `listed` (a worker's request) or lists and checks them here, and sets the sweep up. */
async function prepareSweep(params: SweepParams, lookup: ClassifierLookup, batchSize: number, listed?: SweepListing): Promise<PreparedSweep> {
  if (params.modelIds.length === 0) throw new UserFacingError('A sweep needs at least one model.', 'bad-input');
  const requested = params.modelIds.map((id) => resolve(id));
  const explicitBaseline = params.baseline && params.baseline !== ALEXNET_BASELINE ? resolve(params.baseline) : null;
  const modelIds = [...new Set(explicitBaseline ? [...requested, explicitBaseline] : requested)];
  const loaded: SweptModel[] = [];
  for (const modelId of modelIds) loaded.push({ modelId, classifier: await lookup(modelId) });
  if (params.limit !== undefined && (!Number.isInteger(params.limit) || params.limit < 1)) throw new UserFacingError(`The image limit must be a whole number of at least 1, got ${params.limit}.`, 'bad-input');
  const released = await releasedSweepData(params);
  const conditionParams = released ? { ...params, ...releasedConditions(released.set, params.corruptions, params.severities) } : params;
  const conditions = sweepConditions(conditionParams);
  const listing = listed ?? await listSweepData(params, released, conditions.oodFolders, loaded[0].classifier);
  const subset = listing.classSubset;
  const models = subset ? loaded.map((m) => ({ ...m, classifier: restrictedToClasses(m.classifier, subset) })) : loaded;
  const setup = sweepSetup(models, listing.items, listing.oodFolders, conditions, batchSize, released, listing.calibration && { path: listing.calibration.path, items: labelled(listing.calibration.items) });
  const imagenet = setup.parameterSet === 'imagenet-c' && setup.classCount === IMAGENET_CLASS_COUNT;
  if (params.baseline === ALEXNET_BASELINE && !imagenet) {
    throw new UserFacingError('The AlexNet baseline holds only for ImageNet models (1000 classes, ImageNet-C parameters); pass --baseline with a checkpoint evaluated on the same images instead.', 'bad-input');
  }
  const baseline = explicitBaseline ?? (params.baseline === ALEXNET_BASELINE || imagenet ? ALEXNET_BASELINE : modelIds[0]);
  return { setup, baseline, names: displayNames(modelIds), listing };
}

/**
 * The images a sweep evaluates, listed and checked: the clean set's (matched to the first model's class names, or read as an
 * ImageNet benchmark; every model of a sweep is a checkpoint of the same classifier), limited; each OOD folder's; the calibration split.
 */
async function listSweepData(params: SweepParams, released: ReleasedSweepData | null, oodFolderSets: readonly OodFolderSet[], classifier: Classifier): Promise<SweepListing> {
  const listing = await openDataSource(released?.clean ?? params.data);
  const benchmark = benchmarkOf(listing, params.dataset ?? null, classifier.labels.names);
  const { source, warnings }: AlignedDataSource = benchmark ?? alignToModelClasses(listing, classifier.labels);
  const subset = benchmark?.classSubset ?? null;
  const items = params.limit ? source.items.slice(0, params.limit) : source.items;
  if (items.length === 0) throw new UserFacingError(`No readable images found in ${params.data}.`, 'bad-input');
  const oodFolders: OodFolderItems[] = [];
  for (const folder of oodFolderSets) {
    const oodSource = await openDataSource(folder.path);
    const oodItems = params.limit ? oodSource.items.slice(0, params.limit) : oodSource.items;
    if (oodItems.length === 0) throw new UserFacingError(`No readable images found in the OOD folder ${folder.path}.`, 'bad-input');
    oodFolders.push({ set: folder.set, items: oodItems });
  }
  const calibration = params.calibrationSplit ? await calibrationSplitOf(params.calibrationSplit, params.limit, items, classifier, subset) : null;
  return { items, oodFolders, calibration, warnings, benchmark: benchmark?.benchmark ?? null, classSubset: subset && [...subset] };
}

/**
 * The calibration split opened as the evaluated images are (an ImageNet benchmark when its folders make one, else matched to the
 * first model's class names), then checked: labelled, the same classes scored, no evaluated image among it.
 */
async function calibrationSplitOf(path: string, limit: number | undefined, evaluated: readonly ImageItem[], classifier: Classifier, subset: readonly number[] | null): Promise<CalibrationSplitItems> {
  const resolved = resolve(path);
  const listing = await openDataSource(resolved);
  const benchmark = benchmarkOf(listing, null, classifier.labels.names);
  const splitSubset = benchmark?.classSubset ?? null;
  if (!isDeepStrictEqual(splitSubset, subset)) {
    throw new UserFacingError(`The calibration split ${resolved} is scored over ${splitSubset ? `${benchmark?.benchmark}'s ${splitSubset.length}` : 'all the model\'s'} classes but the evaluated images over ${subset ? `${subset.length}` : 'all'}; temperature scaling must be fitted on images scored like the evaluated ones.`, 'bad-input');
  }
  const { source } = benchmark ?? alignToModelClasses(listing, classifier.labels);
  const items = limit ? source.items.slice(0, limit) : source.items;
  return checkedCalibrationSplit(resolved, items, evaluated, classifier.labels.names.length);
}

/**
 * The clean images' listing read as an ImageNet benchmark (definitions.md §7): the one `requested`, else the one their folder names
 * make when the model has ImageNet's 1000 outputs; null when they are read as any other dataset.
 */
function benchmarkOf(listing: DataSourceInfo, requested: ImageNetBenchmark | null, classNames: readonly string[]): BenchmarkSource | null {
  const classCount = classNames.length;
  if (requested && classCount !== IMAGENET_CLASS_COUNT) {
    throw new UserFacingError(`--dataset ${requested} scores ImageNet's ${IMAGENET_CLASS_COUNT} classes, but the model has ${classCount} outputs.`, 'bad-input');
  }
  if (!requested && classCount !== IMAGENET_CLASS_COUNT) return null;
  const benchmark = requested ?? (listing.kind === 'imagefolder' && listing.classNames ? detectImageNetBenchmark(listing.classNames) : null);
  if (!benchmark) return null;
  // A model whose labels list the wnids in another order: its folders are matched by name instead, as any ImageFolder's.
  const mismatch = wnidOrderMismatch(classNames);
  if (mismatch === null) return benchmarkSource(listing, benchmark);
  if (!requested) return null;
  throw new UserFacingError(`--dataset ${requested} reads the model's outputs in ImageNet-1k class index order, but its class ${mismatch} is ${classNames[mismatch]}, where the class index table has ${IMAGENET_CLASSES[mismatch].wnid}. Leave --dataset out to match the folders to the model's class names.`, 'bad-input');
}

/**
 * The released corruption set `params.data` names with the clean set it needs, or null when `data` holds clean images
 * (the corruptions are then generated). A released set holds no clean images, and the clean column, relative CE and the
 * FGSM, occlusion, calibration and OOD conditions need them, so a clean set is required rather than optional.
 */
async function releasedSweepData(params: SweepParams): Promise<ReleasedSweepData | null> {
  const set = await openReleasedCorruptions(resolve(params.data));
  if (!set) {
    if (params.clean) throw new UserFacingError(`A clean set (--clean) goes with a released corruption set as the data, but ${params.data} is no such set (a <corruption>/<severity>/… tree or <corruption>.npy arrays beside labels.npy).`, 'bad-input');
    return null;
  }
  if (!params.clean) throw new UserFacingError(`${params.data} is a released corruption set (${set.description}). It holds no clean images, which the clean error, relative CE and calibration need: pass the clean images it was made from with --clean (an ImageFolder tree of the same images for a tree; the CIFAR binary test set, e.g. cifar-10-batches-bin, for .npy arrays).`, 'bad-input');
  if (params.jpegRoundTrip) throw new UserFacingError('--jpeg-round-trip applies to generated corruptions; a released set\'s files are read as they are.', 'bad-input');
  return { set, clean: resolve(params.clean) };
}

/** The request's images listed and checked, as its workers are handed them (SweepShardParams.listing). */
export async function listSweep(params: SweepParams, lookup: ClassifierLookup, batchSize: number): Promise<SweepListing> {
  return (await prepareSweep(params, lookup, batchSize)).listing;
}

/** The plan of the request, without running it. */
export async function planSweepRequest(params: SweepParams, lookup: ClassifierLookup, batchSize: number): Promise<SweepPlan> {
  const prepared = await prepareSweep(params, lookup, batchSize);
  const plan = await planSweep(prepared.setup, prepared.baseline);
  const { benchmark } = prepared.listing;
  return benchmark ? { ...plan, notes: [benchmarkScoring(benchmark), ...plan.notes] } : plan;
}

/** The run spec of a sweep request; every shard of a run states the same one. */
function sweepSpec(params: SweepParams, prepared: PreparedSweep, analysis: string): RunSpec {
  const settings = sweepSettings({ layout: sweepLayout(prepared.setup), baseline: prepared.baseline, data: resolve(params.data) });
  return {
    analysis, models: prepared.setup.models.map((m) => ({ path: m.modelId, profile: m.classifier.profile })), data: settings.data,
    params: { ...settings, clean: prepared.setup.released?.clean ?? null, limit: params.limit ?? null, oodFolder: params.oodFolder ?? null, ...(params.oodFolders?.length ? { oodFolders: oodFolderRequest(prepared.setup.conditions.oodFolders) } : {}), savePredictions: params.savePredictions ? resolve(params.savePredictions) : null, galleryImages: params.galleryImages ?? DEFAULT_GALLERY_IMAGES },
    seed: settings.seed,
  };
}

function runOptions(params: SweepParams, onProgress: ProgressSink, signal: AbortSignal | undefined, shards: SweepShard[]): SweepRunOptions {
  return { galleryImages: params.galleryImages ?? DEFAULT_GALLERY_IMAGES, savePredictions: params.savePredictions ? resolve(params.savePredictions) : null, shards, onProgress, signal };
}

/** Runs the request in this process (on `listing` when the caller listed the images already); a cancelled run returns what finished, marked partial. */
export async function sweepRequest(params: SweepParams, lookup: ClassifierLookup, batchSize: number, onProgress: ProgressSink, signal?: AbortSignal, listing?: SweepListing): Promise<{ results: SweepResults; spec: RunSpec }> {
  const prepared = await prepareSweep(params, lookup, batchSize, listing);
  const options = runOptions(params, onProgress, signal, []);
  const outcome = await runSweep(prepared.setup, options);
  const results = sweepResults({
    layout: sweepLayout(prepared.setup), outcome, baseline: prepared.baseline, data: resolve(params.data),
    names: prepared.names, predictionsFile: options.savePredictions, warnings: prepared.listing.warnings, benchmark: prepared.listing.benchmark,
    classNames: sweepClassNames(prepared.setup.models),
  });
  return { results, spec: sweepSpec(params, prepared, 'sweep') };
}

/** Runs one shard of the request (or a part of a shard): its totals, to be merged with the others' into the unsharded run's results. */
export async function sweepShardRequest(params: SweepShardParams, lookup: ClassifierLookup, batchSize: number, onProgress: ProgressSink, signal?: AbortSignal): Promise<{ results: SweepShardResults; spec: RunSpec }> {
  const prepared = await prepareSweep(params, lookup, batchSize, params.listing);
  const shard = checkedShard(params.shard);
  const options = runOptions(params, onProgress, signal, params.part ? [shard, checkedShard(params.part)] : [shard]);
  const outcome = await runSweep(prepared.setup, options);
  return { results: shardResults(params, prepared, shard, outcome, options.savePredictions), spec: sweepSpec(params, prepared, SWEEP_SHARD_ANALYSIS) };
}

function shardResults(params: SweepParams, prepared: PreparedSweep, shard: SweepShard, outcome: SweepOutcome, predictionsFile: string | null): SweepShardResults {
  const { setup } = prepared;
  const request = {
    modelIds: params.modelIds.map((id) => resolve(id)), data: resolve(params.data), baseline: prepared.baseline,
    // A released set's conditions depend on what it holds, so the shard states them as resolved.
    corruptions: setup.released ? [...setup.conditions.corruptions] : params.corruptions, severities: setup.released ? [...setup.conditions.severities] : params.severities,
    ...(setup.released ? { clean: setup.released.clean } : {}),
    fgsmEpsilons: params.fgsmEpsilons, occlusion: params.occlusion, ood: params.ood, oodFolder: params.oodFolder ? resolve(params.oodFolder) : undefined,
    ...(params.oodFolders?.length ? { oodFolders: oodFolderRequest(setup.conditions.oodFolders) } : {}), limit: params.limit,
    ...(setup.calibration ? { calibrationSplit: setup.calibration.path } : {}),
    ...(prepared.listing.benchmark ? { dataset: prepared.listing.benchmark } : {}),
    seed: params.seed, parameterSet: params.parameterSet, jpegRoundTrip: params.jpegRoundTrip, savePredictions: predictionsFile ?? undefined, galleryImages: params.galleryImages,
  };
  return {
    shard, request, baseline: prepared.baseline, parameterSet: setup.parameterSet, classCount: setup.classCount, batchSize: setup.batchSize,
    plannedImageCount: setup.items.length, groups: sweepLayout(setup).groups, names: Object.fromEntries(prepared.names),
    partial: outcome.partial, imageCount: outcome.imageCount, forwardPasses: outcome.forwardPasses, tallies: outcome.tallies.map((t) => t.toState()),
    gallery: outcome.gallery, classNames: sweepClassNames(setup.models), predictionsFile, skipped: outcome.skipped, warnings: prepared.listing.warnings,
  };
}
