// Cam runs as Markdown (definitions.md §4): one section per run with the settings its numbers depend on, MaxBoxAcc per
// IoU criterion at its best τ, top-1 / GT-known localisation at the run's τ, PxAP, the faithfulness measures with their
// settings, and for a protocol run which split chose what. Percentages to two decimals, as the CLI prints them.
import { hasBoxMetrics } from '../../protocol/cam';
import { camSettingsPhrases, formatThreshold, iouPercent } from '../camSettings';
import { modelDisplayName } from '../format';
import { faithfulnessSettingsLine } from './faithfulnessLines';
import { DEFINITIONS_PAGE_FILE } from './definitionsPage';
import type { LocalisationExportResults, LocalisationExportRun } from './localisationExportRun';
import { protocolMetricNames } from './protocolLines';

const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;
const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map(line)].join('\n');
}

function boxLines(r: LocalisationExportResults): string[] {
  if (!hasBoxMetrics(r)) return [];
  const tau = (t: number): string => formatThreshold(t, r.settings.thresholdStep);
  const where = r.protocol ? 'chosen on train-fullsup' : r.localisation.thresholdSource === 'given' ? 'given' : 'MaxBoxAcc\'s best τ';
  const best = r.protocol ? 'best on test, not a protocol result' : 'best on these images';
  const scored = r.images.filter((image) => image.groundTruth.length > 0).length;
  return [
    `Box metrics over the ${scored} of ${r.imageCount} images with ground-truth boxes.`, '',
    table(['Metric', 'IoU δ', 'Value', 'τ'], [
      ['MaxBoxAcc (largest box)', iouPercent(r.maxBoxAcc.iouThreshold), percent(r.maxBoxAcc.maxAccuracy), `${tau(r.maxBoxAcc.bestThreshold)} (${best})`],
      ...r.maxBoxAccV2.curves.map((c) => ['MaxBoxAccV2 (all boxes)', iouPercent(c.iouThreshold), percent(c.maxAccuracy), `${tau(c.bestThreshold)} (${best})`]),
      ['MaxBoxAccV2, mean over δ', r.maxBoxAccV2.curves.map((c) => iouPercent(c.iouThreshold)).join(', '), percent(r.maxBoxAccV2.mean), ''],
      ['Top-1 Loc', '50', r.localisation.top1 === null ? 'n/a' : percent(r.localisation.top1), `${tau(r.localisation.threshold)} (${where})`],
      ['GT-known Loc', '50', percent(r.localisation.gtKnown), `${tau(r.localisation.threshold)} (${where})`],
    ]), '',
  ];
}

function protocolLinesOf(r: LocalisationExportResults): string[] {
  const p = r.protocol;
  if (!p) return [];
  const boxes = p.metric === 'maxBoxAcc';
  const chosen = p.candidates[p.chosen];
  const atTau = boxes && chosen.threshold !== null ? ` at τ ${chosen.threshold.toFixed(2)} (chosen on train-fullsup)` : '';
  return [
    '#### WSOL protocol', '',
    `Every candidate scored on train-fullsup by ${protocolMetricNames[p.metric]}; the best one, and τ, chosen there; test evaluated once with them (Choe et al., CVPR 2020).`, '',
    table(['Candidate', 'train-fullsup', ...(boxes ? ['τ (best on train-fullsup)'] : []), 'Chosen'],
      p.candidates.map((c, i) => [c.label, percent(c.trainFullsup), ...(boxes ? [c.threshold === null ? '' : c.threshold.toFixed(2)] : []), i === p.chosen ? 'chosen on train-fullsup' : ''])), '',
    `**Test ${protocolMetricNames[p.metric]}${atTau}: ${percent(p.test)}**`, '',
    ...(p.chosenOnTest ? [`Test's own best τ ${p.chosenOnTest.threshold.toFixed(2)}, chosen on test (not a protocol result): ${percent(p.chosenOnTest.value)}`, ''] : []),
  ];
}

function faithfulnessLinesOf(r: LocalisationExportResults): string[] {
  const f = r.faithfulness;
  if (!f) return [];
  return [
    '#### Faithfulness', '',
    ...(r.protocol ? ['Measured on test with the setting chosen on train-fullsup.', ''] : []),
    table(['ROAD combined', 'ROAD MoRF (mean)', 'ROAD LeRF (mean)', 'Deletion AUC', 'Insertion AUC', 'Avg drop', 'Avg increase'],
      [[f.roadCombined.toFixed(4), mean(f.roadMorf).toFixed(4), mean(f.roadLerf).toFixed(4), f.deletionAuc.toFixed(4), f.insertionAuc.toFixed(4), `${f.averageDrop.toFixed(2)}%`, `${f.averageIncrease.toFixed(2)}%`]]), '',
    table(['ROAD', ...f.percentiles.map((p) => `p${p}`)], [['MoRF', ...f.roadMorf.map((v) => v.toFixed(4))], ['LeRF', ...f.roadLerf.map((v) => v.toFixed(4))]]), '',
    faithfulnessSettingsLine(f), '',
  ];
}

function runSection(record: LocalisationExportRun): string[] {
  const r = record.results;
  const source = r.settings.occlusion ? 'input pixels' : `layer \`${r.settings.layer}\``;
  return [
    `### ${modelDisplayName(r.modelPath)}`, '',
    `${camSettingsPhrases(r.settings).join(' · ')} · ${source} · ${r.imageCount} images · \`${r.modelPath}\` on \`${record.spec.data}\``, '',
    ...boxLines(r),
    ...(r.pxap === undefined || r.pxap === null ? [] : [`PxAP (pixel average precision over the masks, ignore regions excluded): ${percent(r.pxap)}`, '']),
    ...(!hasBoxMetrics(r) && (r.pxap === undefined || r.pxap === null) ? ['No image has a ground-truth box or mask, so there are no localisation metrics.', ''] : []),
    ...protocolLinesOf(r),
    ...faithfulnessLinesOf(r),
    ...(r.warnings.length ? ['Warnings:', '', ...r.warnings.map((w) => `- ${w}`), ''] : []),
  ];
}

export function localisationMarkdown(records: readonly LocalisationExportRun[], title: string): string {
  return [
    `# ${title}`, '',
    ...records.flatMap(runSection),
    `Every metric is defined in [${DEFINITIONS_PAGE_FILE}](${DEFINITIONS_PAGE_FILE}), beside this report (§4).`, '',
  ].join('\n');
}
