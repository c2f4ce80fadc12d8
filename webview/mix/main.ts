// The mix-preview panel: a grid of mixed images with their sources, the target and each model's prediction as bars, the
// in-between statistics, and the augmentation as training code. Every settings change re-requests the grid; the λ slider is debounced.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { html, nothing, render, type TemplateResult } from 'lit';
import { DEFAULT_MIX_CHOICES, mixPanelStateSchema, type MixChoices, type MixPanelState, type MixWebviewMessage } from '../../src/protocol/messages/mix';
import { modelDisplayName } from '../../src/present/format';
import { panelHeaderTemplate } from '../shared/panelHeader';
import type { PanelStatus } from '../shared/panelStatus';
import { statusBannersTemplate } from '../shared/statusBanners';
import { connectToHost } from '../shared/vscodeApi';
import { controlsTemplate, methodLabels } from './controlsSection';
import { applyHostMessage, emptyView, parseMixHostMessage, panelStateOf, type MixView } from './mixView';
import { pairGridTemplate } from './pairGrid';
import { snippetTemplate, type SnippetFramework } from './snippetSection';
import { statisticsTemplate } from './statisticsSection';
import { schemaParser } from '../shared/schemaParser';

/** Pause after the last slider move before the grid is requested again. */
const SLIDER_DEBOUNCE_MS = 300;

const host = connectToHost<MixWebviewMessage, MixPanelState>(schemaParser(mixPanelStateSchema));
const root = document.getElementById('app') ?? document.body;
const saved = host.savedState();
const initialChoices: MixChoices = saved?.choices ?? DEFAULT_MIX_CHOICES;

let view: MixView = emptyView(initialChoices);
let sliderLambda = initialChoices.lambda.kind === 'fixed' ? initialChoices.lambda.value : 0.5;
let snippetFramework: SnippetFramework = 'pytorch';
let sliderTimer: ReturnType<typeof setTimeout> | undefined;

function saveState(): void {
  const state = panelStateOf(view);
  if (state) host.saveState(state);
}

function choose(change: Partial<MixChoices>): void {
  clearTimeout(sliderTimer);
  view = { ...view, choices: { ...view.choices, ...change } };
  if (view.choices.lambda.kind === 'fixed') sliderLambda = view.choices.lambda.value;
  saveState();
  host.post({ type: 'run', choices: view.choices });
  rerender();
}

function slideLambda(value: number): void {
  sliderLambda = value;
  rerender();
  clearTimeout(sliderTimer);
  sliderTimer = setTimeout(() => choose({ lambda: { kind: 'fixed', value } }), SLIDER_DEBOUNCE_MS);
}

function panelTemplate(): TemplateResult {
  const clearStatus = (change: Partial<PanelStatus>) => { view = { ...view, ...change }; rerender(); };
  if (view.models === null) {
    return html`${statusBannersTemplate(view, clearStatus)}<div class="loading" role="status"><vscode-progress-ring aria-label="Loading"></vscode-progress-ring><span>Loading models…</span></div>`;
  }
  const record = view.record;
  return html`
    ${panelHeaderTemplate({ icon: 'merge', title: `${methodLabels[view.choices.method]} preview: ${view.models.map((m) => modelDisplayName(m.path)).join(' vs ')}`, data: view.data, backend: view.backend })}
    ${statusBannersTemplate(view, clearStatus)}
    ${controlsTemplate({
      choices: view.choices, models: view.models, images: view.images, sliderLambda, busy: view.busy, progress: view.progress, hasResults: record !== null,
      actions: {
        choose, slideLambda,
        resample: () => choose({ seed: (view.choices.seed + 1) % 2 ** 31 }),
        exportPng: () => host.post({ type: 'exportPng' }),
        cancel: () => host.post({ type: 'cancel' }),
      },
    })}
    ${record === null
      ? (view.busy ? nothing : html`<p class="empty-note muted">No preview yet: choose the settings.</p>`)
      : html`
        ${record.results.warnings.map((w) => html`<p class="warning"><span class="codicon codicon-warning" aria-hidden="true"></span>${w}</p>`)}
        ${pairGridTemplate(record.results)}
        ${statisticsTemplate(record.results)}
        ${view.snippets === null ? nothing : snippetTemplate(view.snippets, snippetFramework,
          (framework) => { snippetFramework = framework; rerender(); },
          (framework) => host.post({ type: 'copySnippet', framework }))}`}`;
}

function rerender(): void {
  render(panelTemplate(), root);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseMixHostMessage(event.data);
  if (message === null) return;
  view = applyHostMessage(view, message);
  if (message.type === 'setup' && view.choices.lambda.kind === 'fixed') sliderLambda = view.choices.lambda.value;
  if (message.type === 'setup' || message.type === 'results') saveState();
  rerender();
});

rerender();
host.post({ type: 'ready' });
