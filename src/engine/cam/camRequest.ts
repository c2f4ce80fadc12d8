// A localisation request: one loaded model's maps on a wsolevaluation dataset, scored with MaxBoxAcc / PxAP (definitions.md §4).
import { resolve } from 'node:path';
import type { RunSpec } from '../../protocol/records';
import type { CamParams, CamResults } from '../../protocol/cam';
import type { ProgressSink } from '../../protocol/progress';
import { openDataSourceFor } from '../data/classMapping';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import type { ImageSink } from '../runs/imageSink';
import { localise } from './localise';

/** `images` keeps the overlays' images: inline unless the run is saved as it goes. */
export async function camRequest(params: CamParams, classifier: Classifier, batchSize: number, onProgress: ProgressSink, signal?: AbortSignal, images?: ImageSink): Promise<{ results: CamResults; spec: RunSpec; imageCount: number }> {
  const { source, warnings } = await openDataSourceFor(params.data, classifier.labels);
  const items = params.limit ? source.items.slice(0, params.limit) : source.items;
  if (items.length === 0) throw new UserFacingError(`No readable images found in ${params.data}.`, 'bad-input');
  const localised = await localise(classifier, items, {
    method: params.method, normalisation: params.normalisation, ivrPercentile: params.ivrPercentile, layer: params.layer, target: params.target,
    occlusionPatch: params.occlusionPatch, occlusionStride: params.occlusionStride, batchSize, thresholdStep: params.thresholdStep, localisationThreshold: params.localisationThreshold, iouThresholds: params.iouThresholds,
    scoremapFolder: params.scoremapFolder ? resolve(params.scoremapFolder) : undefined,
    overlayFolder: params.overlayFolder ? resolve(params.overlayFolder) : undefined, includeOverlays: params.includeOverlays, images, onProgress, signal,
    faithfulness: params.faithfulness,
  });
  const results: CamResults = {
    modelPath: params.modelId, ...localised,
    skipped: [...source.skipped, ...localised.skipped],
    warnings: [...warnings, ...localised.warnings],
  };
  const spec: RunSpec = {
    analysis: 'cam', models: [{ path: params.modelId, profile: classifier.profile }], data: resolve(params.data),
    params: {
      ...results.settings, localisationThreshold: params.localisationThreshold ?? null, iouThresholds: results.maxBoxAccV2?.curves.map((c) => c.iouThreshold) ?? null,
      scoremapFolder: results.scoremapFolder, overlayFolder: results.overlayFolder, limit: params.limit ?? null, batchSize,
      faithfulness: params.faithfulness ?? false,
    },
    seed: 0,
  };
  return { results, spec, imageCount: results.imageCount };
}
