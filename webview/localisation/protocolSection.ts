// PxAP for runs over mask datasets (OpenImages layout), and for runs chosen by the WSOL protocol which split chose what:
// every candidate's train-fullsup score, the choice, test at the τ chosen on train-fullsup, and test's own best τ
// labelled "chosen on test" (definitions.md §4 "The protocol", "PxAP").
import { html, nothing, type TemplateResult } from 'lit';
import type { RunRecord } from '../../src/protocol/records';
import type { CamResults } from '../../src/protocol/cam';
import type { ProtocolSummary } from '../../src/protocol/wsolProtocol';
import { camSettingsPhrases } from '../../src/present/camSettings';
import { formatCount, formatPercent, modelDisplayName } from '../../src/present/format';

const pxapOf = (record: RunRecord<CamResults>): number | null => record.results.pxap ?? null;

function protocolTable(name: string, p: ProtocolSummary): TemplateResult {
  const boxes = p.metric === 'maxBoxAcc';
  const metric = boxes ? 'MaxBoxAcc' : 'PxAP';
  const chosen = p.candidates[p.chosen];
  const atTau = boxes && chosen.threshold !== null ? ` at τ = ${chosen.threshold.toFixed(2)} (chosen on train-fullsup)` : '';
  return html`
    <h3>${name}: settings chosen on train-fullsup</h3>
    <div class="table-scroll" tabindex="0" role="region" aria-label=${`Protocol candidates of ${name}`}>
      <table class="data-table protocol-table">
        <thead><tr><th scope="col">Setting</th><th scope="col" class="numeric">${metric} on train-fullsup</th>${boxes ? html`<th scope="col" class="numeric">τ (best on train-fullsup)</th>` : nothing}<th scope="col">Chosen</th></tr></thead>
        <tbody>${p.candidates.map((c, i) => html`<tr class=${i === p.chosen ? 'chosen' : ''}>
          <th scope="row">${c.label}</th><td class="numeric">${formatPercent(c.trainFullsup)}</td>${boxes ? html`<td class="numeric">${c.threshold?.toFixed(2) ?? ''}</td>` : nothing}
          <td>${i === p.chosen ? 'chosen on train-fullsup' : ''}</td></tr>`)}</tbody>
      </table>
    </div>
    <p class="protocol-test"><strong>Test ${metric}${atTau}: ${formatPercent(p.test)}</strong></p>
    ${p.chosenOnTest ? html`<p class="table-note muted">Test's own best τ = ${p.chosenOnTest.threshold.toFixed(2)}, chosen on test (not a protocol result): ${formatPercent(p.chosenOnTest.value)}. The table above reads MaxBoxAcc at test's best τ, so it too is chosen on test.</p>` : nothing}`;
}

/** One protocol table per run chosen by the protocol; nothing when none was. */
export function protocolTemplate(records: readonly RunRecord<CamResults>[]): TemplateResult | typeof nothing {
  const chosen = records.filter((record) => record.results.protocol !== undefined);
  if (chosen.length === 0) return nothing;
  return html`<div class="protocol">${chosen.map(({ results: r }) => protocolTable(modelDisplayName(r.modelPath), r.protocol as ProtocolSummary))}</div>`;
}

/** PxAP per model, with the settings and the protocol's choice, for runs over ground-truth masks; null when no run has masks. */
export function pxapSectionTemplate(records: readonly RunRecord<CamResults>[], warnings: TemplateResult | typeof nothing): TemplateResult | null {
  const withMasks = records.filter((record) => pxapOf(record) !== null);
  if (withMasks.length === 0) return null;
  const best = Math.max(...withMasks.map((record) => pxapOf(record) as number));
  return html`
    <section class="panel-section" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Localisation accuracy (masks)</h2>
      <p class="settings-line">${camSettingsPhrases(withMasks[0].results.settings).join(' · ')}</p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="PxAP per model">
        <table class="data-table metrics-table pxap-table">
          <thead><tr><th scope="col">Model</th><th scope="col" class="numeric" title="Area under the pixel precision–recall curve over τ">PxAP</th><th scope="col">Layer</th><th scope="col" class="numeric">Images</th></tr></thead>
          <tbody>${withMasks.map(({ results: r }) => html`<tr>
            <th scope="row">${modelDisplayName(r.modelPath)}</th>
            <td class="numeric pxap ${withMasks.length > 1 && r.pxap === best ? 'best' : ''}">${formatPercent(r.pxap as number)}</td>
            <td class="mono">${r.settings.layer}</td><td class="numeric">${formatCount(r.imageCount)}</td></tr>`)}</tbody>
        </table>
      </div>
      <p class="table-note muted">PxAP: area under the pixel precision–recall curve over τ, ignore regions excluded from object and background (Choe et al., CVPR 2020; OpenImages30k layout).</p>
      ${protocolTemplate(records)}
      ${warnings}
    </section>`;
}
