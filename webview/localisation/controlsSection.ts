// The panel's controls: what the engine computes (method, normalisation, target: a change re-runs; on a dataset with
// train-fullsup and test splits, the methods and normalisations the WSOL protocol chooses among, run on request), how
// the maps are drawn (colour map, opacity), the threshold τ the boxes are drawn at, and progress with Cancel while it runs.
import { html, nothing, type TemplateResult } from 'lit';
import type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { colorMapNames, type ColorMapName, type LocalisationCandidates, type LocalisationChoices, type LocalisationDisplay } from '../../src/protocol/messages/localisation';
import { camMethods, camNormalisations, camTargets } from '../../src/protocol/cam';
import { camMethodLabels, camNormalisationLabels, camTargetLabels, formatThreshold } from '../../src/present/camSettings';
import { colorMapLabels, colorMapStops } from '../../src/present/colorMaps';
import { cssProperties } from '../shared/cssProperties';
import type { Progress } from '../../src/protocol/progress';
import { runProgressTemplate } from '../shared/runProgress';

export interface ControlActions {
  choose(change: Partial<LocalisationChoices>): void;
  /** Changes the protocol's candidates without running: the user runs the protocol when the list is complete. */
  chooseCandidates(candidates: LocalisationCandidates): void;
  display(change: Partial<LocalisationDisplay>): void;
  run(): void;
  cancel(): void;
}

export interface ControlsProps {
  choices: LocalisationChoices;
  display: LocalisationDisplay;
  busy: boolean;
  progress: Progress | null;
  /** The thresholds of the shown runs and the index drawn, null before any run. */
  thresholds: readonly number[] | null;
  thresholdIndex: number | null;
  thresholdStep: number;
  hasResults: boolean;
  /** The data has train-fullsup and test splits, so the protocol chooses among candidates. */
  splits: boolean;
  /** How many checkpoints are open: each is a candidate of the protocol too. */
  modelCount: number;
  actions: ControlActions;
}

const selectValue = (event: Event): string => (event.target as VscodeSingleSelect).value;
const rangeValue = (event: Event): number => Number((event.target as HTMLInputElement).value);

function choiceSelect<T extends string>(id: string, label: string, values: readonly T[], labels: Record<T, string>, current: T, disabled: boolean, pick: (value: T) => void): TemplateResult {
  return html`
    <div class="control">
      <vscode-label for=${id}>${label}</vscode-label>
      <vscode-single-select id=${id} .value=${current} ?disabled=${disabled}
        @change=${(event: Event) => { const value = selectValue(event) as T; if (value !== current && values.includes(value)) pick(value); }}>
        ${values.map((value) => html`<vscode-option value=${value} ?selected=${value === current}>${labels[value]}</vscode-option>`)}
      </vscode-single-select>
    </div>`;
}

/** A multi-select of the protocol's candidates; at least one stays picked (the last one cannot be unpicked). */
function candidateSelect<T extends string>(id: string, label: string, values: readonly T[], labels: Record<T, string>, current: readonly T[], disabled: boolean, pick: (values: T[]) => void): TemplateResult {
  return html`
    <div class="control candidate-control">
      <vscode-label for=${id}>${label}</vscode-label>
      <vscode-multi-select id=${id} .value=${[...current]} ?disabled=${disabled} aria-describedby="protocol-note"
        @change=${(event: Event) => {
          const picked = values.filter((value) => ((event.target as VscodeMultiSelect).value as string[]).includes(value));
          if (picked.length > 0) pick(picked);
          else (event.target as VscodeMultiSelect).value = [...current];
        }}>
        ${values.map((value) => html`<vscode-option value=${value} ?selected=${current.includes(value)}>${labels[value]}</vscode-option>`)}
      </vscode-multi-select>
    </div>`;
}

/** The protocol's candidates and the button that runs it, with what each split chooses in words. */
function protocolControls(props: ControlsProps): TemplateResult {
  const { choices, busy, actions } = props;
  const candidates: LocalisationCandidates = choices.candidates ?? { methods: [choices.method], normalisations: [choices.normalisation] };
  const count = props.modelCount * candidates.methods.length * candidates.normalisations.length;
  return html`
    ${candidateSelect('method-candidates', 'Methods (chosen on train-fullsup)', camMethods, camMethodLabels, candidates.methods, busy, (methods) => actions.chooseCandidates({ ...candidates, methods }))}
    ${candidateSelect('normalisation-candidates', 'Normalisations (chosen on train-fullsup)', camNormalisations, camNormalisationLabels, candidates.normalisations, busy, (normalisations) => actions.chooseCandidates({ ...candidates, normalisations }))}
    ${choiceSelect('target-select', 'Map of', camTargets, camTargetLabels, choices.target, busy, (target) => actions.choose({ target }))}
    ${faithfulnessCheckbox(choices, busy, actions)}
    ${busy ? nothing : html`<vscode-button class="run-button" icon="play" @click=${actions.run}>Run the protocol</vscode-button>`}
    <p id="protocol-note" class="table-note muted control-wide">
      WSOL protocol: ${count} candidate${count === 1 ? '' : 's'} (${props.modelCount > 1 ? `${props.modelCount} checkpoints × ` : ''}${candidates.methods.length} method${candidates.methods.length === 1 ? '' : 's'} × ${candidates.normalisations.length} normalisation${candidates.normalisations.length === 1 ? '' : 's'}) scored on train-fullsup; the best one and τ are chosen there, then test is evaluated once with them${choices.faithfulness ? ', and its maps\' faithfulness measured' : ''}.
    </p>`;
}

