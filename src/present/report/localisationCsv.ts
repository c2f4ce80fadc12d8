// Cam runs as CSV (definitions.md §4), one row per number: per run, its settings in the leading columns, then MaxBoxAcc
// (δ = 50, largest box) and MaxBoxAccV2 (per δ, every box) at their best τ with the box accuracy at every τ, top-1 and
// GT-known localisation at the run's τ, PxAP, the faithfulness measures (ROAD per percentile, deletion / insertion AUC,
// average drop / increase) and, for a protocol run, every candidate's train-fullsup score and which split chose what.
// Every value is a fraction except average drop / increase (percent) and counts.
import { camMethodNames } from '../../protocol/cam';
import { modelDisplayName } from '../format';
import type { LocalisationExportRun } from './localisationExportRun';

export const LOCALISATION_CSV_HEADER = ['model', 'model_id', 'method', 'normalisation', 'layer', 'target', 'split', 'metric', 'iou', 'tau', 'percentile', 'candidate', 'value'] as const;

type Row = Partial<Record<(typeof LOCALISATION_CSV_HEADER)[number], string | number>>;

/** τ as the grid names it (0.07, not 0.07000000000000001). */
const tauOf = (threshold: number): number => Number(threshold.toFixed(6));

function field(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows of one run, without its settings columns. */
function runRows(record: LocalisationExportRun): Row[] {
  const r = record.results;
  const split = r.protocol ? 'test' : '';
  const rows: Row[] = [{ split, metric: 'images', value: r.imageCount }];
  const curve = (metric: string, iou: number, accuracies: readonly number[]): void => {
    accuracies.forEach((value, i) => rows.push({ split, metric, iou, tau: tauOf(r.thresholds[i]), value }));
  };
  if (r.maxBoxAcc && r.maxBoxAccV2) {
    rows.push({ split, metric: 'max_box_acc', iou: r.maxBoxAcc.iouThreshold, tau: tauOf(r.maxBoxAcc.bestThreshold), value: r.maxBoxAcc.maxAccuracy });
    rows.push({ split, metric: 'max_box_acc_v2_mean', value: r.maxBoxAccV2.mean });
    for (const c of r.maxBoxAccV2.curves) rows.push({ split, metric: 'max_box_acc_v2', iou: c.iouThreshold, tau: tauOf(c.bestThreshold), value: c.maxAccuracy });
  }
  if (r.localisation) {
    if (r.localisation.top1 !== null) rows.push({ split, metric: 'top1_loc', iou: 0.5, tau: tauOf(r.localisation.threshold), value: r.localisation.top1 });
    rows.push({ split, metric: 'gt_known_loc', iou: 0.5, tau: tauOf(r.localisation.threshold), value: r.localisation.gtKnown });
  }
  if (r.pxap !== undefined && r.pxap !== null) rows.push({ split, metric: 'pxap', value: r.pxap });
  const f = r.faithfulness;
  if (f) {
    f.percentiles.forEach((percentile, k) => {
      rows.push({ split, metric: 'road_morf', percentile, value: f.roadMorf[k] });
      rows.push({ split, metric: 'road_lerf', percentile, value: f.roadLerf[k] });
    });
    for (const [metric, value] of [['road_combined', f.roadCombined], ['deletion_auc', f.deletionAuc], ['insertion_auc', f.insertionAuc], ['average_drop_percent', f.averageDrop], ['average_increase_percent', f.averageIncrease], ['faithfulness_images', f.imageCount]] as const) {
      rows.push({ split, metric, value });
    }
  }
  const p = r.protocol;
  if (p) {
    p.candidates.forEach((c, i) => {
      rows.push({ split: 'train-fullsup', metric: p.metric === 'pxap' ? 'pxap' : 'max_box_acc', iou: p.metric === 'pxap' ? undefined : 0.5, tau: c.threshold === null ? undefined : tauOf(c.threshold), candidate: c.label, value: c.trainFullsup });
      if (i === p.chosen) rows.push({ split: 'train-fullsup', metric: 'chosen', candidate: c.label, value: 1 });
    });
    const chosen = p.candidates[p.chosen];
    rows.push({ split: 'test', metric: p.metric === 'pxap' ? 'protocol_pxap' : 'protocol_max_box_acc', iou: p.metric === 'pxap' ? undefined : 0.5, tau: chosen.threshold === null ? undefined : tauOf(chosen.threshold), candidate: chosen.label, value: p.test });
    if (p.chosenOnTest) rows.push({ split: 'test', metric: 'max_box_acc_tau_chosen_on_test', iou: 0.5, tau: tauOf(p.chosenOnTest.threshold), candidate: chosen.label, value: p.chosenOnTest.value });
  }
  // The curves last: many rows, read by plotting tools rather than people.
  if (r.maxBoxAcc && r.maxBoxAccV2) {
    curve('box_acc', r.maxBoxAcc.iouThreshold, r.maxBoxAcc.accuracies);
    for (const c of r.maxBoxAccV2.curves) curve('box_acc_v2', c.iouThreshold, c.accuracies);
  }
  return rows;
}

/** Every run's rows under one header; a run's model, method, normalisation, layer and target lead each of its rows. */
export function localisationCsv(records: readonly LocalisationExportRun[]): string {
  const lines = [LOCALISATION_CSV_HEADER.join(',')];
  for (const record of records) {
    const s = record.results.settings;
    const normalisation = s.ivrPercentile === null ? s.normalisation : `ivr p=${Math.round(s.ivrPercentile * 100)}`;
    const layer = s.occlusion ? `${s.layer} (patch ${s.occlusion.patch}, stride ${s.occlusion.stride})` : s.layer;
    const settings: Row = { model: modelDisplayName(record.results.modelPath), model_id: record.results.modelPath, method: camMethodNames[s.method], normalisation, layer, target: s.target };
    for (const row of runRows(record)) {
      const full: Row = { ...settings, ...row };
      lines.push(LOCALISATION_CSV_HEADER.map((column) => field(full[column] === undefined ? '' : String(full[column]))).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
