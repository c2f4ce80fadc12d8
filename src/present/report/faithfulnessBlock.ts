// The report's faithfulness table (definitions.md §4): per model, MaxBoxAcc beside ROAD, deletion / insertion AUC and
// average drop / increase, with the percentiles, imputation, steps and image count they depend on.
import type { RunRecord } from '../../protocol/records';
import type { CamFaithfulness, CamResults } from '../../protocol/cam';
import { formatCount, formatPercent, modelDisplayName } from '../format';
import { html, type Markup } from './html';

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/** The faithfulness of every run that measured it; empty when none did. */
export function faithfulnessTable(records: readonly RunRecord<CamResults>[]): Markup {
  const measured = records.filter((record) => (record.results.faithfulness ?? null) !== null);
  if (measured.length === 0) return html``;
  const f = measured[0].results.faithfulness as CamFaithfulness;
  return html`<h3>Faithfulness of the maps</h3>
  <table class="data-table compare-table faithfulness-table">
    <thead><tr><th>Model</th><th class="numeric">MaxBoxAcc</th><th class="numeric">ROAD combined</th><th class="numeric">ROAD MoRF</th><th class="numeric">ROAD LeRF</th><th class="numeric">Deletion AUC</th><th class="numeric">Insertion AUC</th><th class="numeric">Avg drop</th><th class="numeric">Avg increase</th></tr></thead>
    <tbody>${measured.map(({ results: r }) => {
      const m = r.faithfulness as CamFaithfulness;
      return html`<tr><td>${modelDisplayName(r.modelPath)}</td><td class="numeric">${r.maxBoxAcc ? formatPercent(r.maxBoxAcc.maxAccuracy) : 'n/a'}</td><td class="numeric">${m.roadCombined.toFixed(4)}</td><td class="numeric">${mean(m.roadMorf).toFixed(3)}</td><td class="numeric">${mean(m.roadLerf).toFixed(3)}</td><td class="numeric">${m.deletionAuc.toFixed(3)}</td><td class="numeric">${m.insertionAuc.toFixed(3)}</td><td class="numeric">${m.averageDrop.toFixed(1)}%</td><td class="numeric">${m.averageIncrease.toFixed(1)}%</td></tr>`;
    })}</tbody>
  </table>
  ${measured.some((record) => record.results.protocol) ? html`<p class="small">Measured on test with the setting chosen on train-fullsup: ${measured.flatMap(({ results: { protocol: p } }) => (p ? [p.candidates[p.chosen].label] : [])).join('; ')}.</p>` : html``}
  <p class="muted small">Over ${formatCount(f.imageCount)} images; scores are the softmax probability of the explained class. ROAD (Rong et al. 2022): pixels at or above the p-th percentile of the map (MoRF) or of 1 − map (LeRF) imputed by noisy linear imputation (σ ${f.imputationNoise}, seed ${f.seed}) at p = ${f.percentiles.join(', ')}; MoRF and LeRF are the mean probabilities over p, combined = (LeRF change − MoRF change) / 2, higher is more faithful. Deletion (pixels set to 0) and insertion (from the image blurred by RISE's 11×11, σ 5 kernel), most salient first in steps of ${formatCount(f.stepPixels)} pixels (Petsiuk et al. 2018): lower deletion and higher insertion AUC are more faithful. Average drop and increase in confidence on the image multiplied by its map (Chattopadhay et al. 2018).</p>`;
}
