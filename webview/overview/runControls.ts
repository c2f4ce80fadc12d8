// The prediction buttons, and the progress bar with a cancel button while the engine works.
import { html, nothing, type TemplateResult } from 'lit';
import type { Progress } from '../../src/protocol/progress';
import { runProgressTemplate } from '../shared/runProgress';

export interface RunActions {
  predictSample(): void;
  pickImages(): void;
  cancel(): void;
}

export function runControlsTemplate(busy: boolean, progress: Progress | null, actions: RunActions): TemplateResult {
  return html`
    <section class="panel-section" aria-labelledby="predict-heading">
      <h2 id="predict-heading">Predict</h2>
      <div class="button-row">
        <vscode-button icon="play" ?disabled=${busy} @click=${actions.predictSample}>Predict on sample set</vscode-button>
        <vscode-button secondary icon="folder-opened" ?disabled=${busy} @click=${actions.pickImages}>Pick images…</vscode-button>
      </div>
      ${busy ? runProgressTemplate(progress, actions.cancel, { label: 'Prediction progress' }) : nothing}
    </section>`;
}
