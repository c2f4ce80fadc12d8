// The dismissible banners for the last error and the last notice the host reported.
import { html, nothing, type TemplateResult } from 'lit';
import type { PanelStatus } from './panelStatus';

function bannerTemplate(kind: 'error' | 'notice', message: string | null, dismiss: () => void): TemplateResult | typeof nothing {
  if (message === null) return nothing;
  return html`
    <div class="${kind}-banner" role=${kind === 'error' ? 'alert' : 'status'}>
      <span class="codicon codicon-${kind === 'error' ? 'error' : 'info'}" aria-hidden="true"></span>
      <p class="banner-message">${message}</p>
      <vscode-toolbar-button icon="close" label=${`Dismiss ${kind}`} @click=${dismiss}></vscode-toolbar-button>
    </div>`;
}

/** The error and notice banners; `clear` empties the one dismissed. */
export function statusBannersTemplate(status: PanelStatus, clear: (change: Partial<PanelStatus>) => void): TemplateResult {
  return html`${bannerTemplate('error', status.error, () => clear({ error: null }))}${bannerTemplate('notice', status.notice, () => clear({ notice: null }))}`;
}
