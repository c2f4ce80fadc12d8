// The panel's controls: method, λ (slider for a fixed value, or sampled from Beta(a, a)), the method's own parameters, which
// pairs are mixed (random, across two classes, or two images by id), re-sample, and export; progress with Cancel while it runs.
import { html, nothing, type TemplateResult } from 'lit';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { mixMethods, puzzleGridSizes, type MixMethod, type MixPairing, type PuzzleMixSettings } from '../../src/protocol/mix';
import type { LocalisedModel } from '../../src/protocol/messages/localisation';
import type { MixChoices, MixDatasetImage } from '../../src/protocol/messages/mix';
import type { Progress } from '../../src/protocol/progress';
import { runProgressTemplate } from '../shared/runProgress';

export interface ControlActions {
  /** A change that re-requests the grid now. */
  choose(change: Partial<MixChoices>): void;
  /** The slider: shows λ at once and re-requests after a pause. */
  slideLambda(value: number): void;
  resample(): void;
  exportPng(): void;
  cancel(): void;
}

export interface ControlsProps {
  choices: MixChoices;
  models: readonly LocalisedModel[];
  images: readonly MixDatasetImage[];
  /** λ the slider shows (the fixed λ, or the last one used). */
  sliderLambda: number;
  busy: boolean;
  progress: Progress | null;
  hasResults: boolean;
  actions: ControlActions;
}

export const methodLabels: Record<MixMethod, string> = { mixup: 'Mixup', cutout: 'Cutout', cutmix: 'CutMix', puzzlemix: 'Puzzle Mix' };
const pairingLabels: Record<MixPairing['kind'], string> = { random: 'Random pairs', classes: 'Across two classes', images: 'Two images' };
const PAIR_COUNTS = [2, 4, 6, 8, 12] as const;

const selectValue = (event: Event): string => (event.target as VscodeSingleSelect).value;
const inputValue = (event: Event): string => (event.target as HTMLInputElement).value;

function select(id: string, label: string, options: readonly { value: string; label: string }[], current: string, pick: (value: string) => void, combobox = false): TemplateResult {
  return html`
    <div class="control">
      <vscode-label for=${id}>${label}</vscode-label>
      <vscode-single-select id=${id} .value=${current} ?combobox=${combobox}
        @change=${(event: Event) => { const value = selectValue(event); if (value !== current && options.some((o) => o.value === value)) pick(value); }}>
        ${options.map((o) => html`<vscode-option value=${o.value} ?selected=${o.value === current}>${o.label}</vscode-option>`)}
      </vscode-single-select>
    </div>`;
}

function numberInput(id: string, label: string, value: number, min: number, step: number, pick: (value: number) => void): TemplateResult {
  return html`
    <div class="control control-narrow">
      <label class="range-label" for=${id}>${label}</label>
      <input class="number-input" id=${id} type="number" min=${min} step=${step} .value=${String(value)}
        @change=${(event: Event) => { const n = Number(inputValue(event)); if (Number.isFinite(n) && n >= min && n !== value) pick(n); }}>
    </div>`;
}

function lambdaControls(props: ControlsProps): TemplateResult | typeof nothing {
  const { choices, actions } = props;
  if (choices.method === 'cutout') return nothing;
  const sampled = choices.lambda.kind === 'beta';
  const concentration = choices.lambda.kind === 'beta' ? choices.lambda.concentration : 1;
  const letter = choices.method === 'mixup' ? 'α' : 'β';
  return html`
    ${select('lambda-mode', 'λ', [{ value: 'fixed', label: 'Fixed' }, { value: 'beta', label: `Beta(${letter}, ${letter})` }], choices.lambda.kind,
      (kind) => actions.choose({ lambda: kind === 'fixed' ? { kind: 'fixed', value: props.sliderLambda } : { kind: 'beta', concentration: 1 } }))}
    ${sampled
      ? numberInput('lambda-concentration', letter, concentration, 0.05, 0.1, (value) => actions.choose({ lambda: { kind: 'beta', concentration: value } }))
      : html`
    <div class="control control-wide">
      <label class="range-label" for="lambda-slider">Fixed λ <span class="range-value mono">${props.sliderLambda.toFixed(2)}</span></label>
      <input id="lambda-slider" type="range" min="0" max="1" step="0.05" .value=${String(props.sliderLambda)}
        aria-valuetext=${`λ = ${props.sliderLambda.toFixed(2)}`} @input=${(event: Event) => actions.slideLambda(Number(inputValue(event)))}>
    </div>`}
    ${choices.method === 'cutmix' ? html`<p class="control-note muted">CutMix's λ is the share of x1 left once its box is clipped to the image, so the λ under each mix can differ from the one drawn or set.</p>` : nothing}`;
}

