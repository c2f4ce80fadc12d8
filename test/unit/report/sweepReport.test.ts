// The sweep report's HTML and Markdown on a hand-made run: no library warnings, ticks as people write them, the OOD
// metrics explained (and a reversed set said in words), reliability bars with counts, per-corruption columns for
// incomplete families, gallery class names, image counts beside each figure, one colour per model.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { calibration, ood, results } from './sweepFixture';
import { formatSummary } from '../../../src/cli/commands/sweep';
import { lineChartOptions } from '../../../src/present/charts/lineChart';
import { REPORT_CHART_THEME } from '../../../src/present/charts/reportTheme';
import { chartMarkup } from '../../../src/present/report/chartMarkup';
import { reportModelColor } from '../../../src/present/charts/modelPalette';
import { reliabilityDiagramOptions } from '../../../src/present/charts/reliabilityDiagram';
import { sweepHtml } from '../../../src/present/report/sweepHtml';
import { sweepMarkdown } from '../../../src/present/report/sweepMarkdown';
import { summaryHeaders, summaryTableRows } from '../../../src/present/report/sweepSummaryCells';
import { formatTickNumber } from '../../../src/present/chartNumbers';
import { oodVerdict } from '../../../src/present/calibrationFigures';

const PLOT_WARNING = /Please check the console|warning/i;

/** Runs `render` with console.warn recorded: Observable Plot reports its warnings there. */
function withWarnings<T>(render: () => T): { value: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
  try {
    return { value: render(), warnings };
  } finally {
    console.warn = original;
  }
}

test('tick numbers are written as people write them', () => {
  assert.equal(formatTickNumber(8), '8');
  assert.equal(formatTickNumber(8.000000001), '8');
  assert.equal(formatTickNumber(0.25), '0.25');
  assert.equal(formatTickNumber(8 / 255), '0.0314');
  assert.equal(formatTickNumber(0), '0');
});

test('a line chart whose series have one point each draws without a Plot warning and with a plain tick', () => {
  const { value, warnings } = withWarnings(() => chartMarkup(lineChartOptions({
    description: 'FGSM', xAxisLabel: 'ε (/255)', yAxisLabel: 'top-1 error', percentY: true, xTicks: [8],
    series: [{ id: 'a', legend: 'baseline', color: '#0969da', points: [{ x: 8, y: 0.7 }] }, { id: 'b', legend: 'cutmix', color: '#bc4c00', points: [{ x: 8, y: 0.4 }] }],
  }, REPORT_CHART_THEME, { width: 420, height: 260 })));
  assert.deepEqual(warnings, []);
  assert.doesNotMatch(value.text, PLOT_WARNING);
  assert.doesNotMatch(value.text, />\s*8\.0+\s*</);
  assert.match(value.text, />8</);
});

test('the sweep page has no library warning, FGSM starts at the clean error (ε 0) and its ticks read 0 and 8', () => {
  const { value: page, warnings } = withWarnings(() => sweepHtml(results(), 'Sweep', '2026-01-01T00:00:00Z'));
  assert.deepEqual(warnings, []);
  assert.doesNotMatch(page, /Please check the console/);
  assert.doesNotMatch(page, />\s*-?\d+\.0{3,}\s*</, "no tick text like 8.000000");
  const fgsm = page.slice(page.indexOf('<h3>FGSM'), page.indexOf('</figure>', page.indexOf('<h3>FGSM')));
  assert.match(fgsm, />0</);
  assert.match(fgsm, />8</);
});

