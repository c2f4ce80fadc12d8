// A sweep request from start to results: loads what it names, checks it, runs the sweep and builds the results and the
// run spec. The session queues it and wraps it in a run record; planSweep answers from the same preparation.
import { resolve } from 'node:path';
import { modelDisplayName } from '../../../webview/shared/format';
import type { RunSpec } from '../../protocol/records';
import { ALEXNET_BASELINE, type SweepParams, type SweepPlan, type SweepResults } from '../../protocol/sweep';
import { openDataSource } from '../data/source';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import type { ProgressSink } from '../session';
import { IMAGENET_CLASS_COUNT } from './alexnetBaseline';
import type { SweptModel } from './geometryGroups';
import { planSweep } from './planSweep';
import { runSweep } from './runSweep';
import { sweepConditions } from './sweepConditions';
import { sweepResults } from './sweepResults';
import { sweepSetup, type SweepSetup } from './sweepSetup';

export type ClassifierLookup = (modelId: string) => Promise<Classifier>;

/** Default images per corruption in the gallery. */
export const DEFAULT_GALLERY_IMAGES = 3;

interface PreparedSweep {
  setup: SweepSetup;
  /** 'alexnet' or the baseline model's id. */
  baseline: string;
  names: Map<string, string>;
  warnings: string[];
}

/** Unique display names: the short name, or the full id where two models share one. */
function displayNames(modelIds: readonly string[]): Map<string, string> {
  const short = modelIds.map(modelDisplayName);
  return new Map(modelIds.map((id, i) => [id, short.filter((s) => s === short[i]).length > 1 ? id : short[i]]));
}

async function prepareSweep(params: SweepParams, lookup: ClassifierLookup, batchSize: number): Promise<PreparedSweep> {
  const requested = params.modelIds.map((id) => resolve(id));
  const explicitBaseline = params.baseline && params.baseline !== ALEXNET_BASELINE ? resolve(params.baseline) : null;
  const modelIds = [...new Set(explicitBaseline ? [...requested, explicitBaseline] : requested)];
  const models: SweptModel[] = [];
  for (const modelId of modelIds) models.push({ modelId, classifier: await lookup(modelId) });
  const source = await openDataSource(params.data);
  if (params.limit !== undefined && (!Number.isInteger(params.limit) || params.limit < 1)) throw new UserFacingError(`The image limit must be a whole number of at least 1, got ${params.limit}.`, 'bad-input');
  const items = params.limit ? source.items.slice(0, params.limit) : source.items;
  if (items.length === 0) throw new UserFacingError(`No readable images found in ${params.data}.`, 'bad-input');
  const oodSource = params.oodFolder ? await openDataSource(params.oodFolder) : null;
  const oodItems = oodSource ? (params.limit ? oodSource.items.slice(0, params.limit) : oodSource.items) : [];
  if (oodSource && oodItems.length === 0) throw new UserFacingError(`No readable images found in the OOD folder ${params.oodFolder}.`, 'bad-input');
  const setup = sweepSetup(models, items, oodItems, sweepConditions(params), batchSize);
  const imagenet = setup.parameterSet === 'imagenet-c' && setup.classCount === IMAGENET_CLASS_COUNT;
  if (params.baseline === ALEXNET_BASELINE && !imagenet) {
    throw new UserFacingError('The AlexNet baseline holds only for ImageNet models (1000 classes, ImageNet-C parameters); pass --baseline with a checkpoint evaluated on the same images instead.', 'bad-input');
  }
  const baseline = explicitBaseline ?? (params.baseline === ALEXNET_BASELINE || imagenet ? ALEXNET_BASELINE : modelIds[0]);
  const warnings: string[] = [];
  if (source.classNames && source.classNames.length !== setup.classCount) {
    warnings.push(`The dataset has ${source.classNames.length} classes but the models have ${setup.classCount}; labels are compared by index.`);
  }
  return { setup, baseline, names: displayNames(modelIds), warnings };
}

/** The plan of the request, without running it. */
export async function planSweepRequest(params: SweepParams, lookup: ClassifierLookup, batchSize: number): Promise<SweepPlan> {
  const prepared = await prepareSweep(params, lookup, batchSize);
  return planSweep(prepared.setup, prepared.baseline);
}

/** Runs the request; a cancelled run returns what finished, marked partial. */
export async function sweepRequest(params: SweepParams, lookup: ClassifierLookup, batchSize: number, onProgress: ProgressSink, signal?: AbortSignal): Promise<{ results: SweepResults; spec: RunSpec }> {
  const { setup, baseline, names, warnings } = await prepareSweep(params, lookup, batchSize);
  const savePredictions = params.savePredictions ? resolve(params.savePredictions) : null;
  const outcome = await runSweep(setup, { galleryImages: params.galleryImages ?? DEFAULT_GALLERY_IMAGES, savePredictions, onProgress, signal });
  const data = resolve(params.data);
  const results = sweepResults({ setup, outcome, baseline, data, oodFolder: params.oodFolder ? resolve(params.oodFolder) : null, names, predictionsFile: savePredictions, warnings });
  const spec: RunSpec = {
    analysis: 'sweep', models: setup.models.map((m) => ({ path: m.modelId, profile: m.classifier.profile })), data,
    params: { ...results.settings, limit: params.limit ?? null, oodFolder: params.oodFolder ?? null, savePredictions, galleryImages: params.galleryImages ?? DEFAULT_GALLERY_IMAGES },
    seed: results.settings.seed,
  };
  return { results, spec };
}
