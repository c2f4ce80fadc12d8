// Before a sweep: the plan (images, conditions, forward passes, estimated time) and a Start button; while it runs,
// progress with Cancel (a cancelled sweep keeps what finished).
import { html, nothing, type TemplateResult } from 'lit';
import { ALEXNET_BASELINE, type SweepPlan } from '../../src/protocol/sweep';
import { formatCount, modelDisplayName } from '../../src/present/format';
import type { Progress } from '../../src/protocol/progress';
import { runProgressTemplate, type RunProgressOptions } from '../shared/runProgress';

function duration(seconds: number): string {
  return seconds < 90 ? `${Math.max(1, Math.ceil(seconds))} s` : `${(seconds / 60).toFixed(1)} min`;
}

const sweepProgress: RunProgressOptions = { label: 'Sweep progress', unit: 'forward passes', note: 'Cancelling keeps the images that finished every condition; the table is then marked partial.' };

export interface PlanActions {
  start(): void;
  cancel(): void;
  /** Choose the calibration split in a folder dialog, or drop it. */
  calibrationSplit(action: 'browse' | 'clear'): void;
}

/** Temperature scaling's split (definitions.md §5): the folder and its image count, with Browse… and Remove while the sweep has not started. */
function calibrationSplitTemplate(plan: SweepPlan, busy: boolean, choose: PlanActions['calibrationSplit']): TemplateResult {
  const split = plan.calibrationSplit;
  return html`<div class="plan-calibration">
    <span class="codicon codicon-symbol-ruler" aria-hidden="true"></span>
    <span>Temperature scaling: ${split
      ? html`fitted on <strong>${formatCount(split.imageCount)}</strong> labelled images of <code>${split.path}</code>; ECE and NLL are reported before and after`
      : html`<span class="muted">no calibration split: choose labelled images that are not among the evaluated ones to report ECE and NLL after scaling</span>`}</span>
    <vscode-button id="calibration-browse" secondary icon="folder-opened" ?disabled=${busy} @click=${() => choose('browse')}>Browse…</vscode-button>
    ${split ? html`<vscode-button id="calibration-clear" secondary icon="close" ?disabled=${busy} @click=${() => choose('clear')}>Remove</vscode-button>` : nothing}
  </div>`;
}

export function planTemplate(plan: SweepPlan, busy: boolean, progress: Progress | null, actions: PlanActions): TemplateResult {
  const models = plan.groups.reduce((n, g) => n + g.modelIds.length, 0);
  const baseline = plan.baseline === ALEXNET_BASELINE ? 'AlexNet (published ImageNet-C errors)' : modelDisplayName(plan.baseline);
  return html`
    <section class="panel-section plan" aria-label="Sweep plan">
      <div class="section-heading"><span class="codicon codicon-checklist" aria-hidden="true"></span><h2>Plan</h2></div>
      <div class="plan-facts">
        <div class="plan-fact"><span class="plan-number">${formatCount(plan.imageCount)}</span><span class="muted">images</span></div>
        <div class="plan-fact"><span class="plan-number">${formatCount(plan.conditions.length)}</span><span class="muted">conditions</span></div>
        <div class="plan-fact"><span class="plan-number">${models}</span><span class="muted">model${models === 1 ? '' : 's'}</span></div>
        <div class="plan-fact"><span class="plan-number">${formatCount(plan.forwardPasses)}</span><span class="muted">forward passes of ≤ ${plan.batchSize} images</span></div>
        <div class="plan-fact"><span class="plan-number">≈ ${duration(plan.estimatedSeconds)}</span><span class="muted">model time</span></div>
      </div>
      <p class="settings-line">${plan.parameterSet} parameters · baseline ${baseline}</p>
      <ul class="note-list">${plan.notes.map((note) => html`<li class="muted">${note}</li>`)}</ul>
      ${calibrationSplitTemplate(plan, busy, actions.calibrationSplit)}
      ${busy ? runProgressTemplate(progress, actions.cancel, sweepProgress) : html`<vscode-button id="start-sweep" icon="play" @click=${actions.start}>Start sweep</vscode-button>`}
    </section>`;
}

export function runningTemplate(busy: boolean, progress: Progress | null, cancel: () => void): TemplateResult | typeof nothing {
  return busy ? html`<section class="panel-section">${runProgressTemplate(progress, cancel, sweepProgress)}</section>` : nothing;
}
