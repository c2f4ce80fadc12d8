// Where the class names came from, and the names themselves.
import { html, nothing, type TemplateResult } from 'lit';
import type { LabelSet } from '../../src/protocol/model';
import { formatCount } from '../../src/present/format';

export function labelsTemplate(labels: LabelSet): TemplateResult {
  return html`
    <section class="panel-section" aria-labelledby="labels-heading">
      <h2 id="labels-heading">Labels</h2>
      <dl class="facts">
        <dt>Classes</dt><dd>${formatCount(labels.names.length)}</dd>
        <dt>Source</dt><dd class="mono">${labels.source}</dd>
      </dl>
      ${labels.warnings.length === 0
        ? nothing
        : html`<ul class="warning-list">${labels.warnings.map((warning) =>
            html`<li><span class="codicon codicon-warning" aria-hidden="true"></span>${warning}</li>`)}</ul>`}
      <vscode-collapsible heading="Class names" description=${`${labels.names.length}`}>
        <ol class="class-names" start="0">${labels.names.map((name) => html`<li>${name}</li>`)}</ol>
      </vscode-collapsible>
    </section>`;
}
