// Each model's in-between statistics (definitions.md §6): does its top-2 name both source classes, and how far are its
// probabilities of y1 and y2 from (λ, 1−λ)?
import { html, type TemplateResult } from 'lit';
import type { MixResults } from '../../src/protocol/mix';
import { cssProperties } from '../shared/cssProperties';
import { formatPercent, modelDisplayName } from '../../src/present/format';
import { panelModelColor } from '../../src/present/charts/modelPalette';

const orNa = (value: number | null, format: (v: number) => string): string => (value === null ? 'n/a' : format(value));

export function statisticsTemplate(results: MixResults): TemplateResult {
  if (results.statistics.length === 0) {
    return html`<section class="panel-section" aria-label="In-between statistics">
      <h2>In-between behaviour</h2>
      <p class="muted">Cutout keeps each image's label, so there is no in-between behaviour to measure.</p>
    </section>`;
  }
  return html`
    <section class="panel-section" aria-label="In-between statistics">
      <h2>In-between behaviour</h2>
      <p class="muted section-note">Over the pairs of two different classes: how often the model's top two classes are the two sources', and how far its probabilities are from the target's (λ, 1−λ).</p>
      <table class="statistics-table">
        <thead><tr><th scope="col">Model</th><th scope="col">Pairs</th><th scope="col">Top-2 = {y1, y2}</th><th scope="col">Mean |p(y1) − λ|</th><th scope="col">Mean |p(y2) − (1−λ)|</th></tr></thead>
        <tbody>
          ${results.statistics.map((s, m) => html`<tr>
            <th scope="row"><span class="swatch" ${cssProperties({ background: panelModelColor(m) })}></span>${modelDisplayName(s.modelPath)}</th>
            <td class="mono">${s.pairCount}${s.sameClassPairs > 0 ? html` <span class="muted">(+${s.sameClassPairs} same-class)</span>` : ''}</td>
            <td class="mono">${orNa(s.topTwoMatchRate, (v) => formatPercent(v))}</td>
            <td class="mono">${orNa(s.meanGapFirst, (v) => v.toFixed(3))}</td>
            <td class="mono">${orNa(s.meanGapSecond, (v) => v.toFixed(3))}</td>
          </tr>`)}
        </tbody>
      </table>
    </section>`;
}
