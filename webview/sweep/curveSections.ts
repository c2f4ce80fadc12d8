// Error against severity for one corruption at a time (a selector picks it), and the occlusion curves: top-1 error against
// hole size, centre and boundary, one line per model and mode.
import { html, nothing, type TemplateResult } from 'lit';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { SweepResults } from '../../src/protocol/sweep';
import { modelColor } from '../localisation/modelColors';
import { onImages } from '../../src/present/chartNumbers';
import { themedOptions } from './chartTheme';
import type { SweepChartConfig } from './chartSlots';

export const SEVERITY_CANVAS = 'severity-chart';
export const OCCLUSION_CANVAS = 'occlusion-chart';

/** The corruption shown: the chosen one when the run has it, else the run's first. */
export function shownCorruption(results: SweepResults, chosen: string | null): string | null {
  const names = results.models[0]?.corruptions.map((c) => c.corruption) ?? [];
  return chosen !== null && names.includes(chosen) ? chosen : names[0] ?? null;
}

export function severityTemplate(results: SweepResults, corruption: string | null, choose: (corruption: string) => void): TemplateResult | typeof nothing {
  const corruptions = results.models[0]?.corruptions ?? [];
  if (corruption === null || corruptions.length === 0) return nothing;
  return html`
    <section class="panel-section chart-section" aria-label="Error against severity">
      <div class="section-heading">
        <span class="codicon codicon-graph-line" aria-hidden="true"></span><h2>Error against severity</h2>
        <span class="heading-spacer"></span>
        <vscode-label for="corruption-select">Corruption</vscode-label>
        <vscode-single-select id="corruption-select" .value=${corruption}
          @change=${(event: Event) => { const value = (event.target as VscodeSingleSelect).value; if (value !== corruption) choose(value); }}>
          ${corruptions.map((c) => html`<vscode-option value=${c.corruption} ?selected=${c.corruption === corruption}>${c.displayName} (${c.family}${c.kind === 'extra' ? ', extra' : ''})</vscode-option>`)}
        </vscode-single-select>
      </div>
      <p class="table-note muted">Top-1 error ${onImages(results.imageCount)} at each severity; the dashed line is each model's clean error on the same images.</p>
      <div class="chart-box"><canvas id=${SEVERITY_CANVAS} role="img" aria-label=${`Top-1 error against severity, ${corruption}`}></canvas></div>
    </section>`;
}

export function severityConfig(results: SweepResults, corruption: string): SweepChartConfig {
  const { severities } = results.settings;
  const datasets = results.models.flatMap((model, index) => {
    const errors = model.corruptions.find((c) => c.corruption === corruption)?.errors;
    if (!errors) return [];
    const color = modelColor(index);
    return [
      { label: model.name, data: severities.map((s, i) => ({ x: s, y: errors[i] })), borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 3 },
      { label: `${model.name} clean`, data: [{ x: severities[0], y: model.clean }, { x: severities[severities.length - 1], y: model.clean }], borderColor: color, backgroundColor: color, borderDash: [4, 4], borderWidth: 1, pointRadius: 0 },
    ];
  });
  return { type: 'line', data: { datasets }, options: themedOptions<'line'>({ x: 'severity', y: 'top-1 error' }, { stepSize: 1, min: severities[0], max: severities[severities.length - 1] }) };
}

export function occlusionTemplate(results: SweepResults): TemplateResult | typeof nothing {
  const occluded = results.models.find((m) => m.occlusion !== null)?.occlusion;
  if (!occluded) return nothing;
  return html`
    <section class="panel-section chart-section" aria-label="Occlusion">
      <div class="section-heading"><span class="codicon codicon-circle-large-filled" aria-hidden="true"></span><h2>Occlusion</h2></div>
      <p class="table-note muted">${occluded.note}, ${onImages(occluded.imageCount)}. Solid: centre hole; dashed: boundary (everything outside the centred square zeroed).</p>
      <div class="chart-box"><canvas id=${OCCLUSION_CANVAS} role="img" aria-label="Top-1 error against hole size, centre and boundary"></canvas></div>
    </section>`;
}

export function occlusionConfig(results: SweepResults): SweepChartConfig {
  const datasets = results.models.flatMap((model, index) => {
    const occlusion = model.occlusion;
    if (!occlusion) return [];
    const color = modelColor(index);
    return occlusion.curves.map((curve) => ({
      label: `${model.name} · ${curve.mode}`, data: curve.errors.map((error, i) => ({ x: occlusion.sizes[i].fraction, y: error })),
      borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 2, borderDash: curve.mode === 'boundary' ? [6, 4] : [],
    }));
  });
  return { type: 'line', data: { datasets }, options: themedOptions<'line'>({ x: 'hole side (fraction of the image side)', y: 'top-1 error' }, { min: 0, max: 1, percent: true }) };
}
