// The progress bar, count and Cancel button every panel shows while the engine works.
import { html, nothing, type TemplateResult } from 'lit';
import type { Progress } from '../../src/protocol/progress';
import { formatCount } from '../../src/present/format';

export interface RunProgressOptions {
  /** The progress bar's accessible name, e.g. "Prediction progress". */
  label: string;
  /** What is being counted, after the numbers (e.g. "forward passes"); nothing when omitted. */
  unit?: string;
  /** A sentence under the bar, e.g. what cancelling keeps. */
  note?: string;
}

export function runProgressTemplate(progress: Progress | null, cancel: () => void, options: RunProgressOptions): TemplateResult {
  const known = progress !== null && progress.total > 0;
  const counts = known ? `${formatCount(progress.done)} / ${formatCount(progress.total)}${options.unit ? ` ${options.unit}` : ''}` : '';
  return html`
    <div class="run-progress">
      <vscode-progress-bar aria-label=${options.label} ?indeterminate=${!known} .value=${known ? progress.done : undefined} .max=${known ? progress.total : 100}></vscode-progress-bar>
      <div class="run-progress-line">
        <span aria-live="polite">${counts}${counts !== '' && progress?.message ? ' · ' : ''}${progress?.message ?? 'Working…'}</span>
        <vscode-button secondary icon="stop-circle" @click=${cancel}>Cancel</vscode-button>
      </div>
      ${options.note ? html`<p class="muted table-note">${options.note}</p>` : nothing}
    </div>`;
}
