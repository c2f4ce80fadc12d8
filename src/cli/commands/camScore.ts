// `robustness-lens cam-score DATA --maps DIR`: scores wsolevaluation-format score maps made elsewhere (one
// <image_id>.npy per image, 224×224, values in [0, 1]) against the dataset's boxes (definitions.md §4).
import { resolve } from 'node:path';
import { openDataSource } from '../../engine/data/source';
import { scoreMapFolder, type ScoreMapFolderResults } from '../../engine/cam/scoreMapFolder';
import { WSOL_EVALUATION_SIZE } from '../../engine/cam/boxes';
import { cancelOnInterrupt } from '../cancellation';
import { createProgressBar } from '../progressBar';

export interface CamScoreOptions { maps: string; json?: boolean }

const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

export async function camScoreCommand(data: string, options: CamScoreOptions): Promise<ScoreMapFolderResults> {
  const source = await openDataSource(data);
  const bar = createProgressBar('cam-score');
  let results: ScoreMapFolderResults;
  try {
    results = await scoreMapFolder(resolve(options.maps), source.items, { onProgress: (p) => bar.update(p), signal: cancelOnInterrupt() });
  } finally {
    bar.stop();
  }
  for (const warning of results.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return results;
  }
  const { evaluation } = results;
  const step = evaluation.thresholds[1] - evaluation.thresholds[0];
  const lines = [
    `Score maps from ${resolve(options.maps)} · evaluated at ${WSOL_EVALUATION_SIZE}×${WSOL_EVALUATION_SIZE} · τ step ${Number(step.toFixed(6))} · ${results.scoredImages} images`,
    '',
    'Metric                           Value  τ',
    `MaxBoxAcc (δ=50, largest box)  ${percent(evaluation.maxBoxAcc.maxAccuracy).padStart(7)}  ${evaluation.maxBoxAcc.bestThreshold.toFixed(2)}`,
    `MaxBoxAccV2 (mean δ=30,50,70)  ${percent(evaluation.maxBoxAccV2.mean).padStart(7)}`,
    ...evaluation.maxBoxAccV2.curves.map((c) => `  δ=${Math.round(c.iouThreshold * 100)}, all boxes              ${percent(c.maxAccuracy).padStart(7)}  ${c.bestThreshold.toFixed(2)}`),
    `GT-known Loc (IoU≥50)          ${percent(evaluation.localisation.gtKnown).padStart(7)}  ${evaluation.localisation.threshold.toFixed(2)} (MaxBoxAcc's best τ)`,
    'Top-1 Loc needs the model\'s predictions: run `robustness-lens cam` with the model instead.',
  ];
  if (results.skipped.length) {
    const shown = results.skipped.slice(0, 10);
    lines.push('', `Skipped ${results.skipped.length} image(s):`, ...shown.map((s) => `  ${s.path}: ${s.reason}`));
    if (results.skipped.length > shown.length) lines.push(`  … and ${results.skipped.length - shown.length} more`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return results;
}
