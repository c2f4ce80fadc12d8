// The images: one card per image with one canvas per model (the same picture under each model's map), the
// predicted box at the shown τ and the ground-truth boxes; a filter, and pages of IMAGES_PER_PAGE.
import { html, nothing, type TemplateResult } from 'lit';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { Box } from '../../src/protocol/data';
import type { RunRecord } from '../../src/protocol/records';
import type { CamImageResult, CamResults } from '../../src/protocol/cam';
import { cssProperties } from '../shared/cssProperties';
import { formatCount, modelDisplayName } from '../../src/present/format';
import { IMAGES_PER_PAGE, thresholdIndexIn, type ImageFilter } from './localisationView';
import { panelModelColor } from '../../src/present/charts/modelPalette';
import { GROUND_TRUTH_BOX_COLOR, PREDICTED_BOX_COLOR } from './modelColors';

const LOCALISED_IOU = 0.5;

/** One model's view of one image at the shown τ; iou is null for an image without a ground-truth box. */
export interface ImageCell { image: CamImageResult; box: Box; iou: number | null }

/** The predicted box at τ and its best IoU with a ground-truth box (a run saved without overlays has them at its localisation τ only). */
export function cellAt(results: CamResults, image: CamImageResult, threshold: number): ImageCell {
  if (!image.overlay) return { image, box: image.box, iou: image.iou };
  const index = thresholdIndexIn(results, threshold);
  return { image, box: image.overlay.boxes[index], iou: image.overlay.ious?.[index] ?? null };
}

const filterLabels: Record<ImageFilter, string> = { all: 'All images', disagree: 'Models disagree (IoU ≥ 0.5 for some)', missed: 'Missed by every model' };

/** Image indices (same order in every run: the dataset's) that pass `filter` at τ; the IoU filters keep only images with ground-truth boxes. */
export function filteredImages(records: readonly RunRecord<CamResults>[], threshold: number, filter: ImageFilter): number[] {
  const count = Math.min(...records.map((r) => r.results.images.length));
  const indices = Array.from({ length: count }, (_, i) => i);
  if (filter === 'all') return indices;
  return indices.filter((i) => {
    if (records[0].results.images[i].groundTruth.length === 0) return false;
    const hits = records.map((r) => (cellAt(r.results, r.results.images[i], threshold).iou ?? 0) >= LOCALISED_IOU);
    return filter === 'missed' ? hits.every((hit) => !hit) : hits.some((hit) => hit) && hits.some((hit) => !hit);
  });
}

export interface GridProps {
  records: readonly RunRecord<CamResults>[];
  classNames: readonly (readonly string[])[];
  threshold: number;
  filter: ImageFilter;
  shownImages: number;
  setFilter(filter: ImageFilter): void;
  showMore(): void;
}

const className = (names: readonly string[], index: number | null): string => (index === null ? 'unlabelled' : names[index] ?? `class ${index}`);

/** The caption's IoU: passed or missed at IoU ≥ 0.5, or a neutral note for an image without a ground-truth box. */
function iouTemplate(iou: number | null): TemplateResult {
  if (iou === null) {
    return html`<span class="cell-iou muted" title="This image has no ground-truth box, so it is not scored"><span class="codicon codicon-dash" aria-hidden="true"></span>No box</span>`;
  }
  const localised = iou >= LOCALISED_IOU;
  return html`<span class=${`cell-iou ${localised ? 'status-ok' : 'status-no'}`} title="Best IoU of the predicted box with a ground-truth box">
    <span class=${`codicon ${localised ? 'codicon-pass' : 'codicon-circle-slash'}`} aria-hidden="true"></span>IoU ${iou.toFixed(2)}
  </span>`;
}

