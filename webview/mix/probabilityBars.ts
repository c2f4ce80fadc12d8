// One column of horizontal probability bars (a mixed target or a model's top classes), widths set through the CSSOM.
import { html, type TemplateResult } from 'lit';
import type { ClassScore } from '../../src/protocol/predict';
import { cssProperties } from '../shared/cssProperties';
import { formatPercent } from '../../src/present/format';

/** Classes shown per column. */
export const SHOWN_CLASSES = 3;

export function probabilityBarsTemplate(kind: string, title: string, scores: readonly ClassScore[], color: string, highlighted: ReadonlySet<number>): TemplateResult {
  return html`
    <div class=${`bars ${kind}`} role="group" aria-label=${title}>
      <div class="bars-title">${title}</div>
      ${scores.slice(0, SHOWN_CLASSES).map((score) => html`
        <div class=${`bar-row${highlighted.has(score.index) ? ' is-source-class' : ''}`}>
          <span class="bar-name">${score.name}</span>
          <span class="bar-value mono">${formatPercent(score.probability)}</span>
          <span class="bar-track" aria-hidden="true"><span class="bar-fill" ${cssProperties({ width: `${(score.probability * 100).toFixed(2)}%`, background: color })}></span></span>
        </div>`)}
    </div>`;
}
