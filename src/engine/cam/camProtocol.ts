// The WSOL protocol over localisation runs (definitions.md §4 "The protocol"): every candidate (checkpoint, method,
// normalisation, layer) is localised on train-fullsup; the best by MaxBoxAcc (τ at its own best on train-fullsup) or
// PxAP is localised on test once, with τ fixed to the one chosen on train-fullsup (and, when asked, its maps' faithfulness
// measured there). The result is the test run's record (its id too), with the protocol's choices in results.protocol. Runs go through `localise` (the engine session or the engine client).
import { basename, dirname, resolve } from 'node:path';
import type { RunRecord } from '../../protocol/records';
import { camMethodNames, type CamMethod, type CamNormalisationName, type CamParams, type CamResults } from '../../protocol/cam';
import type { WsolSplitLayout, WsolSplitName } from '../data/wsolSplits';
import { UserFacingError } from '../errors';
import { runProtocol, type SplitScore } from './selection';

/** One setting the protocol may choose. */
export interface CamCandidate { modelId: string; method: CamMethod; normalisation: CamNormalisationName; layer: string | undefined }

export type LocaliseRequest = (params: CamParams, candidate: CamCandidate, split: WsolSplitName) => Promise<RunRecord<CamResults>>;

export interface CamProtocolOptions {
  candidates: CamCandidate[];
  /** Everything the runs share: target, IVR percentile, occlusion window, IoU criteria, limit, overlays. */
  shared: Pick<CamParams, 'target' | 'ivrPercentile' | 'occlusionPatch' | 'occlusionStride' | 'iouThresholds' | 'limit' | 'includeOverlays' | 'progressToken'>;
  /** Applied to the test run only: faithfulness is measured on test with the settings chosen on train-fullsup. */
  faithfulness?: boolean;
  scoremapFolder?: string;
  overlayFolder?: string;
  /** Where the test run is saved as it goes (its images written there): the protocol's record keeps its id, to be saved over it. */
  runsFolder?: string;
  signal?: AbortSignal;
}

/** Every combination of the checkpoints, methods, normalisations and layers, in that order of nesting. */
export function camCandidates(modelIds: readonly string[], methods: readonly CamMethod[], normalisations: readonly CamNormalisationName[], layers: readonly (string | undefined)[]): CamCandidate[] {
  return modelIds.flatMap((modelId) => methods.flatMap((method) => normalisations.flatMap((normalisation) => layers.map((layer) => ({ modelId, method, normalisation, layer })))));
}

/** A candidate in words; the checkpoint is named only when the candidates span several. */
export function candidateLabel({ modelId, method, normalisation, layer }: CamCandidate, severalModels: boolean): string {
  const model = severalModels ? `${basename(dirname(modelId))}/${basename(modelId)} · ` : '';
  return `${model}${camMethodNames[method]} · ${normalisation}${layer === undefined ? '' : ` · layer '${layer}'`}`;
}

/** The protocol's score of one run: PxAP when its images have masks, else its MaxBoxAcc curve. */
function splitScore(results: CamResults, split: WsolSplitName): SplitScore {
  if (results.pxap !== undefined && results.pxap !== null) return { metric: 'pxap', pxap: results.pxap };
  if (!results.maxBoxAcc) throw new UserFacingError(`The ${split} split has neither ground-truth boxes nor masks in its localization.txt, so no setting can be chosen or reported.`, 'bad-input');
  return { metric: 'maxBoxAcc', thresholds: results.thresholds, accuracies: results.maxBoxAcc.accuracies };
}

export async function camProtocol(localise: LocaliseRequest, layout: WsolSplitLayout, options: CamProtocolOptions): Promise<RunRecord<CamResults>> {
  const severalModels = new Set(options.candidates.map((c) => c.modelId)).size > 1;
  let testRecord: RunRecord<CamResults> | null = null;
  const evaluate = async (candidate: CamCandidate, split: WsolSplitName, threshold: number | null): Promise<SplitScore> => {
    const testOnly = split === 'test';
    const record = await localise({
      ...options.shared, modelId: candidate.modelId, data: layout.metadata[split], method: candidate.method, normalisation: candidate.normalisation,
      layer: candidate.layer, ivrPercentile: candidate.normalisation === 'ivr' ? options.shared.ivrPercentile : undefined,
      occlusionPatch: candidate.method === 'occlusion' ? options.shared.occlusionPatch : undefined,
      occlusionStride: candidate.method === 'occlusion' ? options.shared.occlusionStride : undefined,
      localisationThreshold: threshold ?? undefined, scoremapFolder: testOnly ? options.scoremapFolder : undefined,
      overlayFolder: testOnly ? options.overlayFolder : undefined, includeOverlays: testOnly && options.shared.includeOverlays, runsFolder: testOnly ? options.runsFolder : undefined,
      faithfulness: testOnly && options.faithfulness === true,
    }, candidate, split);
    if (testOnly) testRecord = record;
    return splitScore(record.results, split);
  };
  const protocol = await runProtocol(options.candidates, (c) => candidateLabel(c, severalModels), evaluate, options.signal);
  const tested = testRecord as RunRecord<CamResults> | null;
  if (!tested) throw new Error('The protocol finished without a test run.');
  return {
    ...tested,
    spec: { ...tested.spec, data: resolve(layout.root), params: { ...tested.spec.params, protocol: { trainFullsup: layout.metadata['train-fullsup'], test: layout.metadata.test } } },
    results: { ...tested.results, protocol },
  };
}