test('the reliability diagram draws every bin with its image count: bars where there are images, outlines where there are none', () => {
  const svg = chartMarkup(reliabilityDiagramOptions(calibration(), 'baseline', '#0969da', REPORT_CHART_THEME, { width: 360, height: 280 })).text;
  const labels = [...svg.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((m) => m[1]);
  const counts = calibration().bins.map((b) => String(b.count));
  for (const count of counts) assert.ok(labels.includes(count), `count ${count} among ${labels}`);
  assert.equal(labels.filter((l) => l === '0').length, 13, 'one "0" per empty bin');
  assert.equal((svg.match(/stroke-dasharray="2,2"/g) ?? []).length + (svg.match(/stroke-dasharray="2, ?2"/g) ?? []).length > 0, true, 'empty bins are outlined');
  assert.match(svg, /fill="#0969da"/);
});

test('the OOD table states its units and score, and says in words when a model scores the OOD set higher', () => {
  const page = sweepHtml(results(), 'Sweep', '2026-01-01T00:00:00Z');
  assert.match(page, /AUROC \(%\)/);
  assert.match(page, /maximum softmax probability/);
  assert.match(page, /baseline is more confident on uniform-noise \(40 images, AUROC 0\.0%\) than on its 40 in-distribution images \(chance is 50%\)/);
  assert.doesNotMatch(page, /cutmix is more confident/);
  assert.equal(oodVerdict({ ...results().models[1], ood: [ood('x', 0.5)] }), null, 'chance is not reversed');
  const markdown = sweepMarkdown(results(), 'Sweep');
  assert.match(markdown, /baseline is more confident on uniform-noise/);
  assert.match(markdown, /OOD detection \(%\)/);
});

test('corruptions whose family is incomplete get columns of their own in the table, HTML and Markdown', () => {
  const r = results();
  assert.deepEqual(summaryHeaders(r), ['Clean', 'FGSM', 'Gaussian noise', 'Defocus blur']);
  const [a, b] = summaryTableRows(r);
  assert.deepEqual(a.cells.map((c) => c.text), ['10.0', '60.0', '30.0', '40.0']);
  assert.deepEqual(b.cells.map((c) => c.text), ['20.0', '70.0', '40.0', '40.0']);
  assert.deepEqual(a.cells.map((c) => c.best), [true, true, true, true], 'ties are best for both');
  assert.equal(b.cells[2].best, false);
  const page = sweepHtml(r, 'Sweep', '2026-01-01T00:00:00Z');
  assert.match(page, /<th class="numeric">Gaussian noise<\/th>/);
  assert.match(page, /corruptions of incomplete families have columns of their own/);
  assert.match(sweepMarkdown(r, 'Sweep'), /\| Model \| Clean \| FGSM \| Gaussian noise \| Defocus blur \|/);
  const terminal = formatSummary(r).split('\n');
  assert.deepEqual(terminal[0].split(/\s{2,}/).map((h) => h.trim()), ['Model', 'Clean', 'FGSM', 'Gaussian noise', 'Defocus blur']);
  assert.match(terminal[1], /^baseline\s+10\.0\*\s+60\.0\*\s+30\.0\*\s+40\.0\*/);
  assert.match(formatSummary(r), /corruptions of incomplete families have columns of their own/);
});

test('the gallery names classes when names are given, and indices only when not', () => {
  const names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  const named = sweepHtml(results(), 'Sweep', 'now', { classNames: names });
  assert.match(named, /airplane \(90%\) → ship \(60%\)/);
  assert.match(named, /true airplane/);
  assert.doesNotMatch(named, /0 → 8/);
  assert.match(sweepHtml(results(), 'Sweep', 'now'), /class 0 \(90%\) → class 8 \(60%\)/);
});

test('every figure of the sweep says on how many images, and each model keeps one colour', () => {
  const page = sweepHtml(results(), 'Sweep', 'now');
  assert.match(page, /Top-1 error \(%\) and mCE \(%\) on 40 images/);
  assert.match(page, /noise <span class="muted small">mean of 1 corruption, on 40 images/);
  assert.match(page, /FGSM <span class="muted small">on 40 images/);
  assert.match(page, /on 40 clean images/);
  // The line charts colour each model with its palette colour.
  assert.ok(page.includes(`stroke="${reportModelColor(0)}"`) && page.includes(`stroke="${reportModelColor(1)}"`));
});
