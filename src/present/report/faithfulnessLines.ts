// The faithfulness table of `cam --faithfulness` (definitions.md §4): one row per method × checkpoint, with the settings
// the numbers depend on (percentiles, imputation, steps, images).
import { basename } from 'node:path';
import { camMethodNames, type CamFaithfulness, type CamMethod } from '../../protocol/cam';

export interface FaithfulnessRow { method: CamMethod; checkpoint: string; faithfulness: CamFaithfulness }

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/** The table's columns: header and the cell of each row. */
const columns: [string, (f: CamFaithfulness) => string][] = [
  ['ROAD MoRF', (f) => mean(f.roadMorf).toFixed(4)],
  ['ROAD LeRF', (f) => mean(f.roadLerf).toFixed(4)],
  ['ROAD combined', (f) => f.roadCombined.toFixed(4)],
  ['Deletion AUC', (f) => f.deletionAuc.toFixed(4)],
  ['Insertion AUC', (f) => f.insertionAuc.toFixed(4)],
  ['Avg drop', (f) => `${f.averageDrop.toFixed(2)}%`],
  ['Avg increase', (f) => `${f.averageIncrease.toFixed(2)}%`],
];

/** How the numbers were measured, from the first row's settings (every row of one command shares them). */
export function faithfulnessSettingsLine(f: CamFaithfulness): string {
  return `Over ${f.imageCount} images; scores are the softmax probability of the explained class. ROAD at percentiles ${f.percentiles.join(', ')} ` +
    `(pixels at or above the percentile of the map, MoRF, or of 1 − map, LeRF, imputed by noisy linear imputation, σ ${f.imputationNoise}, seed ${f.seed}); ` +
    `combined = (LeRF change − MoRF change) / 2, higher is more faithful. Deletion (pixels set to 0) and insertion (from the image blurred by RISE's 11×11, σ 5 kernel) ` +
    `in steps of ${f.stepPixels} pixels, most salient first: lower deletion AUC and higher insertion AUC are more faithful. Average drop and increase on the image multiplied by its map.`;
}

/** The faithfulness table, one row per method × checkpoint, the ROAD curves by percentile, and the settings line. */
export function faithfulnessLines(rows: readonly FaithfulnessRow[]): string[] {
  if (rows.length === 0) return [];
  const names = rows.map((row) => [camMethodNames[row.method], basename(row.checkpoint)]);
  const methodWidth = Math.max('Method'.length, ...names.map(([method]) => method.length));
  const checkpointWidth = Math.max('Checkpoint'.length, ...names.map(([, checkpoint]) => checkpoint.length));
  const header = ['Method'.padEnd(methodWidth), 'Checkpoint'.padEnd(checkpointWidth), ...columns.map(([title]) => title)].join('  ');
  const body = rows.map((row, i) => [names[i][0].padEnd(methodWidth), names[i][1].padEnd(checkpointWidth), ...columns.map(([title, cell]) => cell(row.faithfulness).padStart(title.length))].join('  '));
  const curves = rows.flatMap((row, i) => (['roadMorf', 'roadLerf'] as const).map((key) =>
    `  ${names[i].join(' · ')} ${key === 'roadMorf' ? 'MoRF' : 'LeRF'} by percentile: ${row.faithfulness[key].map((value, k) => `p${row.faithfulness.percentiles[k]} ${value.toFixed(3)}`).join(' · ')}`));
  return ['Faithfulness', header, ...body, ...curves, faithfulnessSettingsLine(rows[0].faithfulness)];
}
