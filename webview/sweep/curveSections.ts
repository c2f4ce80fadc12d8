// Error against severity for one corruption at a time (a selector picks it), and the occlusion curves: top-1 error against
// hole size, centre and boundary, one line per model and mode.
import { html, nothing, type TemplateResult } from 'lit';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { ref } from 'lit/directives/ref.js';
import type { SweepResults } from '../../src/protocol/sweep';
import { onImages } from '../../src/present/chartNumbers';
import { lineChartOptions } from '../../src/present/charts/lineChart';
import { panelModelColor } from '../../src/present/charts/modelPalette';
import { occlusionSpec, severitySpec } from '../../src/present/charts/sweepCurves';
import { PANEL_CHART_THEME } from '../shared/chartTheme';
import { drawChart } from '../shared/plotChart';

const CURVE_HEIGHT = 260;

/** The corruption shown: the chosen one when the run has it, else the run's first. */
export function shownCorruption(results: SweepResults, chosen: string | null): string | null {
  const names = results.models[0]?.corruptions.map((c) => c.corruption) ?? [];
  return chosen !== null && names.includes(chosen) ? chosen : names[0] ?? null;
}

export function severityTemplate(results: SweepResults, corruption: string | null, choose: (corruption: string) => void): TemplateResult | typeof nothing {
  const corruptions = results.models[0]?.corruptions ?? [];
  if (corruption === null || corruptions.length === 0) return nothing;
  const spec = severitySpec(results, corruption, panelModelColor);
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
      <div class="chart-box" role="img" aria-label=${spec.description}
        ${ref((box) => drawChart(box, CURVE_HEIGHT, (size) => lineChartOptions(spec, PANEL_CHART_THEME, size)))}></div>
    </section>`;
}

export function occlusionTemplate(results: SweepResults): TemplateResult | typeof nothing {
  const occluded = results.models.find((m) => m.occlusion !== null)?.occlusion;
  const spec = occlusionSpec(results, panelModelColor);
  if (!occluded || !spec) return nothing;
  return html`
    <section class="panel-section chart-section" aria-label="Occlusion">
      <div class="section-heading"><span class="codicon codicon-circle-large-filled" aria-hidden="true"></span><h2>Occlusion</h2></div>
      <p class="table-note muted">${occluded.note}, ${onImages(occluded.imageCount)}. Solid: centre hole; dashed: boundary (everything outside the centred square zeroed).</p>
      <div class="chart-box" role="img" aria-label=${spec.description}
        ${ref((box) => drawChart(box, CURVE_HEIGHT, (size) => lineChartOptions(spec, PANEL_CHART_THEME, size)))}></div>
    </section>`;
}
