// The model overview panel: renders what the host sends about one model and asks the host to act.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { html, nothing, render, type TemplateResult } from 'lit';
import { overviewPanelStateSchema, type OverviewPanelState, type OverviewWebviewMessage } from '../../src/protocol/messages/overview';
import { fileName } from '../../src/present/format';
import { connectToHost } from '../shared/vscodeApi';
import type { PanelStatus } from '../shared/panelStatus';
import { statusBannersTemplate } from '../shared/statusBanners';
import { headerTemplate } from './headerSection';
import { inspectionTemplate } from './inspectionSection';
import { labelsTemplate } from './labelsSection';
import { applyHostMessage, emptyView, parseOverviewHostMessage, panelStateOf, type OverviewView } from './overviewView';
import { predictionsTemplate, type GridFilter } from './predictionsSection';
import { ProfileForm } from './profileForm';
import { runControlsTemplate } from './runControls';
import { schemaParser } from '../shared/schemaParser';

const host = connectToHost<OverviewWebviewMessage, OverviewPanelState>(schemaParser(overviewPanelStateSchema));
const root = document.getElementById('app') ?? document.body;
const profileForm = new ProfileForm(rerender, (profile) => host.post({ type: 'saveProfile', profile }));

let view: OverviewView = emptyView;
let gridFilter: GridFilter = 'all';

function loadingTemplate(): TemplateResult {
  const saved = host.savedState();
  return html`<div class="loading" role="status">
    <vscode-progress-ring aria-label="Loading"></vscode-progress-ring>
    <span>${saved === undefined ? 'Loading model…' : `Loading ${fileName(saved.modelPath)}…`}</span>
  </div>`;
}

function panelTemplate(): TemplateResult {
  const clearStatus = (change: Partial<PanelStatus>) => { view = { ...view, ...change }; rerender(); };
  const { model } = view;
  if (model === null) return html`${statusBannersTemplate(view, clearStatus)}${loadingTemplate()}`;
  return html`
    ${headerTemplate(model.inspection, view.backend)}
    ${statusBannersTemplate(view, clearStatus)}
    <main class="panel-columns">
      <div class="panel-column">
        ${inspectionTemplate(model.inspection)}
        ${runControlsTemplate(view.busy, view.progress, {
          predictSample: () => host.post({ type: 'predictSample' }),
          pickImages: () => host.post({ type: 'pickImages' }),
          cancel: () => host.post({ type: 'cancel' }),
        })}
      </div>
      <div class="panel-column">
        ${profileForm.template(view.busy)}
        ${labelsTemplate(model.labels)}
      </div>
    </main>
    ${view.record === null
      ? nothing
      : predictionsTemplate({
          record: view.record, classNames: model.labels.names, filter: gridFilter,
          setFilter: (filter) => { gridFilter = filter; rerender(); },
        })}`;
}

function rerender(): void {
  render(panelTemplate(), root);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseOverviewHostMessage(event.data);
  if (message === null) return;
  view = applyHostMessage(view, message);
  if (message.type === 'model') profileForm.load(message.model.profile);
  const state = panelStateOf(view);
  if (state && (message.type === 'model' || message.type === 'predictions')) host.saveState(state);
  rerender();
});

rerender();
host.post({ type: 'ready' });