function methodParameters(props: ControlsProps): TemplateResult | typeof nothing {
  const { choices, actions } = props;
  if (choices.method === 'cutout') {
    return numberInput('cutout-side', 'Side L (px)', choices.cutoutSide, 1, 1, (cutoutSide) => actions.choose({ cutoutSide: Math.round(cutoutSide) }));
  }
  if (choices.method !== 'puzzlemix') return nothing;
  const puzzle = choices.puzzle;
  const set = (change: Partial<PuzzleMixSettings>) => actions.choose({ puzzle: { ...puzzle, ...change } });
  return html`
    <div class="control-row puzzle-row" role="group" aria-label="Puzzle Mix parameters">
      ${select('puzzle-grid', 'Grid g', [{ value: 'random', label: 'Drawn from 2, 4, 8, 16' }, ...puzzleGridSizes.map((g) => ({ value: String(g), label: `${g} × ${g}` }))], String(puzzle.grid),
        (g) => { const grid = g === 'random' ? 'random' : puzzleGridSizes.find((size) => String(size) === g); if (grid) set({ grid }); })}
      ${numberInput('puzzle-levels', 'Levels m', puzzle.levels, 1, 1, (levels) => set({ levels: Math.round(levels) }))}
      ${numberInput('puzzle-beta', 'β (label smoothness)', puzzle.smoothness, 0, 0.1, (smoothness) => set({ smoothness }))}
      ${numberInput('puzzle-gamma', 'γ (data smoothness)', puzzle.dataSmoothness, 0, 0.1, (dataSmoothness) => set({ dataSmoothness }))}
      ${numberInput('puzzle-eta', 'η (prior)', puzzle.priorWeight, 0, 0.05, (priorWeight) => set({ priorWeight }))}
      <vscode-checkbox id="puzzle-transport" label="Transport (ξ = 0.8)" ?checked=${puzzle.transport}
        @change=${(event: Event) => set({ transport: (event.target as HTMLInputElement).checked })}></vscode-checkbox>
    </div>`;
}

function pairingControls(props: ControlsProps): TemplateResult {
  const { choices, actions, images } = props;
  const classNames = props.models[0]?.classNames ?? [];
  const pairing = choices.pairing;
  const count = pairing.kind === 'images' ? 6 : pairing.count;
  const classOptions = classNames.map((name, index) => ({ value: String(index), label: name }));
  const imageOptions = images.map((image) => ({ value: image.id, label: `${image.id} (${classNames[image.label] ?? image.label})` }));
  const firstImage = images[0]?.id ?? '';
  const secondImage = images.find((image) => image.label !== images[0]?.label)?.id ?? images[1]?.id ?? '';
  const switchTo = (kind: string) => {
    if (kind === 'random') actions.choose({ pairing: { kind: 'random', count } });
    if (kind === 'classes') actions.choose({ pairing: { kind: 'classes', firstClass: 0, secondClass: Math.min(1, classNames.length - 1), count } });
    if (kind === 'images') actions.choose({ pairing: { kind: 'images', firstId: firstImage, secondId: secondImage } });
  };
  return html`
    ${select('pairing-select', 'Pairs', (Object.keys(pairingLabels) as MixPairing['kind'][]).map((kind) => ({ value: kind, label: pairingLabels[kind] })), pairing.kind, switchTo)}
    ${pairing.kind === 'images' ? nothing : select('pair-count', 'How many', PAIR_COUNTS.map((n) => ({ value: String(n), label: String(n) })), String(pairing.count),
      (n) => actions.choose({ pairing: { ...pairing, count: Number(n) } }))}
    ${pairing.kind === 'classes' ? html`
      ${select('first-class', 'x1 from class', classOptions, String(pairing.firstClass), (c) => actions.choose({ pairing: { ...pairing, firstClass: Number(c) } }))}
      ${select('second-class', 'x2 from class', classOptions, String(pairing.secondClass), (c) => actions.choose({ pairing: { ...pairing, secondClass: Number(c) } }))}` : nothing}
    ${pairing.kind === 'images' ? html`
      ${select('first-image', 'x1', imageOptions, pairing.firstId, (firstId) => actions.choose({ pairing: { ...pairing, firstId } }), true)}
      ${select('second-image', 'x2', imageOptions, pairing.secondId, (secondId) => actions.choose({ pairing: { ...pairing, secondId } }), true)}` : nothing}`;
}

export function controlsTemplate(props: ControlsProps): TemplateResult {
  const { choices, actions } = props;
  return html`
    <section class="panel-section controls" aria-label="Mix settings">
      <div class="control-row">
        ${select('method-select', 'Method', mixMethods.map((m) => ({ value: m, label: methodLabels[m] })), choices.method, (method) => {
          const chosen = mixMethods.find((m) => m === method);
          if (chosen) actions.choose({ method: chosen });
        })}
        ${lambdaControls(props)}
      </div>
      ${methodParameters(props)}
      <div class="control-row">
        ${pairingControls(props)}
        <div class="control-actions">
          <vscode-button id="resample-button" secondary icon="refresh" title="Draw new pairs, λ and boxes (next seed)" @click=${actions.resample}>Re-sample</vscode-button>
          <vscode-button id="export-button" secondary icon="device-camera" ?disabled=${!props.hasResults} @click=${actions.exportPng}>Export PNG</vscode-button>
        </div>
      </div>
      ${props.busy ? runProgressTemplate(props.progress, actions.cancel, { label: 'Mix preview progress' }) : nothing}
    </section>`;
}
