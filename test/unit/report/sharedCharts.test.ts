// The charts the panels and the reports share, drawn with linkedom and read back mark by mark: error against severity
// (a line per model, its clean error dashed), the localisation curves with the τ shown, and the confidence histogram
// stacked by outcome; each checked against positions computed here from the data and the axes' own ticks.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ImagePrediction } from '../../../src/protocol/predict';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamResults } from '../../../src/protocol/cam';
import { confidenceHistogramSpec } from '../../../src/present/charts/confidenceHistogram';
import { lineChartOptions } from '../../../src/present/charts/lineChart';
import { panelModelColor, reportModelColor } from '../../../src/present/charts/modelPalette';
import { REPORT_CHART_THEME } from '../../../src/present/charts/reportTheme';
import { stackedBarOptions } from '../../../src/present/charts/stackedBars';
import { occlusionSpec, severitySpec } from '../../../src/present/charts/sweepCurves';
import { localisationCurveSpec, thresholdCurveOptions } from '../../../src/present/charts/thresholdCurves';
import { confidenceHistogram } from '../../../src/present/predictionStats';
import { PANEL_CHART_THEME } from '../../../webview/shared/chartTheme';
import { drawn, legend, marks, swatchColor, texts } from './chartMarks';
import { results } from './sweepFixture';

const SIZE = { width: 480, height: 260 };

/** The y (or x) pixel of a value on a linear axis, from two of the axis's labelled ticks. */
function axisPixel(chart: Element, axis: 'x' | 'y', ticks: [string, number][], value: number): number {
  const labels = [...marks(chart, `${axis}-axis tick label`)[0].querySelectorAll('text')];
  const at = (label: string) => {
    const match = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(labels.find((t) => t.textContent === label)?.getAttribute('transform') ?? '');
    assert.ok(match, `tick ${label} among ${labels.map((t) => t.textContent)}`);
    return Number(match[axis === 'x' ? 1 : 2]);
  };
  const [[l0, v0], [l1, v1]] = ticks;
  return at(l0) + ((value - v0) / (v1 - v0)) * (at(l1) - at(l0));
}

const dotPositions = (group: Element) => [...group.querySelectorAll('circle')].map((c) => ({ x: Number(c.getAttribute('cx')), y: Number(c.getAttribute('cy')), fill: c.getAttribute('fill') }));

test('error against severity: a solid line and dots per model at its errors, its clean error dashed across, one legend entry per model', () => {
  const sweep = results();
  const chart = drawn(lineChartOptions(severitySpec(sweep, 'gaussian_noise', panelModelColor), PANEL_CHART_THEME, SIZE));
  const [solid, dashed] = marks(chart, 'line');
  assert.deepEqual([...solid.querySelectorAll('path')].map((p) => p.getAttribute('stroke')), [panelModelColor(0), panelModelColor(1)]);
  assert.equal(dashed.getAttribute('stroke-dasharray'), '5,4');
  assert.equal(dashed.querySelectorAll('path').length, 2, 'one clean line per model');
  assert.deepEqual(legend(chart), ['baseline', 'cutmix']);
  assert.equal(swatchColor(chart, 'cutmix'), panelModelColor(1));
  assert.deepEqual(texts(marks(chart, 'x-axis tick label')[0]), ['1', '3'], 'ticks at the severities');
  assert.match(texts(marks(chart, 'y-axis label')[0])[0], /top-1 error/);

  const y = (error: number) => axisPixel(chart, 'y', [['0%', 0], ['100%', 1]], error);
  const x = (severity: number) => axisPixel(chart, 'x', [['1', 1], ['3', 3]], severity);
  const dots = dotPositions(marks(chart, 'dot')[0]);
  const expected = sweep.models.flatMap((m, i) => m.corruptions[0].errors.map((e, k) => ({ x: x(sweep.settings.severities[k]), y: y(e), fill: panelModelColor(i) })));
  assert.equal(dots.length, expected.length, 'dots at the severities only, none on the clean lines');
  for (const e of expected) assert.ok(dots.some((d) => Math.abs(d.x - e.x) < 1e-6 && Math.abs(d.y - e.y) < 1e-6 && d.fill === e.fill), `a dot at ${JSON.stringify(e)}`);
  // The clean line runs across at the clean error (0.1 for the first model).
  const clean = dashed.querySelector('path')?.getAttribute('d') ?? '';
  const ys = [...clean.matchAll(/[ML][-\d.e]+,([-\d.e]+)/g)].map((m) => Number(m[1]));
  assert.ok(ys.length === 2 && ys.every((v) => Math.abs(v - y(sweep.models[0].clean)) < 1e-6), clean);
});

