// The grid: per pair both sources, the mixed image, the mixed target's bars and each model's prediction bars side by side.
import { html, nothing, type TemplateResult } from 'lit';
import type { MixPairResult, MixResults, MixSettings } from '../../src/protocol/mix';
import { modelDisplayName, safeImageSource } from '../../src/present/format';
import { panelModelColor } from '../../src/present/charts/modelPalette';
import { TARGET_COLOR } from './mixColors';
import { probabilityBarsTemplate } from './probabilityBars';

function sourceTemplate(caption: string, source: MixPairResult['first'], classNames: readonly string[]): TemplateResult {
  const name = classNames[source.label] ?? `class ${source.label}`;
  return html`
    <figure class="mix-image">
      <img src=${safeImageSource(source.image) ?? ''} alt=${`${caption}: ${source.id}, ${name}`}>
      <figcaption><span class="muted">${caption}</span> ${name}</figcaption>
    </figure>`;
}

function pairTemplate(pair: MixPairResult, index: number, results: MixResults): TemplateResult {
  const sourceClasses = new Set([pair.first.label, ...(pair.second ? [pair.second.label] : [])]);
  return html`
    <article class="pair-card" aria-label=${`Pair ${index + 1}`}>
      <div class="pair-images">
        ${sourceTemplate(pair.second ? 'x1' : 'image', pair.first, results.classNames)}
        ${pair.second ? html`<span class="codicon codicon-add operator" aria-hidden="true"></span>${sourceTemplate('x2', pair.second, results.classNames)}` : nothing}
        <span class="codicon codicon-arrow-right operator" aria-hidden="true"></span>
        <figure class="mix-image mixed">
          <img src=${safeImageSource(pair.mixed) ?? ''} alt=${`Mixed image ${index + 1}`}>
          <figcaption><span class="muted">mixed</span> λ = ${pair.lambda.toFixed(2)}</figcaption>
        </figure>
      </div>
      <div class="pair-bars">
        ${probabilityBarsTemplate('target-bars', 'Target', pair.target, TARGET_COLOR, sourceClasses)}
        ${pair.predictions.map((prediction, m) => probabilityBarsTemplate('prediction-bars', modelDisplayName(prediction.modelPath), prediction.top, panelModelColor(m), sourceClasses))}
      </div>
    </article>`;
}

/** How Puzzle Mix ran (definitions.md §6): the g used and whether it was drawn, the energy's parameters, transport and the mask solver. */
function puzzleRunText(puzzle: NonNullable<MixSettings['puzzle']>): string {
  // Records saved before Puzzle Mix followed the authors' code hold only the settings.
  if ((puzzle as Partial<typeof puzzle>).gridUsed === undefined) return `Puzzle Mix, saved by an earlier version (before the authors' energy and transport were followed): g = ${puzzle.grid} · m = ${puzzle.levels}`;
  const grid = `g = ${puzzle.gridUsed}${puzzle.grid === 'random' ? ' (drawn from 2, 4, 8, 16)' : ' (fixed)'}`;
  const transport = puzzle.transport ? `transport ξ = ${puzzle.transportWeight}` : 'no transport';
  const solver = puzzle.solver === 'exact' ? 'mask by enumerating every mask (exact)' : 'mask by α-β swap graph cut (as the authors\' gco call)';
  return `Puzzle Mix as the authors' code: ${grid} · m = ${puzzle.levels} · β = ${puzzle.smoothness}, γ = ${puzzle.dataSmoothness}, η = ${puzzle.priorWeight} · neighbourhood ${puzzle.neighbourhood} px · ${transport} · ${solver} · saliency from ${modelDisplayName(puzzle.saliencyModel)}`;
}

export function pairGridTemplate(results: MixResults): TemplateResult {
  const puzzle = results.settings.puzzle;
  return html`<section class="panel-section" aria-label="Mixed images">
    ${puzzle ? html`<p class="muted puzzle-run">${puzzleRunText(puzzle)}</p>` : nothing}
    <div class="pair-grid">${results.pairs.map((pair, n) => pairTemplate(pair, n, results))}</div>
  </section>`;
}
