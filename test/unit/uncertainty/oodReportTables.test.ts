// The sweep reports' OOD tables carry FPR at TPR 95%, AUPR-In and AUPR-Out beside AUROC, TNR and detection accuracy, and show
// a dash where a record written before those metrics were kept lacks them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sweepHtml } from '../../../src/present/report/sweepHtml';
import { sweepMarkdown } from '../../../src/present/report/sweepMarkdown';
import { results } from '../report/sweepFixture';
import type { SweepResults } from '../../../src/protocol/sweep';
import { histogramRows } from '../../../webview/sweep/calibrationSection';
import { panelModelColor } from '../../../src/present/charts/modelPalette';
import { oodHistogramOptions } from '../../../src/present/charts/oodHistogram';
import { PANEL_CHART_THEME } from '../../../webview/shared/chartTheme';
import { drawn, legend, marks, texts } from '../report/chartMarks';

/** The fixture with the second model's OOD row given the new metrics; the first model's row keeps the old record's shape. */
function withNewMetrics(): SweepResults {
  const sweep = results();
  const [older, newer] = sweep.models;
  newer.ood = newer.ood.map((o) => ({ ...o, fprAtTpr95: 0.125, auprIn: 0.875, auprOut: 0.625 }));
  assert.equal(older.ood[0].fprAtTpr95, undefined);
  return sweep;
}

test('the Markdown OOD table has FPR at TPR 95%, AUPR-In and AUPR-Out columns, a dash where a record lacks them', () => {
  const markdown = sweepMarkdown(withNewMetrics(), 'sweep');
  assert.match(markdown, /\| Set \| Images \(in \/ out\) \| AUROC \| TNR at TPR 95% \| FPR at TPR 95% \| AUPR-In \| AUPR-Out \| Detection acc\. \|/);
  assert.match(markdown, /\| uniform-noise \| 40 \/ 40 \| 90\.0 \| 90\.0 \| 12\.5 \| 87\.5 \| 62\.5 \| 50\.0 \|/);
  assert.match(markdown, /\| uniform-noise \| 40 \/ 40 \| 0\.0 \| 0\.0 \| – \| – \| – \| 50\.0 \|/);
});

test('the HTML OOD table has the three new columns in the same order', () => {
  const page = sweepHtml(withNewMetrics(), 'sweep', '2026-01-01T00:00:00Z');
  assert.match(page, /TNR at TPR 95% \(%\)<\/th><th class="numeric">FPR at TPR 95% \(%\)<\/th><th class="numeric">AUPR-In \(%\)<\/th><th class="numeric">AUPR-Out \(%\)<\/th><th class="numeric">Detection acc\. \(%\)/);
  assert.match(page, /<td class="numeric">90\.0<\/td><td class="numeric">90\.0<\/td><td class="numeric">12\.5<\/td><td class="numeric">87\.5<\/td><td class="numeric">62\.5<\/td><td class="numeric">50\.0<\/td>/);
  assert.match(page, /<td class="numeric">0\.0<\/td><td class="numeric">0\.0<\/td><td class="numeric">–<\/td><td class="numeric">–<\/td><td class="numeric">–<\/td><td class="numeric">50\.0<\/td>/);
});

/** The fixture's second model with max logit and energy rows, its logits being log-probabilities. */
function withScores(): SweepResults {
  const sweep = withNewMetrics();
  const newer = sweep.models[1];
  newer.oodByScore = {
    maxLogit: newer.ood.map((o) => ({ ...o, score: 'maxLogit' as const, auroc: 0.25 })),
    energy: newer.ood.map((o) => ({ ...o, score: 'energy' as const, auroc: 0.5 })),
  };
  newer.logitKind = 'log-probabilities';
  newer.calibration = { ...newer.calibration, adaptiveEce: 0.0512, classwiseEce: 0.0205 };
  return sweep;
}

