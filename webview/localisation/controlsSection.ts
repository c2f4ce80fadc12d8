// The panel's controls: what the engine computes (method, normalisation, target: a change re-runs), how the maps
// are drawn (colour map, opacity), the threshold τ the boxes are drawn at, and progress with Cancel while it runs.
import { html, nothing, type TemplateResult } from 'lit';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { colorMapNames, type ColorMapName, type LocalisationChoices, type LocalisationDisplay } from '../../src/protocol/panels';
import { camMethods, camNormalisations, camTargets } from '../../src/protocol/rpc';
import { camMethodLabels, camNormalisationLabels, camTargetLabels, formatThreshold } from '../shared/camSettings';
import { colorMapLabels, colorMapStops } from '../shared/colorMaps';
import { cssProperties } from '../shared/cssProperties';
import type { Progress } from '../../src/protocol/progress';
import { runProgressTemplate } from '../shared/runProgress';

export interface ControlActions {
  choose(change: Partial<LocalisationChoices>): void;
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
        ${choiceSelect('method-select', 'Method', camMethods, camMethodLabels, choices.method, busy, (method) => actions.choose({ method }))}
        ${choiceSelect('normalisation-select', 'Normalisation', camNormalisations, camNormalisationLabels, choices.normalisation, busy, (normalisation) => actions.choose({ normalisation }))}
        ${choiceSelect('target-select', 'Map of', camTargets, camTargetLabels, choices.target, busy, (target) => actions.choose({ target }))}
        <vscode-checkbox id="faithfulness-checkbox" label="Measure faithfulness" ?checked=${choices.faithfulness === true} ?disabled=${busy}
          title="ROAD, deletion / insertion AUC and average drop / increase: hundreds of extra forward passes per image"
          @change=${(event: Event) => actions.choose({ faithfulness: (event.target as HTMLInputElement).checked })}></vscode-checkbox>
        ${props.hasResults || busy ? nothing : html`<vscode-button class="run-button" icon="play" @click=${actions.run}>Localise</vscode-button>`}
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
