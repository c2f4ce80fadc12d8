// The gallery of corrupted examples: clean and corrupted model input side by side with each model's prediction on both,
// filterable to the images whose prediction flips under the corruption.
import { html, nothing, type TemplateResult } from 'lit';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { SweepGalleryFilter } from '../../src/protocol/messages/sweep';
import type { SweepGalleryEntry, SweepResults } from '../../src/protocol/sweep';
import { formatPercent, safeImageSource } from '../../src/present/format';

const isFlipped = (entry: SweepGalleryEntry): boolean => entry.predictions.some((p) => p.flipped);

/** A class's name where the run has class names, else its index. */
export function galleryClassName(classNames: readonly string[] | null | undefined, index: number): string {
  return classNames?.[index] ?? String(index);
}

function galleryCard(entry: SweepGalleryEntry, names: ReadonlyMap<string, string>, displayNames: ReadonlyMap<string, string>, classNames: readonly string[] | null | undefined): TemplateResult {
  const className = (index: number): string => galleryClassName(classNames, index);
  const flipped = isFlipped(entry);
  return html`
    <figure class=${flipped ? 'gallery-card flipped' : 'gallery-card'}>
      <div class="gallery-images">
        <img src=${safeImageSource(entry.cleanImage) ?? ''} alt=${`${entry.imageId}, clean`}>
        <span class="codicon codicon-arrow-right muted" aria-hidden="true"></span>
        <img src=${safeImageSource(entry.corruptedImage) ?? ''} alt=${`${entry.imageId}, ${entry.corruption} severity ${entry.severity}`}>
      </div>
      <figcaption>
        <div class="gallery-title"><span class="image-id">${entry.imageId}</span>${flipped ? html`<span class="pill pill-flipped">flipped</span>` : nothing}</div>
        <div class="muted">${displayNames.get(entry.corruption) ?? entry.corruption}, severity ${entry.severity} · label ${entry.label < 0 ? 'none' : className(entry.label)}</div>
        ${entry.predictions.map((p) => html`<div class=${p.flipped ? 'gallery-prediction is-flipped' : 'gallery-prediction'}>
          <span class="cell-model">${names.get(p.modelId) ?? p.modelId}</span>
          <span class="mono">${className(p.clean.classIndex)} (${formatPercent(p.clean.probability, 0)}) → ${className(p.corrupted.classIndex)} (${formatPercent(p.corrupted.probability, 0)})</span>
        </div>`)}
      </figcaption>
    </figure>`;
}

export function galleryTemplate(results: SweepResults, filter: SweepGalleryFilter, setFilter: (filter: SweepGalleryFilter) => void): TemplateResult | typeof nothing {
  if (results.gallery.length === 0) return nothing;
  const names = new Map(results.models.map((m) => [m.modelId, m.name]));
  const displayNames = new Map((results.models[0]?.corruptions ?? []).map((c) => [c.corruption, c.displayName]));
  const flippedCount = results.gallery.filter(isFlipped).length;
  const shown = filter === 'flipped' ? results.gallery.filter(isFlipped) : results.gallery;
  return html`
    <section class="panel-section" aria-label="Gallery">
      <div class="section-heading">
        <span class="codicon codicon-file-media" aria-hidden="true"></span><h2>Corrupted examples</h2>
        <span class="heading-spacer"></span>
        <vscode-label for="gallery-filter">Show</vscode-label>
        <vscode-single-select id="gallery-filter" .value=${filter}
          @change=${(event: Event) => { const value = (event.target as VscodeSingleSelect).value; if (value === 'all' || value === 'flipped') setFilter(value); }}>
          <vscode-option value="all" ?selected=${filter === 'all'}>All examples (${results.gallery.length})</vscode-option>
          <vscode-option value="flipped" ?selected=${filter === 'flipped'}>Prediction flips (${flippedCount})</vscode-option>
        </vscode-single-select>
      </div>
      <p class="table-note muted">Clean → corrupted model input; class${results.classNames ? '' : ' index'} (confidence) of each model on both. A flip: the corrupted image's top-1 class differs from the clean one's.</p>
      ${shown.length ? html`<div class="gallery-grid">${shown.map((e) => galleryCard(e, names, displayNames, results.classNames))}</div>` : html`<p class="empty-note muted">No prediction flips among these examples.</p>`}
    </section>`;
}
