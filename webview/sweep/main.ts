// The robustness sweep panel: the plan and a Start button, progress with Cancel, then the CutMix paper's table with the
// facts, error against severity, occlusion curves, reliability diagram, OOD histograms and the gallery of corrupted examples.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { html, render, type TemplateResult } from 'lit';
import { sweepPanelStateSchema, type SweepPanelState, type SweepWebviewMessage } from '../../src/protocol/messages/sweep';
import type { SweepResults } from '../../src/protocol/sweep';
import { panelHeaderTemplate } from '../shared/panelHeader';
import type { PanelStatus } from '../shared/panelStatus';
import { statusBannersTemplate } from '../shared/statusBanners';
import { connectToHost } from '../shared/vscodeApi';
import { calibrationTemplate } from './calibrationSection';
import { occlusionTemplate, severityTemplate, shownCorruption } from './curveSections';
import { galleryTemplate } from './gallerySection';
import { planTemplate, runningTemplate } from './planSection';
import { summaryTemplate } from './summarySection';
import { applyHostMessage, emptyView, parseSweepHostMessage, type SweepView } from './sweepView';
import { schemaParser } from '../shared/schemaParser';

const host = connectToHost<SweepWebviewMessage, SweepPanelState>(schemaParser(sweepPanelStateSchema));
const root = document.getElementById('app') ?? document.body;
let view: SweepView = emptyView(host.savedState());

function saveState(): void {
  if (view.recordFile === null) return;
  host.saveState({ recordFile: view.recordFile, corruption: view.corruption, galleryFilter: view.galleryFilter });
}

function change(update: Partial<SweepView>): void {
  view = { ...view, ...update };
  saveState();
  rerender();
}

function headerTemplate(): TemplateResult {
  const names = view.record?.results.models.map((m) => m.name) ?? view.models?.map((m) => m.name) ?? [];
  return panelHeaderTemplate({ icon: 'shield', title: `Robustness sweep: ${names.join(' vs ')}`, data: view.data, backend: view.backend });
}

function resultsTemplate(results: SweepResults): TemplateResult {
  const corruption = shownCorruption(results, view.corruption);
  return html`
    ${summaryTemplate(results, (format) => host.post({ type: 'export', format, oodScore: view.oodScore }))}
    ${severityTemplate(results, corruption, (chosen) => change({ corruption: chosen }))}
    ${occlusionTemplate(results)}
    ${calibrationTemplate(results, view.oodScore, (oodScore) => change({ oodScore }))}
    ${galleryTemplate(results, view.galleryFilter, (galleryFilter) => change({ galleryFilter }))}`;
}

function panelTemplate(): TemplateResult {
  const clearStatus = (change: Partial<PanelStatus>) => { view = { ...view, ...change }; rerender(); };
  const cancel = () => host.post({ type: 'cancel' });
  if (view.models === null) {
    return html`${statusBannersTemplate(view, clearStatus)}<div class="loading" role="status"><vscode-progress-ring aria-label="Loading"></vscode-progress-ring><span>Loading the checkpoints…</span></div>`;
  }
  const results = view.record?.results ?? null;
  return html`
    ${headerTemplate()}
    ${statusBannersTemplate(view, clearStatus)}
    ${results !== null ? resultsTemplate(results)
      : view.plan !== null ? planTemplate(view.plan, view.busy, view.progress, {
        start: () => host.post({ type: 'start' }), cancel, calibrationSplit: (action) => host.post({ type: 'calibrationSplit', action }),
      })
      : view.busy ? runningTemplate(view.busy, view.progress, cancel)
      : html`<div class="loading" role="status"><vscode-progress-ring aria-label="Planning"></vscode-progress-ring><span>Planning the sweep…</span></div>`}`;
}

function rerender(): void {
  render(panelTemplate(), root);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseSweepHostMessage(event.data);
  if (message === null) return;
  view = applyHostMessage(view, message);
  if (message.type === 'results') saveState();
  rerender();
});

rerender();
host.post({ type: 'ready' });
