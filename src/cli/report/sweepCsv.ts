// The sweep's errors as CSV: one row per model × condition × level (severity, ε in /255, or hole fraction) with its top-1 error.
import type { SweepResults } from '../../protocol/sweep';

function field(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sweepCsv(results: SweepResults): string {
  const rows: string[][] = [['model', 'model_id', 'kind', 'condition', 'level', 'error']];
  for (const m of results.models) {
    const row = (kind: string, condition: string, level: string, error: number): void => { rows.push([m.name, m.modelId, kind, condition, level, String(error)]); };
    row('clean', 'clean', '', m.clean);
    for (const c of m.corruptions) c.errors.forEach((e, i) => row('corruption', c.corruption, String(results.settings.severities[i]), e));
    for (const e of m.fgsm?.errors ?? []) row('fgsm', 'fgsm', String(Number((e.epsilon * 255).toFixed(4))), e.error);
    for (const curve of m.occlusion?.curves ?? []) curve.errors.forEach((e, i) => row('occlusion', curve.mode, String(m.occlusion?.sizes[i].fraction), e));
  }
  return `${rows.map((r) => r.map(field).join(',')).join('\n')}\n`;
}
