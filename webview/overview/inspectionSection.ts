// What the engine found in the checkpoint: shapes, sizes, output head, CAM applicability, warnings, layers.
import { html, nothing, type TemplateResult } from 'lit';
import type { ModelInspection } from '../../src/protocol/model';
import { describeOutput, formatCount, formatShape } from '../../src/present/format';

export function warningsTemplate(warnings: readonly string[]): TemplateResult | typeof nothing {
  if (warnings.length === 0) return nothing;
  return html`<ul class="warning-list">
    ${warnings.map((warning) => html`<li><span class="codicon codicon-warning" aria-hidden="true"></span>${warning}</li>`)}
  </ul>`;
}

function layerTableTemplate(inspection: ModelInspection): TemplateResult {
  return html`
    <vscode-collapsible heading="Layers" description=${`${inspection.layers.length} layers`}>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Layer table">
        <table class="data-table">
          <thead><tr><th scope="col">Name</th><th scope="col">Class</th><th scope="col">Output shape</th><th scope="col" class="numeric">Parameters</th></tr></thead>
          <tbody>
            ${inspection.layers.map((layer) => html`<tr>
              <td class="mono">${layer.name}</td>
              <td>${layer.className}</td>
              <td class="mono">${formatShape(layer.outputShape)}</td>
              <td class="numeric">${formatCount(layer.parameterCount)}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>
    </vscode-collapsible>`;
}

export function inspectionTemplate(inspection: ModelInspection): TemplateResult {
  const { camHead, lastConvLayer } = inspection;
  return html`
    <section class="panel-section" aria-labelledby="inspection-heading">
      <h2 id="inspection-heading">Inspection</h2>
      <dl class="facts">
        <dt>Input shape</dt><dd class="mono">${formatShape(inspection.inputShape)}</dd>
        <dt>Parameters</dt><dd>${formatCount(inspection.parameterCount)}</dd>
        <dt>Classes</dt><dd>${formatCount(inspection.numClasses)}</dd>
        <dt>Output</dt><dd>${describeOutput(inspection)}</dd>
        ${inspection.predictionRuntime ? html`<dt>Predictions on</dt><dd>${inspection.predictionRuntime} <span class="muted">(gradients and feature maps: the graph interpreted on the engine's backend)</span></dd>` : nothing}
        <dt>Last conv feature map</dt>
        <dd>${lastConvLayer === null
          ? html`<span class="muted">None found</span>`
          : html`<span class="mono">${lastConvLayer.name}</span> <span class="muted">(${formatShape(lastConvLayer.shape)})</span>`}</dd>
        <dt>Classic CAM</dt>
        <dd>
          <span class=${camHead.applicable ? 'status-ok' : 'status-no'}>
            <span class=${`codicon ${camHead.applicable ? 'codicon-pass' : 'codicon-circle-slash'}`} aria-hidden="true"></span>
            ${camHead.applicable ? 'Applies' : 'Does not apply'}
          </span>
          <span class="muted">— ${camHead.reason}</span>
        </dd>
      </dl>
      ${warningsTemplate(inspection.warnings)}
      ${layerTableTemplate(inspection)}
    </section>`;
}
