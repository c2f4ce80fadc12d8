// The panel header: which model, in which format, on which backend.
import { html, type TemplateResult } from 'lit';
import type { BackendInfo } from '../../src/protocol/backend';
import type { ModelInspection } from '../../src/protocol/model';
import { modelDisplayName } from '../../src/present/format';
import { backendTagTemplate } from '../shared/panelHeader';

export function headerTemplate(inspection: ModelInspection, backend: BackendInfo | null): TemplateResult {
  return html`
    <header class="panel-header">
      <span class="codicon codicon-symbol-class header-icon" aria-hidden="true"></span>
      <div class="header-text">
        <h1>${modelDisplayName(inspection.path)}</h1>
        <p class="model-path" title=${inspection.path}>${inspection.path}</p>
      </div>
      <div class="header-tags">
        <span class="tag" title="Model format"><span class="codicon codicon-file-binary" aria-hidden="true"></span>${inspection.format}</span>
        ${backendTagTemplate(backend)}
      </div>
    </header>`;
}
