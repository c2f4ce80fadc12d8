// The buttons that save the shown runs' report as Markdown or CSV (the CLI's `cam --export` exporters, run by the host).
import { html, type TemplateResult } from 'lit';
import { localisationExportFormats, type LocalisationExportFormat } from '../../src/protocol/messages/localisation';

const exportLabels: Readonly<Record<LocalisationExportFormat, string>> = { md: 'Markdown', csv: 'CSV' };

export function exportButtonsTemplate(busy: boolean, exportAs: (format: LocalisationExportFormat) => void): TemplateResult {
  return html`<div class="button-row export-buttons" role="group" aria-label="Export the report">
    ${localisationExportFormats.map((format) => html`<vscode-button id=${`export-${format}`} secondary icon="save" ?disabled=${busy}
      title=${`Save MaxBoxAcc, PxAP, localisation, faithfulness, the protocol's choices and the settings as ${exportLabels[format]}`}
      @click=${() => exportAs(format)}>Export ${exportLabels[format]}</vscode-button>`)}
  </div>`;
}
