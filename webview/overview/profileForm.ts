// The editable preprocessing form: keeps the draft and its errors, renders it, and saves valid profiles.
import { html, nothing, type TemplateResult } from 'lit';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { PreprocessingProfile, ValueScaling } from '../../src/protocol/model';
import { resizeModeLabels, scalingKindLabels } from '../../src/present/format';
import { draftFromProfile, validateDraft, type DraftErrors, type DraftNumberField, type ProfileDraft } from './profileDraft';

const channelNames = ['red', 'green', 'blue'] as const;
const channelTitles = ['Red', 'Green', 'Blue'] as const;

function fieldValue(event: Event): string {
  return (event.target as VscodeTextfield | VscodeSingleSelect).value;
}

export class ProfileForm {
  private profile: PreprocessingProfile | null = null;
  private draft: ProfileDraft | null = null;
  private errors: DraftErrors = {};

  constructor(
    private readonly requestRender: () => void,
    private readonly save: (profile: PreprocessingProfile) => void,
  ) {}

  /** Shows `profile` as the saved state, dropping any unsaved edits. */
  load(profile: PreprocessingProfile): void {
    this.profile = profile;
    this.draft = draftFromProfile(profile);
    this.errors = {};
  }

  template(disabled: boolean): TemplateResult | typeof nothing {
    const { profile, draft } = this;
    if (profile === null || draft === null) return nothing;
    const dirty = JSON.stringify(draft) !== JSON.stringify(draftFromProfile(profile));
    return html`
      <section class="panel-section" aria-labelledby="profile-heading">
        <div class="section-heading">
          <h2 id="profile-heading">Preprocessing</h2>
          ${profile.guessed ? html`<vscode-badge>Guessed</vscode-badge>` : nothing}
        </div>
        ${profile.guessed
          ? html`<p class="hint"><span class="codicon codicon-info" aria-hidden="true"></span>
              No preprocessing sidecar was found, so the engine guessed this profile. Check it against your training code and save to confirm it.</p>`
          : nothing}
        <form class="profile-form" @submit=${(event: Event) => { event.preventDefault(); this.submit(); }}>
          <div class="form-field">
            <vscode-label for="profile-input-size">Input size</vscode-label>
            <vscode-textfield id="profile-input-size" readonly value=${`${profile.inputSize[0]} × ${profile.inputSize[1]}`}></vscode-textfield>
            <span class="field-note">Read from the model</span>
          </div>
          <div class="form-field">
            <vscode-label for="profile-resize">Resize</vscode-label>
            <vscode-single-select id="profile-resize" .value=${draft.resize} ?disabled=${disabled}
              @change=${(event: Event) => this.edit({ resize: fieldValue(event) as ProfileDraft['resize'] })}>
              ${(Object.keys(resizeModeLabels) as ProfileDraft['resize'][]).map((mode) =>
                html`<vscode-option value=${mode} ?selected=${draft.resize === mode}>${resizeModeLabels[mode]}</vscode-option>`)}
            </vscode-single-select>
          </div>
          <div class="form-field">
            <vscode-label for="profile-crop">Centre-crop fraction</vscode-label>
            <vscode-textfield id="profile-crop" type="number" min="0" max="1" step="0.005"
              .value=${draft.centerCropFraction} ?invalid=${this.errors.centerCropFraction !== undefined}
              ?disabled=${disabled || draft.resize === 'stretch'}
              @input=${(event: Event) => this.edit({ centerCropFraction: fieldValue(event) })}></vscode-textfield>
            ${draft.resize === 'stretch'
              ? html`<span class="field-note">Only used with a shorter-side resize</span>`
              : this.errorText('centerCropFraction')}
          </div>
          <div class="form-field">
            <vscode-label for="profile-scaling">Value scaling</vscode-label>
            <vscode-single-select id="profile-scaling" .value=${draft.scalingKind} ?disabled=${disabled}
              @change=${(event: Event) => this.edit({ scalingKind: fieldValue(event) as ValueScaling['kind'] })}>
              ${(Object.keys(scalingKindLabels) as ValueScaling['kind'][]).map((kind) =>
                html`<vscode-option value=${kind} ?selected=${draft.scalingKind === kind}>${scalingKindLabels[kind]}</vscode-option>`)}
            </vscode-single-select>
          </div>
          ${draft.scalingKind === 'meanStd' ? this.channelRow('mean', 'Mean', disabled) : nothing}
          ${draft.scalingKind === 'meanStd' ? this.channelRow('std', 'Std', disabled) : nothing}
          <div class="form-field">
            <vscode-label for="profile-channels">Channel order</vscode-label>
            <vscode-single-select id="profile-channels" .value=${draft.channelOrder} ?disabled=${disabled}
              @change=${(event: Event) => this.edit({ channelOrder: fieldValue(event) as ProfileDraft['channelOrder'] })}>
              <vscode-option value="RGB" ?selected=${draft.channelOrder === 'RGB'}>RGB</vscode-option>
              <vscode-option value="BGR" ?selected=${draft.channelOrder === 'BGR'}>BGR</vscode-option>
            </vscode-single-select>
          </div>
          <div class="form-actions">
            <vscode-button icon="save" ?disabled=${disabled || (!dirty && !profile.guessed)} @click=${() => this.submit()}>
              ${profile.guessed && !dirty ? 'Confirm profile' : 'Save profile'}
            </vscode-button>
            ${dirty
              ? html`<vscode-button secondary icon="discard" ?disabled=${disabled} @click=${() => this.revert()}>Revert</vscode-button>`
              : nothing}
          </div>
        </form>
      </section>`;
  }

  private channelRow(field: 'mean' | 'std', label: string, disabled: boolean): TemplateResult {
    const draft = this.draft as ProfileDraft;
    return html`
      <div class="form-field" role="group" aria-label=${`${label} per channel`}>
        <span class="group-label">${label} (R, G, B)</span>
        <div class="channel-row">
          ${channelNames.map((channel, index) => html`
            <vscode-textfield type="number" step="0.001" label=${`${label}, ${channel} channel`}
              .value=${draft[field][index]} ?invalid=${this.errors[`${field}.${index as 0 | 1 | 2}`] !== undefined}
              ?disabled=${disabled}
              @input=${(event: Event) => this.editChannel(field, index, fieldValue(event))}></vscode-textfield>`)}
        </div>
        ${[0, 1, 2].map((index) => this.errorText(`${field}.${index as 0 | 1 | 2}`, `${channelTitles[index]}: `))}
      </div>`;
  }

  private errorText(field: DraftNumberField, prefix = ''): TemplateResult | typeof nothing {
    const message = this.errors[field];
    if (message === undefined) return nothing;
    return html`<p class="field-error" role="alert"><span class="codicon codicon-error" aria-hidden="true"></span>${prefix}${message}</p>`;
  }

  private edit(change: Partial<ProfileDraft>): void {
    if (this.draft === null) return;
    this.draft = { ...this.draft, ...change };
    this.errors = {};
    this.requestRender();
  }

  private editChannel(field: 'mean' | 'std', index: number, value: string): void {
    if (this.draft === null) return;
    const values: ProfileDraft['mean'] = [...this.draft[field]];
    values[index] = value;
    this.edit({ [field]: values });
  }

  private revert(): void {
    if (this.profile !== null) this.load(this.profile);
    this.requestRender();
  }

  private submit(): void {
    if (this.profile === null || this.draft === null) return;
    const result = validateDraft(this.draft, this.profile.inputSize);
    if (result.ok) this.save(result.profile);
    else this.errors = result.errors;
    this.requestRender();
  }
}
