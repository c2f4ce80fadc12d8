// The self-contained HTML report of the CLI demo: one page, inline CSS, no script, no external request. It leads with
// what was run and a table of contents, then the comparison, localisation, sweep and mix summaries; each model's
// per-image predictions come last, collapsed.
import type { BackendInfo } from '../../protocol/backend';
import type { RunRecord } from '../../protocol/records';
import type { LoadedModel } from '../../protocol/engine';
import type { PredictResults } from '../../protocol/predict';
import type { SweepResults } from '../../protocol/sweep';
import { modelDisplayName } from '../format';
import { comparisonTable, type ComparedModel } from './comparisonTable';
import { DEFINITIONS_PAGE_FILE } from './definitionsPage';
import { html, type Markup } from './html';
import { reportPage } from './reportPage';
import { localisationSection, type ReportLocalisation } from './localisationSection';
import { mixSection, mixStyles } from './mixSection';
import type { MixResults } from '../../protocol/mix';
import { inspectionCard, labelsCard, layerTable, profileCard } from './modelFacts';
import { predictionsBlock } from './predictionsBlock';
import { reportStyles } from './reportStyles';
import { sweepReportSections, sweepSectionLinks, sweepStyles } from './sweepHtml';
import { reportModelColor } from '../charts/modelPalette';
import { formatCount } from '../format';

export interface OverviewReportInput {
  title: string;
  generatedAt: string;
  backend: BackendInfo;
  models: Array<{ model: LoadedModel; predictions: RunRecord<PredictResults> }>;
  /** The models' CAM localisation on the same images, when it was run. */
  localisation: ReportLocalisation | null;
  /** The models' robustness sweep, when it was run. */
  sweep: SweepResults | null;
  /** Which of the predictions' images the sweep ran on, in words ("the first 4 images of each of the 10 classes, 40 of the 250"), when a subset. */
  sweepImages?: string | null;
  /** Mix previews (Mixup, CutMix, …) with every model's predictions, when they were run. */
  mix: RunRecord<MixResults>[] | null;
}

function modelSection({ anchor, model, predictions }: ComparedModel, index: number): Markup {
  return html`<section class="model" id="${anchor}">
    <h2><span class="model-swatch" style="background: ${reportModelColor(index)}"></span>${modelDisplayName(model.inspection.path)} <span class="muted small">details</span></h2>
    <p class="model-path mono">${model.inspection.path}</p>
    <div class="card-row">
      ${inspectionCard(model.inspection)}
      ${profileCard(model.profile)}
      ${labelsCard(model.labels)}
    </div>
    ${layerTable(model.inspection)}
    ${predictionsBlock(predictions, model.labels.names)}
  </section>`;
}

/** The images the overview's predictions ran on: the most any model predicted. */
function overviewImageCount(input: OverviewReportInput): number {
  return Math.max(0, ...input.models.map((m) => m.predictions.results.predictions.length));
}

/** The sweep's sections under a card that says which subset of the benchmark was run, on how many images. */
function sweepPart(results: SweepResults, overviewImages: number, classNames: readonly string[] | null, sweepImages: string | null): Markup {
  const { corruptions, severities, fgsmEpsilons, occlusion } = results.settings;
  const parts = [`${corruptions.length} corruptions at severities ${severities.join(', ')}`,
    ...(fgsmEpsilons.length ? [`FGSM at ε = ${fgsmEpsilons.map((e) => `${Number((e * 255).toFixed(2))}/255`).join(', ')}`] : []), ...(occlusion ? ['occlusion'] : [])];
  const subset = results.imageCount < overviewImages
    ? ` — ${sweepImages ?? `${formatCount(results.imageCount)} of the ${formatCount(overviewImages)} images`} the comparison above uses, so its clean error is not 1 − the top-1 accuracy there`
    : '';
  return html`<section class="comparison" id="sweep"><h2>Robustness sweep <span class="muted small">on ${formatCount(results.imageCount)} images</span></h2><p class="muted">${parts.join(' · ')}, on ${formatCount(results.imageCount)} images${subset}.</p></section>
${sweepReportSections(results, { classNames, collapseGallery: true })}`;
}

interface TocEntry { anchor: string; title: string; children?: TocEntry[] }

