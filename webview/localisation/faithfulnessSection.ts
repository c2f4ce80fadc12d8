// The faithfulness table beside the box metrics (definitions.md §4): per model, MaxBoxAcc (how well the map localises)
// next to ROAD, deletion / insertion AUC and average drop / increase (how faithful it is to the model), with the settings.
import { html, nothing, type TemplateResult } from 'lit';
import type { RunRecord } from '../../src/protocol/records';
import type { CamFaithfulness, CamResults } from '../../src/protocol/cam';
import { cssProperties } from '../shared/cssProperties';
import { formatCount, formatPercent, modelDisplayName } from '../../src/present/format';
import { panelModelColor } from '../../src/present/charts/modelPalette';

type MeasuredRecord = RunRecord<CamResults & { faithfulness: CamFaithfulness }>;

const isMeasured = (record: RunRecord<CamResults>): record is MeasuredRecord => (record.results.faithfulness ?? null) !== null;

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

function faithfulnessRow(record: MeasuredRecord, index: number): TemplateResult {
  const { faithfulness: f, maxBoxAcc, modelPath } = record.results;
  return html`<tr>
    <th scope="row"><span class="model-swatch" aria-hidden="true" ${cssProperties({ 'background-color': panelModelColor(index) })}></span>${modelDisplayName(modelPath)}</th>
    <td class="numeric">${maxBoxAcc ? formatPercent(maxBoxAcc.maxAccuracy) : 'n/a'}</td>
    <td class="numeric road-combined">${f.roadCombined.toFixed(4)}</td>
    <td class="numeric">${mean(f.roadMorf).toFixed(3)}</td>
    <td class="numeric">${mean(f.roadLerf).toFixed(3)}</td>
    <td class="numeric deletion-auc">${f.deletionAuc.toFixed(3)}</td>
    <td class="numeric insertion-auc">${f.insertionAuc.toFixed(3)}</td>
    <td class="numeric">${f.averageDrop.toFixed(1)}%</td>
    <td class="numeric">${f.averageIncrease.toFixed(1)}%</td>
  </tr>`;
}

/** For runs chosen by the WSOL protocol: their faithfulness is the test run's, with the setting chosen on train-fullsup. */
function protocolNote(records: readonly MeasuredRecord[]): TemplateResult | typeof nothing {
  const chosen = records.map((record) => record.results.protocol).filter((p) => p !== undefined);
  if (chosen.length === 0) return nothing;
  return html`<p class="table-note">Measured on test with the setting chosen on train-fullsup: ${chosen.map((p) => p.candidates[p.chosen].label).join('; ')}.</p>`;
}

/** The faithfulness of every shown run that measured it; nothing when none did. */
export function faithfulnessTemplate(records: readonly RunRecord<CamResults>[]): TemplateResult | typeof nothing {
  const measured = records.map((record, index) => ({ record, index })).filter(({ record }) => isMeasured(record)) as { record: MeasuredRecord; index: number }[];
  if (measured.length === 0) return nothing;
  const f = measured[0].record.results.faithfulness;
  return html`
    <h3 class="faithfulness-heading">Faithfulness</h3>
    <div class="table-scroll" tabindex="0" role="region" aria-label="Faithfulness of the maps per model">
      <table class="data-table faithfulness-table">
        <thead><tr>
          <th scope="col">Model</th>
          <th scope="col" class="numeric" title="How well the map localises: largest contour's box, IoU ≥ 0.5, best over τ">MaxBoxAcc</th>
          <th scope="col" class="numeric" title="ROADCombined: (LeRF change − MoRF change) / 2; higher is more faithful">ROAD</th>
          <th scope="col" class="numeric" title="Mean probability after imputing the most relevant pixels, over the percentiles; lower is more faithful">MoRF</th>
          <th scope="col" class="numeric" title="Mean probability after imputing the least relevant pixels, over the percentiles; higher is more faithful">LeRF</th>
          <th scope="col" class="numeric" title="Area under the probability as the most salient pixels are set to 0; lower is more faithful">Deletion AUC</th>
          <th scope="col" class="numeric" title="Area under the probability as the most salient pixels are restored into a blurred image; higher is more faithful">Insertion AUC</th>
          <th scope="col" class="numeric" title="Mean relative drop of the probability on the image multiplied by its map; lower is better">Avg drop</th>
          <th scope="col" class="numeric" title="Share of images whose probability rises on the image multiplied by its map; higher is better">Increase</th>
        </tr></thead>
        <tbody>${measured.map(({ record, index }) => faithfulnessRow(record, index))}</tbody>
      </table>
    </div>
    ${protocolNote(measured.map(({ record }) => record))}
    <p class="table-note muted">Over ${formatCount(f.imageCount)} images, scores being the softmax probability of the explained class. ROAD (Rong et al. 2022) at percentiles ${f.percentiles.join(', ')}, noisy linear imputation (σ ${f.imputationNoise}, seed ${f.seed}); deletion to black and insertion from a blurred copy (Petsiuk et al. 2018) in steps of ${formatCount(f.stepPixels)} pixels; average drop and increase in confidence (Chattopadhay et al. 2018) on the image multiplied by its map.</p>`;
}
