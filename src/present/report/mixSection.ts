// The report's mix-preview section (definitions.md §6): per method, mixed pairs with both sources, the mixed target and every
// model's prediction as bars, then each model's in-between statistics.
import type { MixMethod, MixPairResult, MixResults } from '../../protocol/mix';
import type { RunRecord } from '../../protocol/records';
import type { ClassScore } from '../../protocol/predict';
import { formatPercent, modelDisplayName } from '../format';
import { html, type Markup } from './html';
import { reportModelColor } from '../charts/modelPalette';

const methodNames: Record<MixMethod, string> = { mixup: 'Mixup', cutout: 'Cutout', cutmix: 'CutMix', puzzlemix: 'Puzzle Mix' };
const TARGET_COLOR = '#8c959f';
const SHOWN_CLASSES = 3;

export const mixStyles = `
.mix-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; margin-top: 10px; }
.mix-pair { border: 1px solid var(--border); border-radius: 6px; padding: 10px; display: grid; gap: 10px; }
.mix-images { display: flex; align-items: center; gap: 6px; font-size: 12px; }
.mix-images figure { margin: 0; text-align: center; }
.mix-images img { width: 80px; height: 80px; image-rendering: pixelated; border-radius: 3px; border: 1px solid var(--border); display: block; }
.mix-images .mixed img { width: 100px; height: 100px; }
.mix-bars { display: grid; grid-template-columns: repeat(auto-fit, minmax(110px, 1fr)); gap: 12px; }
.mix-bars h4 { margin: 0 0 4px; font-size: 12px; }
.mix-bar { display: grid; grid-template-columns: 1fr auto; column-gap: 6px; font-size: 12px; }
.mix-bar .score-fill { background: var(--bar-color); }
.mix-same-class { font-size: 12px; margin: 0; }
`;

function bars(title: string, scores: readonly ClassScore[], color: string): Markup {
  return html`<div><h4>${title}</h4>${scores.slice(0, SHOWN_CLASSES).map((score) => html`<div class="mix-bar">
    <span>${score.name}</span><span class="muted">${formatPercent(score.probability)}</span>
    <span class="score-track"><span class="score-fill" style="width: ${formatPercent(score.probability, 2)}; --bar-color: ${color}"></span></span>
  </div>`)}</div>`;
}

/** A pair of two images of the same class: its mix has one label, so the in-between statistics leave it out. */
const isSameClassPair = (pair: MixPairResult): boolean => pair.second !== null && pair.second.label === pair.first.label;

function pairFigure(pair: MixPairResult, classNames: readonly string[]): Markup {
  const name = (label: number) => classNames[label] ?? `class ${label}`;
  return html`<div class="mix-pair">
    ${isSameClassPair(pair) ? html`<p class="mix-same-class muted">Both images are ${name(pair.first.label)}: shown, but not counted in the statistics above.</p>` : ''}
    <div class="mix-images">
      <figure><img src="${pair.first.image}" alt="${pair.first.id}"><figcaption>${name(pair.first.label)}</figcaption></figure>
      ${pair.second === null ? '' : html`<span class="muted">+</span><figure><img src="${pair.second.image}" alt="${pair.second.id}"><figcaption>${name(pair.second.label)}</figcaption></figure>`}
      <span class="muted">→</span>
      <figure class="mixed"><img src="${pair.mixed}" alt="mixed"><figcaption>λ = ${pair.lambda.toFixed(2)}</figcaption></figure>
    </div>
    <div class="mix-bars">
      ${bars('Target', pair.target, TARGET_COLOR)}
      ${pair.predictions.map((p, m) => bars(modelDisplayName(p.modelPath), p.top, reportModelColor(m)))}
    </div>
  </div>`;
}

function statisticsTable(results: MixResults): Markup {
  if (results.statistics.length === 0) return html`<p class="muted">Cutout keeps each image's label: no in-between statistics.</p>`;
  const orNa = (v: number | null, f: (x: number) => string) => (v === null ? 'n/a' : f(v));
  return html`<table class="data-table compare-table">
    <thead><tr><th>Model</th><th class="numeric">Pairs of two classes</th><th class="numeric">Top-2 = {y1, y2}</th><th class="numeric">Mean |p(y1) − λ|</th><th class="numeric">Mean |p(y2) − (1−λ)|</th></tr></thead>
    <tbody>${results.statistics.map((s, m) => html`<tr>
      <td><span class="model-swatch" style="background: ${reportModelColor(m)}"></span>${modelDisplayName(s.modelPath)}</td><td class="numeric">${s.pairCount}</td>
      <td class="numeric">${orNa(s.topTwoMatchRate, (v) => formatPercent(v))}</td>
      <td class="numeric">${orNa(s.meanGapFirst, (v) => v.toFixed(3))}</td><td class="numeric">${orNa(s.meanGapSecond, (v) => v.toFixed(3))}</td>
    </tr>`)}</tbody>
  </table>`;
}

function lambdaPhrase(results: MixResults): string {
  const { lambda } = results.settings;
  return lambda.kind === 'fixed' ? `λ = ${lambda.value}` : `λ ~ Beta(${lambda.concentration}, ${lambda.concentration})`;
}

/** "6 pairs", or "6 pairs, 5 of two classes in the statistics (1 same-class pair left out)" when the statistics count fewer. */
function pairCountPhrase(results: MixResults): string {
  const total = `${results.pairs.length} pair${results.pairs.length === 1 ? '' : 's'}`;
  const sameClass = results.pairs.filter(isSameClassPair).length;
  if (sameClass === 0 || results.statistics.length === 0) return total;
  const counted = results.pairs.length - sameClass;
  return `${total}, ${counted} of two classes in the statistics (${sameClass} same-class pair${sameClass === 1 ? '' : 's'} left out)`;
}

export function mixSection(records: readonly RunRecord<MixResults>[]): Markup {
  return html`<section class="comparison" id="mix-previews">
    <h2>Mix previews</h2>
    <p class="muted">Training-time mixes of sample pairs and what each model predicts on them. In-between behaviour (over pairs of two different classes): are the top two classes the two sources', and how far are p(y1), p(y2) from λ, 1−λ?</p>
    ${records.map(({ results }) => html`<h3>${methodNames[results.settings.method]} <span class="muted small">${lambdaPhrase(results)} · ${pairCountPhrase(results)} · seed ${results.settings.seed}</span></h3>
      ${statisticsTable(results)}
      <div class="mix-grid">${results.pairs.map((pair) => pairFigure(pair, results.classNames))}</div>`)}
  </section>`;
}
