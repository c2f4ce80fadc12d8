// The localisation panel: CAM heatmaps with predicted and ground-truth boxes, MaxBoxAcc / MaxBoxAccV2 and the
// accuracy-versus-threshold curves of one or more models; the threshold, colour map and opacity change locally.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { html, nothing, render, type TemplateResult } from 'lit';
import { localisationPanelStateSchema, type LocalisationCandidates, type LocalisationChoices, type LocalisationDisplay, type LocalisationPanelState, type LocalisationWebviewMessage } from '../../src/protocol/messages/localisation';
import { modelDisplayName } from '../../src/present/format';
import { panelHeaderTemplate } from '../shared/panelHeader';
import type { PanelStatus } from '../shared/panelStatus';
import { statusBannersTemplate } from '../shared/statusBanners';
import { connectToHost } from '../shared/vscodeApi';
import { controlsTemplate } from './controlsSection';
import { cellAt, imageGridTemplate } from './imageGrid';
import {
  IMAGES_PER_PAGE, applyHostMessage, defaultDisplay, emptyView, parseLocalisationHostMessage, panelStateOf, shownThresholdIndex,
  type LocalisationView,
} from './localisationView';
import { exportButtonsTemplate } from './exportButtons';
import { metricsTemplate } from './metricsSection';
import { GROUND_TRUTH_BOX_COLOR, PREDICTED_BOX_COLOR } from './modelColors';
import { OverlayPainter } from './overlayPainter';
import { schemaParser } from '../shared/schemaParser';

const host = connectToHost<LocalisationWebviewMessage, LocalisationPanelState>(schemaParser(localisationPanelStateSchema));
const root = document.getElementById('app') ?? document.body;
const painter = new OverlayPainter();
const saved = host.savedState();

let view: LocalisationView = emptyView(saved?.display ?? defaultDisplay, saved?.choices ?? { method: 'cam', normalisation: 'minmax', target: 'top1' });

function saveState(): void {
  const state = panelStateOf(view);
  if (state) host.saveState(state);
}

function choose(change: Partial<LocalisationChoices>): void {
  view = { ...view, choices: { ...view.choices, ...change } };
  saveState();
  host.post({ type: 'run', choices: view.choices });
  rerender();
}

function chooseCandidates(candidates: LocalisationCandidates): void {
  view = { ...view, choices: { ...view.choices, candidates } };
  saveState();
  rerender();
}

function changeDisplay(change: Partial<LocalisationDisplay>): void {
  view = { ...view, display: { ...view.display, ...change } };
  saveState();
  rerender();
}

function loadingTemplate(): TemplateResult {
  return html`<div class="loading" role="status">
    <vscode-progress-ring aria-label="Loading"></vscode-progress-ring>
    <span>${saved === undefined ? 'Loading models…' : `Loading ${saved.modelPaths.map(modelDisplayName).join(', ')}…`}</span>
  </div>`;
}

function panelTemplate(): TemplateResult {
  const clearStatus = (change: Partial<PanelStatus>) => { view = { ...view, ...change }; rerender(); };
  if (view.models === null) return html`${statusBannersTemplate(view, clearStatus)}${loadingTemplate()}`;
  const records = view.records;
  const index = shownThresholdIndex(view);
  const first = records?.[0]?.results ?? null;
  const threshold = first !== null && index !== null ? first.thresholds[index] : null;
  return html`
    ${panelHeaderTemplate({ icon: 'target', title: `Localisation: ${view.models.map((m) => modelDisplayName(m.path)).join(' vs ')}`, data: view.data, backend: view.backend })}
    ${statusBannersTemplate(view, clearStatus)}
    ${controlsTemplate({
      choices: view.choices, display: view.display, busy: view.busy, progress: view.progress,
      thresholds: first?.thresholds ?? null, thresholdIndex: index, thresholdStep: first?.settings.thresholdStep ?? 0.01, hasResults: records !== null,
      splits: view.splits, modelCount: view.models.length,
      actions: { choose, chooseCandidates, display: changeDisplay, run: () => host.post({ type: 'run', choices: view.choices }), cancel: () => host.post({ type: 'cancel' }) },
    })}
    ${records === null || threshold === null
      ? (view.busy ? nothing : html`<p class="empty-note muted">No results yet: choose the settings and press Localise.</p>`)
      : html`
        ${metricsTemplate(records, threshold)}
        ${exportButtonsTemplate(view.busy, (format) => host.post({ type: 'export', format }))}
        ${imageGridTemplate({
          records, classNames: records.map((r) => view.models?.find((m) => m.path === r.results.modelPath)?.classNames ?? []),
          threshold, filter: view.filter, shownImages: view.shownImages,
          setFilter: (filter) => { view = { ...view, filter, shownImages: IMAGES_PER_PAGE }; rerender(); },
          showMore: () => { view = { ...view, shownImages: view.shownImages + IMAGES_PER_PAGE }; rerender(); },
        })}`}`;
}

/** Paints every canvas of the grid at the shown τ and with the chosen colour map and opacity (the host sent each image's map and picture as URIs). */
function paintCanvases(threshold: number): void {
  const records = view.records;
  if (records === null) return;
  for (const canvas of root.querySelectorAll<HTMLCanvasElement>('canvas.cam-canvas')) {
    const record = records[Number(canvas.dataset.record)];
    const image = record?.results.images[Number(canvas.dataset.image)];
    if (!image?.overlay) continue;
    const cell = cellAt(record.results, image, threshold);
    void painter.paint(canvas, {
      pixels: { image: image.overlay.image, map: image.overlay.map }, groundTruth: image.groundTruth, predicted: cell.box,
      colorMap: view.display.colorMap, opacity: view.display.opacity,
      groundTruthColor: GROUND_TRUTH_BOX_COLOR, predictedColor: PREDICTED_BOX_COLOR,
    }).catch((err: unknown) => { view = { ...view, error: `An image could not be drawn: ${err instanceof Error ? err.message : String(err)}` }; rerender(); });
  }
}

function rerender(): void {
  render(panelTemplate(), root);
  const index = shownThresholdIndex(view);
  const first = view.records?.[0]?.results;
  if (first && index !== null) paintCanvases(first.thresholds[index]);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseLocalisationHostMessage(event.data);
  if (message === null) return;
  if (message.type === 'results') painter.clear();
  view = applyHostMessage(view, message);
  if (message.type === 'setup' || message.type === 'results') saveState();
  rerender();
});

rerender();
host.post({ type: 'ready' });