test('the OOD tables show the chosen score, a Score column for all of them, and say when scores come from log-probabilities', () => {
  const sweep = withScores();
  const newer = sweep.models[1];
  const energy = sweepMarkdown(sweep, 'sweep', 'energy');
  assert.match(energy, /Score: each image's energy log Σ exp\(logit\) \(T = 1\)/);
  assert.match(energy, /\| uniform-noise \| 40 \/ 40 \| 50\.0 \|/);
  assert.doesNotMatch(energy, /\| uniform-noise \| 40 \/ 40 \| 90\.0 \|/, 'only the energy rows');
  assert.match(energy, new RegExp(`> ${newer.name} only exposes probabilities: its max logit is log MSP`));
  assert.match(energy, /adaptive ECE 5\.12% \(15 equal-count bins\), classwise ECE 2\.05%/);
  const all = sweepMarkdown(sweep, 'sweep', 'all');
  assert.match(all, /\| Set \| Score \| Images \(in \/ out\) \|/);
  for (const [score, auroc] of [['max softmax probability', '90\\.0'], ['max logit', '25\\.0'], ['energy \\(T = 1\\)', '50\\.0']]) {
    assert.match(all, new RegExp(`\\| uniform-noise \\| ${score} \\| 40 / 40 \\| ${auroc} \\|`));
  }
  const page = sweepHtml(sweep, 'sweep', '2026-01-01T00:00:00Z', { classNames: null, oodScore: 'maxLogit' });
  assert.match(page, /<td class="numeric">40 \/ 40<\/td><td class="numeric">25\.0<\/td>/);
  assert.doesNotMatch(page, /<th>Score<\/th>/, 'one score: no Score column');
  assert.match(page, /only exposes probabilities/);
  // The first model's record predates the other scores: it has no rows under them, and the default stays MSP.
  assert.equal((sweepMarkdown(sweep, 'sweep', 'maxLogit').match(/\| uniform-noise \|/g) ?? []).length, 1);
  assert.equal(sweepMarkdown(withNewMetrics(), 'sweep'), sweepMarkdown(withNewMetrics(), 'sweep', 'msp'));
});

test('the panel\'s OOD histogram follows the chosen score, on the score\'s own range', () => {
  const newer = withScores().models[1];
  newer.oodByScore?.energy.forEach((o) => { o.histogram = [{ lower: -3, upper: 1, inCount: 40, outCount: 0 }, { lower: 1, upper: 5, inCount: 0, outCount: 40 }]; });
  assert.equal(histogramRows(newer, 'all')[0].score, undefined, 'all three: the chart shows max softmax probability');
  const rows = histogramRows(newer, 'energy');
  const chart = drawn(oodHistogramOptions(rows, 'cutmix', panelModelColor(1), PANEL_CHART_THEME, { width: 400, height: 260 }));
  assert.match(texts(marks(chart, 'x-axis label')[0])[0], /^energy \(T = 1\)/);
  const ticks = texts(marks(chart, 'x-axis tick label')[0]).map(Number);
  assert.ok(Math.min(...ticks) < 0 && Math.min(...ticks) >= -3 && Math.max(...ticks) > 1 && Math.max(...ticks) <= 5, `the axis spans the bins, not [0, 1]: ${ticks}`);
  assert.deepEqual(legend(chart), ['in-distribution', 'uniform-noise']);
  const bars = [...marks(chart, 'rect')[0].querySelectorAll('rect')];
  // The bins fill the plot from the left margin (46 px) to the right one (400 − 20 px).
  const edges = bars.flatMap((b) => [Number(b.getAttribute('x')), Number(b.getAttribute('x')) + Number(b.getAttribute('width'))]);
  assert.deepEqual([Math.min(...edges), Math.max(...edges)], [46, 380]);
  const heights = (color: string) => bars.filter((b) => b.getAttribute('fill') === color).map((b) => Number(b.getAttribute('height') ?? 0));
  const inBars = heights(panelModelColor(1));
  const outBars = heights(PANEL_CHART_THEME.oodColors[0]);
  // Every in-distribution image in the low-energy bin, every OOD image in the high one: one full bar each, one empty.
  assert.equal(inBars.length, 2);
  assert.equal(outBars.length, 2);
  assert.ok(inBars[0] > 100 && inBars[1] === 0, `in ${inBars}`);
  assert.ok(outBars[0] === 0 && outBars[1] === inBars[0], `out ${outBars}`);
});
