// The report's PxAP table (runs over mask datasets) and, for runs chosen by the WSOL protocol, which split chose what
// (definitions.md §4 "The protocol", "PxAP").
import type { RunRecord } from '../../protocol/records';
import type { CamResults } from '../../protocol/cam';
import type { ProtocolSummary } from '../../protocol/wsolProtocol';
import { formatCount, formatPercent, modelDisplayName } from '../format';
import { html, type Markup } from './html';

const hasPxap = (record: RunRecord<CamResults>): boolean => record.results.pxap !== undefined && record.results.pxap !== null;

/** PxAP per model over the images with ground-truth masks; empty when no run has masks. */
export function pxapTable(records: readonly RunRecord<CamResults>[]): Markup {
  const withMasks = records.filter(hasPxap);
  if (withMasks.length === 0) return html``;
  return html`<table class="data-table compare-table">
    <thead><tr><th>Model</th><th class="numeric">PxAP</th><th>Layer</th><th class="numeric">Images</th></tr></thead>
    <tbody>${withMasks.map(({ results: r }) => html`<tr><td>${modelDisplayName(r.modelPath)}</td><td class="numeric">${formatPercent(r.pxap as number)}</td><td class="mono">${r.settings.layer}</td><td class="numeric">${formatCount(r.imageCount)}</td></tr>`)}</tbody>
  </table>
  <p class="muted small">PxAP: area under the pixel precision–recall curve over τ, ignore regions excluded from object and background (Choe et al., CVPR 2020; OpenImages30k layout).</p>`;
}

function protocolTable(name: string, p: ProtocolSummary): Markup {
  const boxes = p.metric === 'maxBoxAcc';
  const metric = boxes ? 'MaxBoxAcc' : 'PxAP';
  const chosen = p.candidates[p.chosen];
  return html`<h4>${name}: settings chosen on train-fullsup</h4>
  <table class="data-table protocol-table">
    <thead><tr><th>Setting</th><th class="numeric">${metric} on train-fullsup</th>${boxes ? html`<th class="numeric">τ (best on train-fullsup)</th>` : ''}<th>Chosen</th></tr></thead>
    <tbody>${p.candidates.map((c, i) => html`<tr><td>${c.label}</td><td class="numeric">${formatPercent(c.trainFullsup)}</td>${boxes ? html`<td class="numeric">${c.threshold?.toFixed(2) ?? ''}</td>` : ''}<td>${i === p.chosen ? 'chosen on train-fullsup' : ''}</td></tr>`)}</tbody>
  </table>
  <p><strong>Test ${metric}${boxes && chosen.threshold !== null ? ` at τ ${chosen.threshold.toFixed(2)} (chosen on train-fullsup)` : ''}: ${formatPercent(p.test)}</strong>${p.chosenOnTest ? html` · <span class="muted">test's own best τ ${p.chosenOnTest.threshold.toFixed(2)}, chosen on test (not a protocol result): ${formatPercent(p.chosenOnTest.value)}</span>` : ''}</p>`;
}

/** One protocol table per run that was chosen by the protocol; empty when none was. */
export function protocolBlocks(records: readonly RunRecord<CamResults>[]): Markup {
  const chosen = records.filter((record) => record.results.protocol !== undefined);
  if (chosen.length === 0) return html``;
  return html`<div class="protocol">${chosen.map(({ results: r }) => protocolTable(modelDisplayName(r.modelPath), r.protocol as ProtocolSummary))}
    <p class="muted small">The WSOL protocol (Choe et al., CVPR 2020): method, normalisation, layer and τ are chosen on the train-fullsup split; test is evaluated once with them. In the tables above, the best τ of a protocol run is chosen on test.</p></div>`;
}