test('occlusion: a solid centre line and a dashed boundary line per model, x in % of the image side', () => {
  const sweep = results();
  sweep.models.forEach((m, i) => {
    m.occlusion = {
      sizes: [{ fraction: 0.25, height: 8, width: 8 }, { fraction: 0.5, height: 16, width: 16 }], curves: [{ mode: 'centre', errors: [0.2 + i / 10, 0.5] }, { mode: 'boundary', errors: [0.9, 0.6] }],
      occlusion: 0, imageCount: 40, note: 'zeros',
    };
  });
  const spec = occlusionSpec(sweep, reportModelColor);
  assert.ok(spec);
  const chart = drawn(lineChartOptions(spec, REPORT_CHART_THEME, SIZE));
  const [solid, dashed] = marks(chart, 'line');
  assert.equal(solid.querySelectorAll('path').length, 2);
  assert.deepEqual([...dashed.querySelectorAll('path')].map((p) => p.getAttribute('stroke')), [reportModelColor(0), reportModelColor(1)]);
  assert.deepEqual(texts(marks(chart, 'x-axis tick label')[0]), ['0%', '20%', '40%', '60%', '80%', '100%'], 'the hole side on [0, 1] in %');
  assert.equal(dotPositions(marks(chart, 'dot')[0]).length, 8);
});

function camRecord(modelPath: string, accuracies: number[]): RunRecord<CamResults> {
  const thresholds = accuracies.map((_, i) => i / (accuracies.length - 1));
  const best = accuracies.indexOf(Math.max(...accuracies));
  const curve = (delta: number) => ({ iouThreshold: delta, accuracies, maxAccuracy: accuracies[best], bestThreshold: thresholds[best] });
  const results: CamResults = {
    modelPath, imageCount: 1, thresholds, maxBoxAcc: curve(0.5),
    settings: { method: 'cam', normalisation: 'minmax', ivrPercentile: null, layer: 'features', target: 'top1', evaluationSize: 224, thresholdStep: 0.25, inputSize: [64, 64] },
    maxBoxAccV2: { curves: [curve(0.3), curve(0.5), curve(0.7)], mean: accuracies[best] },
    localisation: { threshold: thresholds[best], thresholdSource: 'max-box-acc', top1: 0.5, gtKnown: accuracies[best] },
    images: [], boxThreshold: thresholds[best], scoremapFolder: null, overlayFolder: null, skipped: [], warnings: [],
  };
  return {
    schemaVersion: 2, id: `cam-${modelPath}`, createdAt: '2026-01-01T00:00:00.000Z', results, attachments: [],
    spec: { analysis: 'cam', models: [], data: '/data', params: {}, seed: 0 }, timings: { totalMs: 1, imagesPerSecond: 1 },
    backend: { name: 'cpu', device: 'CPU', label: 'TF.js cpu · CPU', deviceName: null, adapter: null, tfjsVersion: '4.22.0', threads: 1, log: [] }, versions: { robustnessLens: '0', tfjs: '4.22.0' },
  };
}

