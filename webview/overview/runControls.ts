// The prediction buttons, and the progress bar with a cancel button while the engine works.
import { html, nothing, type TemplateResult } from 'lit';
import { formatCount } from '../shared/format';
import type { RunProgress } from './overviewView';

export interface RunActions {
  predictSample(): void;
  pickImages(): void;
  cancel(): void;
}

function progressTemplate(progress: RunProgress | null, cancel: () => void): TemplateResult {
  const known = progress !== null && progress.total > 0;
  const counts = known ? `${formatCount(progress.done)} / ${formatCount(progress.total)}` : '';
  return html`
    <div class="run-progress">
      <vscode-progress-bar aria-label="Prediction progress" ?indeterminate=${!known}
        .value=${known ? progress.done : undefined} .max=${known ? progress.total : 100}></vscode-progress-bar>
      <div class="run-progress-line">
        <span aria-live="polite">${counts}${counts !== '' && progress?.message ? ' · ' : ''}${progress?.message ?? 'Working…'}</span>
        <vscode-button secondary icon="stop-circle" @click=${cancel}>Cancel</vscode-button>
      </div>
    </div>`;
}

export function runControlsTemplate(busy: boolean, progress: RunProgress | null, actions: RunActions): TemplateResult {
  return html`
    <section class="panel-section" aria-labelledby="predict-heading">
      <h2 id="predict-heading">Predict</h2>
      <div class="button-row">
        <vscode-button icon="play" ?disabled=${busy} @click=${actions.predictSample}>Predict on sample set</vscode-button>
        <vscode-button secondary icon="folder-opened" ?disabled=${busy} @click=${actions.pickImages}>Pick images…</vscode-button>
      </div>
      ${busy ? progressTemplate(progress, actions.cancel) : nothing}
    </section>`;
}