function cellTemplate(record: RunRecord<CamResults>, modelIndex: number, imageIndex: number, cell: ImageCell, names: readonly string[]): TemplateResult {
  const name = modelDisplayName(record.results.modelPath);
  const { image } = cell;
  // Only a labelled image can be predicted wrongly; an unlabelled image's prediction is shown plainly.
  const wrong = image.label !== null && image.predicted !== image.label;
  const iouText = cell.iou === null ? 'no ground-truth box' : `IoU ${cell.iou.toFixed(2)} with the ground truth`;
  const description = `${name}: predicted box (${cell.box.x0}, ${cell.box.y0})–(${cell.box.x1}, ${cell.box.y1}), ${iouText}; predicts ${className(names, image.predicted)}`;
  return html`<figure class="cam-cell">
    ${!image.overlay
      ? html`<div class="cam-missing" role="img" aria-label=${description}><span class="codicon codicon-eye-closed" aria-hidden="true"></span>Saved without maps</div>`
      : html`<canvas class="cam-canvas" width="224" height="224" role="img" aria-label=${description} data-record=${modelIndex} data-image=${imageIndex}></canvas>`}
    <figcaption>
      <span class="cell-model"><span class="model-swatch" aria-hidden="true" ${cssProperties({ 'background-color': panelModelColor(modelIndex) })}></span>${name}</span>
      ${iouTemplate(cell.iou)}
      <span class=${`cell-class ${wrong ? 'is-wrong' : ''}`} title="The model's top-1 class">predicts ${className(names, image.predicted)}</span>
    </figcaption>
  </figure>`;
}

function cardTemplate(props: GridProps, imageIndex: number): TemplateResult {
  const first = props.records[0].results.images[imageIndex];
  return html`<article class="image-card">
    <header class="image-card-header">
      <span class="image-id mono" title=${first.id}>${first.id}</span>
      <span class="muted">${className(props.classNames[0] ?? [], first.label)}</span>
    </header>
    <div class="cam-cells">
      ${props.records.map((record, m) => cellTemplate(record, m, imageIndex, cellAt(record.results, record.results.images[imageIndex], props.threshold), props.classNames[m] ?? []))}
    </div>
  </article>`;
}

export function imageGridTemplate(props: GridProps): TemplateResult {
  const indices = filteredImages(props.records, props.threshold, props.filter);
  const shown = indices.slice(0, props.shownImages);
  return html`
    <section class="panel-section" aria-labelledby="images-heading">
      <div class="section-heading">
        <h2 id="images-heading">Images</h2>
        <vscode-badge>${formatCount(indices.length)}</vscode-badge>
      </div>
      <div class="grid-toolbar">
        <vscode-single-select id="image-filter" aria-label="Which images" .value=${props.filter}
          @change=${(event: Event) => props.setFilter((event.target as VscodeSingleSelect).value as ImageFilter)}>
          ${(Object.keys(filterLabels) as ImageFilter[]).map((f) => html`<vscode-option value=${f} ?selected=${f === props.filter}>${filterLabels[f]}</vscode-option>`)}
        </vscode-single-select>
        <span class="box-legend">
          <span class="box-key box-key-truth" aria-hidden="true" ${cssProperties({ 'border-color': GROUND_TRUTH_BOX_COLOR })}></span>Ground truth
          <span class="box-key box-key-predicted" aria-hidden="true" ${cssProperties({ 'border-color': PREDICTED_BOX_COLOR })}></span>Predicted at τ (largest contour)
        </span>
      </div>
      ${shown.length === 0 ? html`<p class="muted">No image matches this filter at this τ.</p>` : html`<div class="image-grid">${shown.map((i) => cardTemplate(props, i))}</div>`}
      ${indices.length > shown.length
        ? html`<div class="button-row more-row"><vscode-button secondary icon="chevron-down" @click=${props.showMore}>Show ${formatCount(Math.min(IMAGES_PER_PAGE, indices.length - shown.length))} more of ${formatCount(indices.length - shown.length)}</vscode-button></div>`
        : nothing}
    </section>`;
}
