// The protocol over score maps made elsewhere (definitions.md §4): each candidate setting is a folder of wsolevaluation
// score maps (<image_id>.npy, 224×224) covering both splits; candidates are ranked on train-fullsup by MaxBoxAcc (box
// datasets) or PxAP (mask datasets), and test is scored once with the chosen folder.
import { resolve } from 'node:path';
import type { ImageItem, SkippedFile } from '../../protocol/data';
import type { ProtocolSummary } from '../../protocol/wsolProtocol';
import { UserFacingError } from '../errors';
import { openWsolSplit, type WsolSplitLayout, type WsolSplitName } from '../data/wsolSplits';
import { WSOL_EVALUATION_SIZE } from './boxes';
import { evaluationMask } from './groundTruthMasks';
import { PxapEvaluator } from './pxap';
import { scoreMapFolder, type ScoreMapFolderOptions } from './scoreMapFolder';
import { readScoremap } from './scoremaps';
import { runProtocol, type SplitScore } from './selection';

export interface PxapFolderResults { pxap: number; scoredImages: number; skipped: SkippedFile[] }

/** PxAP of the maps under `mapsRoot` against the masks of `items` (wsolevaluation's MaskEvaluator). */
export async function scoreMapFolderPxap(mapsRoot: string, items: readonly ImageItem[], options: ScoreMapFolderOptions = {}): Promise<PxapFolderResults> {
  const evaluator = new PxapEvaluator(options.thresholdStep ?? 0.01);
  const size = WSOL_EVALUATION_SIZE;
  const skipped: SkippedFile[] = [];
  for (const [i, item] of items.entries()) {
    if (options.signal?.aborted) throw new UserFacingError('Scoring cancelled.', 'cancelled');
    if (!item.masks) {
      skipped.push({ path: item.path, reason: 'no ground-truth mask' });
      continue;
    }
    const map = await readScoremap(mapsRoot, item.id).catch((err: unknown) => {
      if (err instanceof UserFacingError && err.code === 'not-found') return null;
      throw err;
    });
    if (map === null) {
      skipped.push({ path: item.path, reason: 'no score map for it in the folder' });
      continue;
    }
    if (map.height !== size || map.width !== size) throw new UserFacingError(`The score map of '${item.id}' is ${map.height}×${map.width}; wsolevaluation maps are ${size}×${size}.`);
    evaluator.add(map.data, await evaluationMask(item, size));
    options.onProgress?.({ done: i + 1, total: items.length, message: `Scored ${i + 1} of ${items.length} maps` });
  }
  const scoredImages = items.length - skipped.length;
  if (scoredImages === 0) throw new UserFacingError(`No image of the dataset has both masks and a score map under ${mapsRoot}.`, 'not-found');
  return { pxap: evaluator.result(), scoredImages, skipped };
}

/** PxAP when every item has masks, MaxBoxAcc otherwise. */
export function splitMetric(items: readonly ImageItem[]): 'pxap' | 'maxBoxAcc' {
  return items.length > 0 && items.every((item) => item.masks !== undefined) ? 'pxap' : 'maxBoxAcc';
}

export interface ScoreMapProtocolResults {
  protocol: ProtocolSummary;
  /** Images left out on either split, with the split and the reason. */
  skipped: SkippedFile[];
  warnings: string[];
}

/** Chooses among `mapFolders` on train-fullsup and scores test once with the chosen folder. */
export async function scoreMapProtocol(layout: WsolSplitLayout, mapFolders: readonly string[], options: ScoreMapFolderOptions = {}): Promise<ScoreMapProtocolResults> {
  const splits = { 'train-fullsup': await openWsolSplit(layout, 'train-fullsup'), test: await openWsolSplit(layout, 'test') };
  const skipped: SkippedFile[] = [...splits['train-fullsup'].skipped, ...splits.test.skipped];
  const warnings: string[] = [];
  const evaluate = async (folder: string, split: WsolSplitName): Promise<SplitScore> => {
    const { items } = splits[split];
    const tag = (list: readonly SkippedFile[]): SkippedFile[] => list.map((s) => ({ path: s.path, reason: `${split}: ${s.reason}` }));
    if (splitMetric(items) === 'pxap') {
      const scored = await scoreMapFolderPxap(folder, items, options);
      skipped.push(...tag(scored.skipped));
      return { metric: 'pxap', pxap: scored.pxap };
    }
    const scored = await scoreMapFolder(folder, items, options);
    skipped.push(...tag(scored.skipped));
    warnings.push(...scored.warnings);
    return { metric: 'maxBoxAcc', thresholds: scored.evaluation.thresholds, accuracies: scored.evaluation.maxBoxAcc.accuracies };
  };
  const protocol = await runProtocol(mapFolders.map((folder) => resolve(folder)), (folder) => folder, evaluate, options.signal);
  return { protocol, skipped, warnings };
}
