// The static facts about one model in the report: inspection, layers, preprocessing profile and labels.
import type { LabelSet, ModelInspection, PreprocessingProfile } from '../../protocol/model';
import { describeOutput, describeResize, describeScaling, formatCount, formatShape } from '../format';
import { html, type Markup } from './html';

export function warnings(list: readonly string[]): Markup {
  if (list.length === 0) return html``;
  return html`<ul class="warnings">${list.map((warning) => html`<li>${warning}</li>`)}</ul>`;
}

/** The layers, folded by default; wide, so it goes below the cards rather than inside one. */
export function layerTable(inspection: ModelInspection): Markup {
  return html`<details class="layers">
    <summary>Layers (${inspection.layers.length})</summary>
    <table class="data-table">
      <thead><tr><th>Name</th><th>Class</th><th>Output shape</th><th class="numeric">Parameters</th></tr></thead>
      <tbody>${inspection.layers.map((layer) => html`<tr>
        <td class="mono">${layer.name}</td><td>${layer.className}</td>
        <td class="mono nowrap">${formatShape(layer.outputShape)}</td><td class="numeric">${formatCount(layer.parameterCount)}</td>
      </tr>`)}</tbody>
    </table>
  </details>`;
}

export function inspectionCard(inspection: ModelInspection): Markup {
  const { camHead, lastConvLayer } = inspection;
  return html`<div class="card">
    <h3>Inspection</h3>
    <dl class="facts">
      <dt>Format</dt><dd>${inspection.format}</dd>
      <dt>Input shape</dt><dd class="mono">${formatShape(inspection.inputShape)}</dd>
      <dt>Parameters</dt><dd>${formatCount(inspection.parameterCount)}</dd>
      <dt>Classes</dt><dd>${formatCount(inspection.numClasses)}</dd>
      <dt>Output</dt><dd>${describeOutput(inspection)}</dd>
      <dt>Last conv map</dt><dd>${lastConvLayer === null
        ? html`<span class="muted">none found</span>`
        : html`<span class="mono">${lastConvLayer.name}</span> <span class="muted">(${formatShape(lastConvLayer.shape)})</span>`}</dd>
      <dt>Classic CAM</dt><dd><span class="${camHead.applicable ? 'pill pill-ok' : 'pill pill-no'}">${camHead.applicable ? 'applies' : 'does not apply'}</span>
        <span class="muted">${camHead.reason}</span></dd>
    </dl>
    ${warnings(inspection.warnings)}
  </div>`;
}

export function profileCard(profile: PreprocessingProfile): Markup {
  return html`<div class="card">
    <h3>Preprocessing ${profile.guessed ? html`<span class="pill pill-warn" title="No sidecar file: the engine guessed this profile">guessed</span>` : ''}</h3>
    <dl class="facts">
      <dt>Input size</dt><dd class="mono">${profile.inputSize[0]} × ${profile.inputSize[1]}</dd>
      <dt>Resize</dt><dd>${describeResize(profile)}</dd>
      <dt>Scaling</dt><dd>${describeScaling(profile.scaling)}</dd>
      <dt>Channel order</dt><dd>${profile.channelOrder}</dd>
    </dl>
    ${profile.guessed ? html`<p class="note">The engine guessed this profile because no preprocessing sidecar was found; check it against the training code.</p>` : ''}
  </div>`;
}

export function labelsCard(labels: LabelSet): Markup {
  return html`<div class="card">
    <h3>Labels</h3>
    <dl class="facts">
      <dt>Classes</dt><dd>${formatCount(labels.names.length)}</dd>
      <dt>Source</dt><dd class="mono">${labels.source}</dd>
    </dl>
    ${warnings(labels.warnings)}
    <ol class="class-names" start="0">${labels.names.map((name) => html`<li>${name}</li>`)}</ol>
  </div>`;
}
