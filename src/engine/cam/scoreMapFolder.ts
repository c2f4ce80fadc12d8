// Scores score maps made elsewhere, as wsolevaluation does: one <image_id>.npy per image at the 224 evaluation size,
// values in [0, 1], boxed at every CAM threshold against the ground-truth boxes rescaled to 224 (definitions.md §4).
import type { ImageItem, SkippedFile } from '../../protocol/data';
import { UserFacingError } from '../errors';
import { clippedBoxesWarning, evaluationGroundTruth } from './groundTruth';
import { WSOL_EVALUATION_SIZE } from './boxes';
import { BoxEvaluator, type BoxEvaluation } from './metrics';
import type { ScoreMapArray } from './npy';
import { readScoremap } from './scoremaps';

export interface ScoreMapFolderOptions {
  thresholdStep?: number;
  onProgress?: (progress: { done: number; total: number; message: string }) => void;
  signal?: AbortSignal;
}

export interface ScoreMapFolderResults {
  /** MaxBoxAcc, MaxBoxAccV2 and GT-known localisation; top-1 localisation needs the classifier and is not scored. */
  evaluation: BoxEvaluation;
  scoredImages: number;
  /** Images without boxes or without a map file, with the reason. */
  skipped: SkippedFile[];
  /** Metadata problems met while scoring (ground-truth boxes clipped to their image). */
  warnings: string[];
}

export async function scoreMapFolder(mapsRoot: string, items: readonly ImageItem[], options: ScoreMapFolderOptions = {}): Promise<ScoreMapFolderResults> {
  const evaluator = new BoxEvaluator(options.thresholdStep ?? 0.01);
  const size = WSOL_EVALUATION_SIZE;
  const skipped: SkippedFile[] = [];
  const clippedBoxes: string[] = [];
  let done = 0;
  for (const item of items) {
    if (options.signal?.aborted) throw new UserFacingError('Scoring cancelled.', 'cancelled');
    done += 1;
    if (item.boxes.length === 0) {
      skipped.push({ path: item.path, reason: 'no ground-truth box' });
      continue;
    }
    let map: ScoreMapArray;
    try {
      map = await readScoremap(mapsRoot, item.id);
    } catch (err) {
      if (err instanceof UserFacingError && err.code === 'not-found') {
        skipped.push({ path: item.path, reason: 'no score map for it in the folder' });
        continue;
      }
      throw err;
    }
    if (map.height !== size || map.width !== size) {
      throw new UserFacingError(`The score map of '${item.id}' is ${map.height}×${map.width}; wsolevaluation maps are ${size}×${size}.`);
    }
    const groundTruth = await evaluationGroundTruth(item, size);
    clippedBoxes.push(...groundTruth.clipped);
    evaluator.add(map.data, size, size, groundTruth.boxes, false);
    options.onProgress?.({ done, total: items.length, message: `Scored ${done} of ${items.length} maps` });
  }
  const scoredImages = items.length - skipped.length;
  if (scoredImages === 0) throw new UserFacingError(`No image of the dataset has both boxes and a score map under ${mapsRoot}.`, 'not-found');
  const clippedWarning = clippedBoxesWarning(clippedBoxes);
  return { evaluation: evaluator.result(), scoredImages, skipped, warnings: clippedWarning === null ? [] : [clippedWarning] };
}
