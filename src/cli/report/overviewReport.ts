// The self-contained HTML report of the CLI demo: one page, inline CSS, no script, no external request.
import type { BackendInfo } from '../../protocol/backend';
import type { RunRecord } from '../../protocol/records';
import type { LoadedModel, PredictResults } from '../../protocol/rpc';
import type { SweepResults } from '../../protocol/sweep';
import { modelDisplayName } from '../../../webview/shared/format';
import { comparisonTable, type ComparedModel } from './comparisonTable';
import { DEFINITIONS_PAGE_FILE } from './definitionsPage';
import { html, trustedMarkup, type Markup } from './html';
import { localisationSection, type ReportLocalisation } from './localisationSection';
import { mixSection, mixStyles } from './mixSection';
import type { MixResults } from '../../protocol/mix';
import { inspectionCard, labelsCard, layerTable, profileCard } from './modelFacts';
import { predictionsBlock } from './predictionsBlock';
import { reportStyles } from './reportStyles';
import { sweepReportSections, sweepStyles } from './sweepHtml';

export interface OverviewReportInput {
  title: string;
  generatedAt: string;
  backend: BackendInfo;
  models: Array<{ model: LoadedModel; predictions: RunRecord<PredictResults> }>;
  /** The models' CAM localisation on the same images, when it was run. */
  localisation: ReportLocalisation | null;
  /** The models' robustness sweep on the same images, when it was run. */
  sweep: SweepResults | null;
  /** Mix previews (Mixup, CutMix, …) with every model's predictions, when they were run. */
  mix: RunRecord<MixResults>[] | null;
}

function modelSection({ anchor, model, predictions }: ComparedModel): Markup {
  return html`<section class="model" id="${anchor}">
    <h2>${modelDisplayName(model.inspection.path)}</h2>
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

/** The sweep's sections under a card that says which subset of the benchmark was run. */
function sweepPart(results: SweepResults): Markup {
  const { corruptions, severities, fgsmEpsilons, occlusion } = results.settings;
  const parts = [`${results.imageCount} images`, `${corruptions.length} corruptions at severities ${severities.join(', ')}`,
    ...(fgsmEpsilons.length ? [`FGSM at ε = ${fgsmEpsilons.map((e) => `${Number((e * 255).toFixed(2))}/255`).join(', ')}`] : []), ...(occlusion ? ['occlusion'] : [])];
  return html`<section class="comparison"><h2>Robustness sweep</h2><p class="muted">${parts.join(' · ')}; the full table, charts and gallery follow.</p></section>
${sweepReportSections(results)}`;
}

export function renderOverviewReport(input: OverviewReportInput): string {
  const models: ComparedModel[] = input.models.map((entry, i) => ({ anchor: `model-${i + 1}`, ...entry }));
  const { backend } = input;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title}</title>
<style>${trustedMarkup(reportStyles)}${input.sweep === null ? '' : trustedMarkup(sweepStyles)}${input.mix === null ? '' : trustedMarkup(mixStyles)}</style>
</head>
<body>
<header class="report-header">
  <h1>${input.title}</h1>
  <p class="muted">Generated ${input.generatedAt} · ${backend.label} · TF.js ${backend.tfjsVersion} · ${backend.threads} thread${backend.threads === 1 ? '' : 's'} · <a href="${DEFINITIONS_PAGE_FILE}">Definitions of every metric and corruption</a></p>
  ${models.length > 1 ? html`<nav class="toc" aria-label="Models">${models.map((m) => html`<a href="#${m.anchor}">${modelDisplayName(m.model.inspection.path)}</a>`)}</nav>` : ''}
</header>
<main>
${models.length > 1 ? comparisonTable(models) : ''}
${input.localisation === null ? '' : localisationSection(input.localisation)}
${input.sweep === null ? '' : sweepPart(input.sweep)}
${input.mix === null ? '' : mixSection(input.mix)}
${models.map(modelSection)}
</main>
</body>
</html>
`.text;
}
