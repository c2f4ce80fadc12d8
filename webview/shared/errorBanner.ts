// The dismissible banner for the last error the host reported.
import { html, nothing, type TemplateResult } from 'lit';

export function errorBannerTemplate(message: string | null, dismiss: () => void): TemplateResult | typeof nothing {
  if (message === null) return nothing;
  return html`
    <div class="error-banner" role="alert">
      <span class="codicon codicon-error" aria-hidden="true"></span>
      <p class="error-message">${message}</p>
      <vscode-toolbar-button icon="close" label="Dismiss error" @click=${dismiss}></vscode-toolbar-button>
    </div>`;
}
