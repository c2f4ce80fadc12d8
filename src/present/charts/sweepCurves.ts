// The sweep's error curves as line-chart specs, the same for the panel and the report (colourOf gives each model's colour
// there): error against severity (one corruption, or a family's mean; definitions.md §1.4), FGSM error against ε
// (definitions.md §2) and occlusion error against the hole's side (definitions.md §3).
import type { SweepResults } from '../../protocol/sweep';
import { onImages } from '../chartNumbers';
import type { LineChartSpec, LineSeries } from './lineChart';

type ColorOf = (modelIndex: number) => string;

/** One corruption's error at each severity per model, with the model's clean error as a dashed line across (the panel's). */
export function severitySpec(results: SweepResults, corruption: string, colorOf: ColorOf): LineChartSpec {
  const { severities } = results.settings;
  const series = results.models.flatMap((model, i): LineSeries[] => {
    const errors = model.corruptions.find((c) => c.corruption === corruption)?.errors;
    if (!errors) return [];
    return [
      { id: model.name, legend: model.name, color: colorOf(i), points: severities.map((s, k) => ({ x: s, y: errors[k] })) },
      { id: `${model.name} clean`, legend: model.name, color: colorOf(i), dashed: true, dots: false, points: [{ x: severities[0], y: model.clean }, { x: severities[severities.length - 1], y: model.clean }] },
    ];
  });
  return { description: `Top-1 error against severity, ${corruption}, ${onImages(results.imageCount)}; dashed: each model's clean error`, series, xAxisLabel: 'severity', yAxisLabel: 'top-1 error', xTicks: severities, percentY: true };
}

/** The mean error over a family's corruptions at each severity, one line per model (the report's); null when no model has the family. */
export function familySpec(results: SweepResults, family: string, colorOf: ColorOf): LineChartSpec | null {
  const { severities } = results.settings;
  const series = results.models.flatMap((m, i): LineSeries[] => {
    const members = m.corruptions.filter((c) => c.family === family);
    if (!members.length) return [];
    return [{ id: m.name, legend: m.name, color: colorOf(i), points: severities.map((s, k) => ({ x: s, y: members.reduce((sum, c) => sum + c.errors[k], 0) / members.length })) }];
  });
  return series.length ? { description: `Top-1 error against severity, ${family} corruptions, ${onImages(results.imageCount)}`, series, xAxisLabel: 'severity', yAxisLabel: 'top-1 error', xTicks: severities, percentY: true } : null;
}

/** FGSM error against ε (in /255) per model; ε = 0 is the clean image, so each curve starts at the clean error on the same images. */
export function fgsmSpec(results: SweepResults, colorOf: ColorOf): LineChartSpec | null {
  const series = results.models.flatMap((m, i): LineSeries[] => (m.fgsm ? [{
    id: m.name, legend: m.name, color: colorOf(i), points: [{ x: 0, y: m.fgsm.cleanError }, ...m.fgsm.errors.map((e) => ({ x: e.epsilon * 255, y: e.error }))],
  }] : []));
  const imageCount = results.models.find((m) => m.fgsm)?.fgsm?.imageCount ?? 0;
  return series.length ? { description: `FGSM top-1 error against ε, ${onImages(imageCount)}`, series, xAxisLabel: 'ε (/255)', yAxisLabel: 'top-1 error', xTicks: [0, ...results.settings.fgsmEpsilons.map((e) => e * 255)], percentY: true } : null;
}

/** Occlusion error against the hole's side per model: solid for the centre hole, dashed for the boundary; null without occlusion. */
export function occlusionSpec(results: SweepResults, colorOf: ColorOf): LineChartSpec | null {
  const series = results.models.flatMap((m, i): LineSeries[] => {
    const o = m.occlusion;
    return o ? o.curves.map((c) => ({ id: `${m.name} · ${c.mode}`, legend: m.name, color: colorOf(i), dashed: c.mode === 'boundary', points: c.errors.map((e, k) => ({ x: o.sizes[k].fraction, y: e })) })) : [];
  });
  const imageCount = results.models.find((m) => m.occlusion)?.occlusion?.imageCount ?? 0;
  return series.length ? {
    description: `Occlusion top-1 error against hole size, ${onImages(imageCount)}; solid lines centre holes, dashed lines boundary holes`,
    series, xAxisLabel: 'hole side (fraction of the image side)', yAxisLabel: 'top-1 error', percentX: true, percentY: true,
  } : null;
}
