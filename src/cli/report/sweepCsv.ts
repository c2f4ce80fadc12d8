// The sweep's numbers as CSV: one row per model × condition × level (severity, ε in /255, or hole fraction) with its top-1 error,
// then each model's calibration metrics and its OOD metrics per set and score (definitions.md §5), every value a fraction except NLL (nats).
import type { SweepResults } from '../../protocol/sweep';
import { oodRows, oodSetLabel } from '../../../webview/shared/calibrationFigures';

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
    for (const { score, result: o } of oodRows(m, 'all')) {
      for (const [metric, value] of [['auroc', o.auroc], ['tnr_at_tpr95', o.tnrAtTpr95], ['fpr_at_tpr95', o.fprAtTpr95], ['aupr_in', o.auprIn], ['aupr_out', o.auprOut], ['detection_accuracy', o.detectionAccuracy]] as const) {
        if (value !== undefined) row('ood', oodSetLabel(o), score, value, metric);
      }
    }
  }
  return `${rows.map((r) => r.map(field).join(',')).join('\n')}\n`;
}
