// `robustness-lens cam-score DATA --maps DIR[,DIR…]`: scores wsolevaluation-format score maps made elsewhere (one
// <image_id>.npy per image, 224×224, values in [0, 1]) against the dataset's boxes (MaxBoxAcc…) or masks (PxAP); on a
// dataset with train-fullsup and test splits, each folder is a candidate and the protocol chooses among them
// (definitions.md §4).
import { resolve } from 'node:path';
import { openDataSource } from '../../engine/data/source';
import { findWsolSplits } from '../../engine/data/wsolSplits';
import { UserFacingError } from '../../engine/errors';
import { scoreMapFolder, type ScoreMapFolderResults } from '../../engine/cam/scoreMapFolder';
import { scoreMapFolderPxap, scoreMapProtocol, splitMetric, type PxapFolderResults, type ScoreMapProtocolResults } from '../../engine/cam/scoreMapProtocol';
import { WSOL_EVALUATION_SIZE } from '../../engine/cam/boxes';
import type { SkippedFile } from '../../protocol/data';
import { cancelOnInterrupt } from '../cancellation';
import { createProgressBar } from '../progressBar';
import { protocolLines } from '../../present/report/protocolLines';

export interface CamScoreOptions { maps: string; json?: boolean }

const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

/** The folders of --maps: one, or several separated by commas (candidates of the protocol). */
function mapFolders(maps: string): string[] {
  return maps.split(',').map((folder) => folder.trim()).filter((folder) => folder !== '').map((folder) => resolve(folder));
}

function skippedLines(skipped: readonly SkippedFile[]): string[] {
  if (skipped.length === 0) return [];
  const shown = skipped.slice(0, 10);
  return ['', `Skipped ${skipped.length} image(s):`, ...shown.map((s) => `  ${s.path}: ${s.reason}`), ...(skipped.length > shown.length ? [`  … and ${skipped.length - shown.length} more`] : [])];
}

export async function camScoreCommand(data: string, options: CamScoreOptions): Promise<ScoreMapFolderResults | PxapFolderResults | ScoreMapProtocolResults> {
  const folders = mapFolders(options.maps);
  const splits = await findWsolSplits(resolve(data));
  if (!splits && folders.length !== 1) throw new UserFacingError(`Several score-map folders are candidates of the protocol, which needs the folder holding both the train-fullsup and test splits; ${resolve(data)} is not one.`);
  const bar = createProgressBar('cam-score');
  const signal = cancelOnInterrupt();
  let results: ScoreMapFolderResults | PxapFolderResults | ScoreMapProtocolResults;
  let lines: string[];
  try {
    if (splits) {
      const scored = await scoreMapProtocol(splits, folders, { onProgress: (p) => bar.update(p), signal });
      results = scored;
      lines = [...protocolLines(scored.protocol, 'score-map folder'), ...skippedLines(scored.skipped)];
      for (const warning of scored.warnings) process.stderr.write(`warning: ${warning}\n`);
    } else {
      const source = await openDataSource(data);
      if (splitMetric(source.items) === 'pxap') {
        const scored = await scoreMapFolderPxap(folders[0], source.items, { onProgress: (p) => bar.update(p), signal });
        results = scored;
        lines = [
          `Score maps from ${folders[0]} · masks resized to ${WSOL_EVALUATION_SIZE}×${WSOL_EVALUATION_SIZE} · ${scored.scoredImages} images`,
          '', `PxAP (pixel average precision, ignore regions excluded)  ${percent(scored.pxap)}`, ...skippedLines(scored.skipped),
        ];
      } else {
        const scored = await scoreMapFolder(folders[0], source.items, { onProgress: (p) => bar.update(p), signal });
        results = scored;
        lines = [...boxLines(folders[0], scored), ...skippedLines(scored.skipped)];
        for (const warning of scored.warnings) process.stderr.write(`warning: ${warning}\n`);
      }
    }
  } finally {
    bar.stop();
  }
  process.stdout.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : `${lines.join('\n')}\n`);
  return results;
}

function boxLines(folder: string, results: ScoreMapFolderResults): string[] {
  const { evaluation } = results;
  const step = evaluation.thresholds[1] - evaluation.thresholds[0];
  return [
    `Score maps from ${folder} · evaluated at ${WSOL_EVALUATION_SIZE}×${WSOL_EVALUATION_SIZE} · τ step ${Number(step.toFixed(6))} · ${results.scoredImages} images`,
    '',
    'Metric                           Value  τ',
    `MaxBoxAcc (δ=50, largest box)  ${percent(evaluation.maxBoxAcc.maxAccuracy).padStart(7)}  ${evaluation.maxBoxAcc.bestThreshold.toFixed(2)}`,
    `MaxBoxAccV2 (mean δ=30,50,70)  ${percent(evaluation.maxBoxAccV2.mean).padStart(7)}`,
    ...evaluation.maxBoxAccV2.curves.map((c) => `  δ=${Math.round(c.iouThreshold * 100)}, all boxes              ${percent(c.maxAccuracy).padStart(7)}  ${c.bestThreshold.toFixed(2)}`),
    `GT-known Loc (IoU≥50)          ${percent(evaluation.localisation.gtKnown).padStart(7)}  ${evaluation.localisation.threshold.toFixed(2)} (MaxBoxAcc's best τ; chosen on this split)`,
    'Top-1 Loc needs the model\'s predictions: run `robustness-lens cam` with the model instead.',
  ];
}