function tableOfContents(entries: readonly TocEntry[]): Markup {
  const item = (e: TocEntry): Markup => html`<li><a href="#${e.anchor}">${e.title}</a>${e.children?.length ? html`<ul>${e.children.map(item)}</ul>` : ''}</li>`;
  return html`<nav class="toc-card" aria-label="Contents"><h3>Contents</h3><ol class="toc-list">${entries.map(item)}</ol></nav>`;
}

/** What the report ran: models, images, analyses, each with its image count. */
function whatWasRun(input: OverviewReportInput, models: readonly ComparedModel[]): Markup {
  const images = overviewImageCount(input);
  const data = input.models[0]?.predictions.spec.data ?? null;
  const rows: Array<[string, Markup | string]> = [
    ['Models', html`${models.map((m, i) => html`<span class="model-swatch" style="background: ${reportModelColor(i)}"></span>${modelDisplayName(m.model.inspection.path)}${i < models.length - 1 ? ' · ' : ''}`)}`],
    ['Images', `${formatCount(images)}${data === null ? '' : ` from ${data}`}`],
    ['Predictions', `top-5 on all ${formatCount(images)} images`],
    ...(input.localisation ? [['Localisation', `CAM on ${formatCount(input.localisation.records[0]?.results.imageCount ?? 0)} images`] as [string, string]] : []),
    ...(input.sweep ? [['Robustness sweep', `on ${formatCount(input.sweep.imageCount)} images: ${input.sweep.settings.corruptions.length} corruptions × ${input.sweep.settings.severities.length} severities${input.sweep.settings.fgsmEpsilons.length ? ', FGSM' : ''}${input.sweep.settings.occlusion ? ', occlusion' : ''}, calibration, OOD`] as [string, string]] : []),
    ...(input.mix ? [['Mix previews', input.mix.map((r) => `${r.results.settings.method} on ${r.results.pairs.length} pairs`).join(', ')] as [string, string]] : []),
  ];
  return html`<section class="comparison" id="run"><h2>What was run</h2><dl class="facts run-facts">${rows.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl></section>`;
}

export function renderOverviewReport(input: OverviewReportInput): string {
  const models: ComparedModel[] = input.models.map((entry, i) => ({ anchor: `model-${i + 1}`, ...entry }));
  const { backend } = input;
  const toc: TocEntry[] = [
    { anchor: 'run', title: 'What was run' },
    ...(models.length > 1 ? [{ anchor: 'comparison', title: 'Comparison' }] : []),
    ...(input.localisation ? [{ anchor: 'localisation', title: 'Localisation (CAM)' }] : []),
    ...(input.sweep ? [{ anchor: 'sweep', title: 'Robustness sweep', children: sweepSectionLinks(input.sweep) }] : []),
    ...(input.mix ? [{ anchor: 'mix-previews', title: 'Mix previews' }] : []),
    { anchor: models[0]?.anchor ?? 'run', title: 'Per-model details and per-image predictions', children: models.map((m) => ({ anchor: m.anchor, title: modelDisplayName(m.model.inspection.path) })) },
  ];
  const styles = [reportStyles, ...(input.sweep === null ? [] : [sweepStyles]), ...(input.mix === null ? [] : [mixStyles])];
  const header = html`<header class="report-header">
  <h1>${input.title}</h1>
  <p class="muted">Generated ${input.generatedAt} · ${backend.label} · TF.js ${backend.tfjsVersion} · ${backend.threads} thread${backend.threads === 1 ? '' : 's'} · <a href="${DEFINITIONS_PAGE_FILE}">Definitions of every metric and corruption</a></p>
</header>`;
  return reportPage(input.title, styles, header, html`<div class="report-lead">
${whatWasRun(input, models)}
${tableOfContents(toc)}
</div>
${models.length > 1 ? comparisonTable(models) : ''}
${input.localisation === null ? '' : localisationSection(input.localisation)}
${input.sweep === null ? '' : sweepPart(input.sweep, overviewImageCount(input), input.models[0]?.model.labels.names ?? null, input.sweepImages ?? null)}
${input.mix === null ? '' : mixSection(input.mix)}
${models.map(modelSection)}`);
}
