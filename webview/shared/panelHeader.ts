// The header of the panels that compare checkpoints on a dataset: what they show, on which data, on which backend.
import { html, nothing, type TemplateResult } from 'lit';
import type { BackendInfo } from '../../src/protocol/backend';
import { fileName } from '../../src/present/format';

export interface PanelHeader {
  /** A codicon name. */
  icon: string;
  title: string;
  data: string | null;
  backend: BackendInfo | null;
}

/** The tag naming the backend the engine computes on, with how it was chosen in its tooltip; nothing before it is known. */
export function backendTagTemplate(backend: BackendInfo | null): TemplateResult | typeof nothing {
  return backend === null
    ? nothing
    : html`<span class="tag" title=${backend.log.join('\n')}><span class="codicon codicon-server-process" aria-hidden="true"></span>${backend.label}</span>`;
}

export function panelHeaderTemplate({ icon, title, data, backend }: PanelHeader): TemplateResult {
  return html`
    <header class="panel-header">
      <span class="codicon codicon-${icon} header-icon" aria-hidden="true"></span>
      <div class="header-text">
        <h1>${title}</h1>
        <p class="model-path" title=${data ?? ''}>on ${data === null ? '…' : fileName(data)} <span class="muted">(${data})</span></p>
      </div>
      <div class="header-tags">
        ${backendTagTemplate(backend)}
      </div>
    </header>`;
}