function faithfulnessCheckbox(choices: LocalisationChoices, busy: boolean, actions: ControlActions): TemplateResult {
  return html`<vscode-checkbox id="faithfulness-checkbox" label="Measure faithfulness" ?checked=${choices.faithfulness === true} ?disabled=${busy}
    title="ROAD, deletion / insertion AUC and average drop / increase: hundreds of extra forward passes per image"
    @change=${(event: Event) => actions.choose({ faithfulness: (event.target as HTMLInputElement).checked })}></vscode-checkbox>`;
}

function colorLegend(colorMap: ColorMapName): TemplateResult {
  return html`<span class="color-legend" role="img" aria-label=${`${colorMapLabels[colorMap]}: low to high`}>
    <span class="color-legend-end">0</span>
    <span class="color-legend-bar" ${cssProperties({ background: `linear-gradient(to right, ${colorMapStops(colorMap).join(', ')})` })}></span>
    <span class="color-legend-end">1</span>
  </span>`;
}

function thresholdControl(props: ControlsProps): TemplateResult | typeof nothing {
  const { thresholds, thresholdIndex, actions } = props;
  if (thresholds === null || thresholdIndex === null) return nothing;
  const tau = thresholds[thresholdIndex];
  return html`
    <div class="control control-wide">
      <label class="range-label" for="threshold-slider">Box threshold τ <span class="range-value mono">${formatThreshold(tau, props.thresholdStep)}</span></label>
      <div class="range-row">
        <input id="threshold-slider" type="range" min="0" max=${thresholds.length - 1} step="1" .value=${String(thresholdIndex)}
          aria-valuetext=${`τ = ${formatThreshold(tau, props.thresholdStep)}`}
          @input=${(event: Event) => actions.display({ thresholdIndex: rangeValue(event) })}>
        <vscode-toolbar-button icon="target" label="Back to the first model's best τ" title="Back to the first model's best τ"
          ?disabled=${props.display.thresholdIndex === null} @click=${() => actions.display({ thresholdIndex: null })}></vscode-toolbar-button>
      </div>
    </div>`;
}

export function controlsTemplate(props: ControlsProps): TemplateResult {
  const { choices, display, busy, actions } = props;
  return html`
    <section class="panel-section controls" aria-label="Localisation settings">
      <div class="control-row">
        ${props.splits ? protocolControls(props) : html`
          ${choiceSelect('method-select', 'Method', camMethods, camMethodLabels, choices.method, busy, (method) => actions.choose({ method }))}
          ${choiceSelect('normalisation-select', 'Normalisation', camNormalisations, camNormalisationLabels, choices.normalisation, busy, (normalisation) => actions.choose({ normalisation }))}
          ${choiceSelect('target-select', 'Map of', camTargets, camTargetLabels, choices.target, busy, (target) => actions.choose({ target }))}
          ${faithfulnessCheckbox(choices, busy, actions)}
          ${props.hasResults || busy ? nothing : html`<vscode-button class="run-button" icon="play" @click=${actions.run}>Localise</vscode-button>`}`}
      </div>
      <div class="control-row">
        ${choiceSelect('colormap-select', 'Colour map', colorMapNames, colorMapLabels, display.colorMap, false, (colorMap) => actions.display({ colorMap }))}
        ${colorLegend(display.colorMap)}
        <div class="control">
          <label class="range-label" for="opacity-slider">Map opacity <span class="range-value mono">${Math.round(display.opacity * 100)}%</span></label>
          <input id="opacity-slider" type="range" min="0" max="100" step="5" .value=${String(Math.round(display.opacity * 100))}
            @input=${(event: Event) => actions.display({ opacity: rangeValue(event) / 100 })}>
        </div>
        ${thresholdControl(props)}
      </div>
      ${busy ? runProgressTemplate(props.progress, actions.cancel, { label: 'Localisation progress' }) : nothing}
    </section>`;
}