test('localisation curves: a line per model, its MaxBoxAcc as a dot at the best τ, and the τ shown as a dashed rule', () => {
  const records = [camRecord('/m/baseline/model.json', [0.2, 0.6, 0.5, 0.1, 0]), camRecord('/m/cutmix/model.json', [0.3, 0.4, 0.8, 0.2, 0])];
  const spec = localisationCurveSpec(records, panelModelColor, 0.5);
  assert.ok(spec);
  const chart = drawn(thresholdCurveOptions(spec, PANEL_CHART_THEME, SIZE));
  assert.deepEqual(legend(chart), ['baseline', 'cutmix']);
  assert.deepEqual([...marks(chart, 'line')[0].querySelectorAll('path')].map((p) => p.getAttribute('stroke')), [panelModelColor(0), panelModelColor(1)]);
  const x = (tau: number) => axisPixel(chart, 'x', [['0.0', 0], ['1.0', 1]], tau);
  const y = (accuracy: number) => axisPixel(chart, 'y', [['0%', 0], ['100%', 1]], accuracy);
  const best = dotPositions(marks(chart, 'dot')[0]);
  assert.deepEqual(best.map((d) => [Math.round(d.x * 1000) / 1000, Math.round(d.y * 1000) / 1000]), [[x(0.25), y(0.6)], [x(0.5), y(0.8)]].map(([a, b]) => [Math.round(a * 1000) / 1000, Math.round(b * 1000) / 1000]));
  const [rule] = marks(chart, 'rule');
  assert.equal(rule.getAttribute('stroke-dasharray'), '5,4');
  const line = rule.querySelector('line');
  assert.ok(line && Math.abs(Number(line.getAttribute('x1')) - x(0.5)) < 1e-6, 'the rule at τ = 0.5');
  assert.ok(texts(chart).includes('τ shown (0.50)'));
  // Near the right edge the label goes left of the rule, so it is not cut off.
  const nearEdge = drawn(thresholdCurveOptions(localisationCurveSpec(records, panelModelColor, 0.99) ?? spec, PANEL_CHART_THEME, SIZE));
  const label = marks(nearEdge, 'text').find((g) => texts(g).includes('τ shown (0.99)'));
  assert.equal(label?.getAttribute('text-anchor'), 'end');
  assert.match(spec.description, /baseline and cutmix/);

  const report = drawn(thresholdCurveOptions(localisationCurveSpec(records, reportModelColor) ?? spec, REPORT_CHART_THEME, SIZE));
  assert.equal(marks(report, 'rule').length, 0, 'the report has no τ shown');
});

const prediction = (id: string, label: number | null, top: number, probability: number): ImagePrediction =>
  ({ id, path: `/d/${id}.png`, label, top: [{ index: top, name: `c${top}`, probability }], probabilities: null, thumbnail: null });

test('the confidence histogram stacks correct, incorrect and unlabelled images per bin, bar heights in proportion to the counts', () => {
  const predictions = [
    prediction('a', 1, 1, 0.95), prediction('b', 1, 1, 0.97), prediction('c', 2, 2, 0.91), prediction('d', 1, 0, 0.93),
    prediction('e', null, 3, 0.35), prediction('f', null, 3, 0.31),
  ];
  const chart = drawn(stackedBarOptions(confidenceHistogramSpec(confidenceHistogram(predictions), PANEL_CHART_THEME), PANEL_CHART_THEME, SIZE));
  assert.deepEqual(legend(chart), ['Correct', 'Incorrect', 'Unlabelled']);
  const bars = [...marks(chart, 'bar')[0].querySelectorAll('rect')];
  assert.equal(bars.length, 3, 'three non-empty (bin, outcome) cells');
  const height = (fill: string) => Number(bars.find((b) => b.getAttribute('fill') === fill)?.getAttribute('height'));
  const { correct, incorrect, unlabelled } = PANEL_CHART_THEME.outcomeColors;
  assert.ok(Math.abs(height(correct) / height(incorrect) - 3) < 1e-6 && Math.abs(height(unlabelled) / height(incorrect) - 2) < 1e-6);
  const xOf = (fill: string) => Number(bars.find((b) => b.getAttribute('fill') === fill)?.getAttribute('x'));
  assert.equal(xOf(correct), xOf(incorrect), 'correct and incorrect share the 90–100% bar');
  assert.ok(xOf(unlabelled) < xOf(correct));
  assert.deepEqual(texts(marks(chart, 'x-axis tick label')[0]).slice(0, 2), ['0–10%', '10–20%']);
  assert.ok(texts(marks(chart, 'y-axis label')[0])[0].includes('Images'));
});

test('one colour per checkpoint: the panel\'s theme variable and the report\'s hue for the same place', () => {
  assert.deepEqual([0, 1, 2, 3].map(panelModelColor), ['var(--vscode-charts-blue, #1a85ff)', 'var(--lens-charts-orange, #d18616)', 'var(--vscode-charts-purple, #652d90)', 'var(--vscode-charts-green, #388a34)']);
  assert.deepEqual([0, 1, 2, 3].map(reportModelColor), ['#0969da', '#bc4c00', '#8250df', '#1a7f37']);
  assert.equal(panelModelColor(6), panelModelColor(0));
});

