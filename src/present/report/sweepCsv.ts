// The sweep's numbers as CSV: one row per model × condition × level (severity, ε in /255, or hole fraction) with its top-1 error,
// then each model's calibration metrics (after temperature scaling too, with T and the split's image count, when the sweep had a
// calibration split) and its OOD metrics per set and score (definitions.md §5), every value a fraction except NLL (nats), T and counts.
import type { SweepResults } from '../../protocol/sweep';
import { oodRows, oodSetLabel } from '../calibrationFigures';

function field(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sweepCsv(results: SweepResults): string {
  const rows: string[][] = [['model', 'model_id', 'kind', 'condition', 'level', 'metric', 'value']];
  for (const m of results.models) {
    const row = (kind: string, condition: string, level: string, value: number, metric = 'top1_error'): void => { rows.push([m.name, m.modelId, kind, condition, level, metric, String(value)]); };
    row('clean', 'clean', '', m.clean);
    for (const c of m.corruptions) c.errors.forEach((e, i) => row('corruption', c.corruption, String(results.settings.severities[i]), e));
    for (const e of m.fgsm?.errors ?? []) row('fgsm', 'fgsm', String(Number((e.epsilon * 255).toFixed(4))), e.error);
    for (const curve of m.occlusion?.curves ?? []) curve.errors.forEach((e, i) => row('occlusion', curve.mode, String(m.occlusion?.sizes[i].fraction), e));
    const { ece, adaptiveEce, classwiseEce, nll } = m.calibration;
    for (const [metric, value] of [['ece', ece], ['adaptive_ece', adaptiveEce], ['classwise_ece', classwiseEce], ['nll', nll]] as const) {
      if (value !== undefined) row('calibration', 'clean', '', value, metric);
    }
    const scaling = m.calibration.temperatureScaling;
    if (scaling) {
      // definitions.md §5, temperature scaling: T fitted on the calibration split, the metrics after it on the evaluated images.
      for (const [metric, value] of [
        ['temperature', scaling.temperature], ['calibration_split_images', scaling.splitImageCount], ['ece_after_temperature', scaling.ece],
        ['adaptive_ece_after_temperature', scaling.adaptiveEce], ['classwise_ece_after_temperature', scaling.classwiseEce], ['nll_after_temperature', scaling.nll],
      ] as const) row('calibration', 'clean', '', value, metric);
    }
    for (const { score, result: o } of oodRows(m, 'all')) {
      for (const [metric, value] of [['auroc', o.auroc], ['tnr_at_tpr95', o.tnrAtTpr95], ['fpr_at_tpr95', o.fprAtTpr95], ['aupr_in', o.auprIn], ['aupr_out', o.auprOut], ['detection_accuracy', o.detectionAccuracy]] as const) {
        if (value !== undefined) row('ood', oodSetLabel(o), score, value, metric);
      }
    }
  }
  return `${rows.map((r) => r.map(field).join(',')).join('\n')}\n`;
}
