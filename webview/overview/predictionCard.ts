// One image's card: thumbnail, true label, and the top-k classes as horizontal bars.
import { html, nothing, type TemplateResult } from 'lit';
import type { ImagePrediction } from '../../src/protocol/predict';
import { cssProperties } from '../shared/cssProperties';
import { formatPercent, safeImageSource } from '../../src/present/format';
import { predictionOutcome, type Outcome } from '../../src/present/predictionStats';

const outcomeIcons: Record<Outcome, string> = {
  correct: 'codicon-pass',
  incorrect: 'codicon-error',
  unlabelled: 'codicon-question',
};

function trueLabelText(prediction: ImagePrediction, classNames: readonly string[]): string {
  if (prediction.label === null) return 'Unlabelled';
  return classNames[prediction.label] ?? `class ${prediction.label}`;
}

export function predictionCardTemplate(prediction: ImagePrediction, classNames: readonly string[]): TemplateResult {
  const outcome = predictionOutcome(prediction);
  const thumbnail = safeImageSource(prediction.thumbnail);
  const trueLabel = trueLabelText(prediction, classNames);
  const top = prediction.top[0];
  const summary = top === undefined ? '' : `, predicted ${top.name} ${formatPercent(top.probability)}`;
  return html`
    <article class=${`prediction-card outcome-${outcome}`} aria-label=${`${prediction.id}: ${outcome}, true label ${trueLabel}${summary}`}>
      <div class="card-top">
        ${thumbnail === null
          ? html`<div class="thumbnail thumbnail-missing"><span class="codicon codicon-file-media" aria-hidden="true"></span></div>`
          : html`<img class="thumbnail" src=${thumbnail} alt="">`}
        <div class="card-caption">
          <p class="card-file" title=${prediction.path}>${prediction.id}</p>
          <p class="card-label">
            <span class=${`codicon ${outcomeIcons[outcome]} outcome-icon`} aria-hidden="true"></span>
            <span class="muted">True:</span> ${trueLabel}
          </p>
        </div>
      </div>
      <ol class="score-list">
        ${prediction.top.map((score) => html`
          <li class=${score.index === prediction.label ? 'score-row is-true-class' : 'score-row'}>
            <span class="score-name" title=${score.name}>${score.name}</span>
            <span class="score-value">${formatPercent(score.probability)}</span>
            <span class="score-track" aria-hidden="true"><span class="score-fill" ${cssProperties({ width: formatPercent(score.probability, 2) })}></span></span>
          </li>`)}
      </ol>
      ${prediction.top.length === 0 ? html`<p class="muted">No scores</p>` : nothing}
    </article>`;
}
