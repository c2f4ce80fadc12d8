// Temperature scaling in the sweep's reports (issue 17): the terminal line, the Markdown and HTML before / after tables with T
// and the split, the CSV's metrics, the panel's reliability diagram's second series; and the panel's export carrying the OOD
// score the panel shows into the Markdown and HTML.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { SweepOodResult, SweepResults, SweepTemperatureScaling } from '../../../src/protocol/sweep';
import { formatCalibrationAndOod } from '../../../src/cli/commands/sweep';
import { sweepCsv } from '../../../src/present/report/sweepCsv';
import { sweepHtml } from '../../../src/present/report/sweepHtml';
import { sweepMarkdown } from '../../../src/present/report/sweepMarkdown';
import { messageParser } from '../../../src/extension/panels/panelMessages';
import { sweepWebviewMessageSchema } from '../../../src/protocol/messages/sweep';
import { sweepReportText } from '../../../src/present/report/sweepReportText';
import { temperatureRows } from '../../../src/present/temperatureFigures';
import { panelModelColor } from '../../../src/present/charts/modelPalette';
import { reliabilityDiagramOptions } from '../../../src/present/charts/reliabilityDiagram';
import { PANEL_CHART_THEME } from '../../../webview/shared/chartTheme';
import { drawn, legend, marks } from './chartMarks';
import { ood, results } from './sweepFixture';

const parseSweepMessage = messageParser(sweepWebviewMessageSchema);

function scaling(): SweepTemperatureScaling {
  const bins = Array.from({ length: 15 }, (_, b) => ({ lower: b / 15, upper: (b + 1) / 15, count: 0, accuracy: null as number | null, meanConfidence: null as number | null }));
  bins[13] = { ...bins[13], count: 40, accuracy: 0.9, meanConfidence: 0.9 };
  return {
    temperature: 1.4321, atRangeEdge: false, logitKind: 'logits', split: '/data/held-out', splitImageCount: 200, splitNllBefore: 0.61, splitNllAfter: 0.48,
    ece: 0.0123, adaptiveEce: 0.0234, classwiseEce: 0.0045, nll: 0.1567, bins,
  };
}

/** The fixture with temperature scaling for the first model, and an energy row for each model's OOD set. */
function scaledResults(): SweepResults {
  const r = results();
  r.models[0].calibration.temperatureScaling = scaling();
  r.models[0].calibration.adaptiveEce = 0.04;
  for (const m of r.models) {
    const energy: SweepOodResult = { ...ood('uniform-noise', 0.77), score: 'energy' };
    m.oodByScore = { maxLogit: [], energy: [energy] };
  }
  return r;
}

test('before / after rows: ECE, adaptive and classwise ECE in %, NLL in nats; a metric an older record lacks reads as a dash', () => {
  const r = scaledResults();
  assert.deepEqual(temperatureRows(r.models[0].calibration, scaling()), [
    { metric: 'ECE (15 equal-width bins)', before: '5.00%', after: '1.23%' },
    { metric: 'Adaptive ECE (15 equal-count bins)', before: '4.00%', after: '2.34%' },
    { metric: 'Classwise ECE', before: '–', after: '0.45%' },
    { metric: 'NLL (nats)', before: '0.2000', after: '0.1567' },
  ]);
});

test('the terminal, Markdown, HTML and CSV show T, where it was fitted and the metrics after it; a model without it shows none', () => {
  const r = scaledResults();
  const lines = formatCalibrationAndOod(r, 'msp');
  assert.ok(lines.includes('  after temperature scaling (T = 1.432, fitted on 200 images of /data/held-out): ECE 1.23%, adaptive ECE 2.34%, classwise ECE 0.45%, NLL 0.1567 nats'), lines.join('\n'));
  assert.equal(lines.filter((l) => l.includes('temperature scaling')).length, 1);
  const md = sweepMarkdown(r, 'Sweep');
  assert.ok(md.includes('Before / after temperature scaling (T = 1.432, fitted on 200 images of /data/held-out), on the 40 evaluated clean images'));
  assert.ok(md.includes('| ECE (15 equal-width bins) | 5.00% | 1.23% |'));
  assert.ok(md.includes('| NLL (nats) | 0.2000 | 0.1567 |'));
  const page = sweepHtml(r, 'Sweep', 'now');
  assert.ok(page.includes('<h3 style="margin-top:16px">Temperature scaling</h3>'));
  assert.ok(page.includes('baseline: T = 1.432, fitted on 200 images of /data/held-out'));
  assert.ok(page.includes('<td>Adaptive ECE (15 equal-count bins)</td><td class="numeric">4.00%</td><td class="numeric">2.34%</td>'));
  const csv = sweepCsv(r).split('\n');
  for (const [metric, value] of [['temperature', '1.4321'], ['calibration_split_images', '200'], ['ece_after_temperature', '0.0123'], ['adaptive_ece_after_temperature', '0.0234'], ['classwise_ece_after_temperature', '0.0045'], ['nll_after_temperature', '0.1567']]) {
    assert.ok(csv.includes(`baseline,a,calibration,clean,,${metric},${value}`), metric);
  }
  assert.equal(csv.filter((l) => l.startsWith('cutmix,') && l.includes('temperature')).length, 0);
  const edge = { ...scaling(), temperature: 0.01, atRangeEdge: true, logitKind: 'log-probabilities' as const };
  assert.ok(sweepMarkdown({ ...r, models: [{ ...r.models[0], calibration: { ...r.models[0].calibration, temperatureScaling: edge } }] }, 'Sweep')
    .includes('T = 0.010 (on the edge of the search range 0.01–100: the split does not pin T down), fitted on 200 images of /data/held-out; the model exposes probabilities only, so log p stands in for the logits'));
});

test('the panel\'s export message carries the OOD score, and the Markdown and HTML exports show that score\'s rows', () => {
  assert.deepEqual(parseSweepMessage({ type: 'export', format: 'md', oodScore: 'energy' }), { type: 'export', format: 'md', oodScore: 'energy' });
  assert.ok('error' in (parseSweepMessage({ type: 'export', format: 'md', oodScore: 'logit' }) as object), 'an unknown score is refused');
  assert.deepEqual(parseSweepMessage({ type: 'calibrationSplit', action: 'browse' }), { type: 'calibrationSplit', action: 'browse' });
  // The folder is picked in the host's dialog: a path the webview adds is dropped.
  assert.deepEqual(parseSweepMessage({ type: 'calibrationSplit', action: 'browse', path: '/etc' }), { type: 'calibrationSplit', action: 'browse' });
  const r = scaledResults();
  const energyMd = sweepReportText(r, 'md', 'energy');
  const mspMd = sweepReportText(r, 'md', 'msp');
  // AUROC 77.0% is the energy row's; the MSP rows have 0.0% and 90.0%.
  assert.ok(energyMd.includes('energy log Σ exp(logit) (T = 1)'));
  assert.ok(energyMd.includes('| uniform-noise | 40 / 40 | 77.0 |'), energyMd);
  assert.ok(!energyMd.includes('| uniform-noise | 40 / 40 | 90.0 |'));
  assert.ok(mspMd.includes('| uniform-noise | 40 / 40 | 90.0 |'));
  const energyHtml = sweepReportText(r, 'html', 'energy', 'now');
  assert.ok(energyHtml.includes('<td class="numeric">77.0</td>'));
  assert.ok(!sweepReportText(r, 'html', 'msp', 'now').includes('<td class="numeric">77.0</td>'));
  assert.equal(sweepReportText(r, 'csv', 'energy'), sweepCsv(r), 'the CSV has every score whatever the choice');
});

test('the reliability diagram adds the scaled bins\' accuracy as diamonds with a legend entry, only with temperature scaling', () => {
  const r = scaledResults();
  const size = { width: 360, height: 280 };
  const chart = drawn(reliabilityDiagramOptions(r.models[0].calibration, 'baseline', panelModelColor(0), PANEL_CHART_THEME, size));
  const [diamonds] = marks(chart, 'dot');
  const points = [...diamonds.querySelectorAll('path')];
  assert.equal(points.length, 1, 'one point per bin that holds scaled images');
  // x: the centre of bin 13 of 15 on [0, 1] between the margins (46 left, 20 right); y: accuracy 0.9 between 30 top and 40 bottom.
  const [x, y] = (/translate\(([-\d.e]+),([-\d.e]+)\)/.exec(points[0].getAttribute('transform') ?? '') ?? []).slice(1).map(Number);
  assert.ok(Math.abs(x - (46 + (13.5 / 15) * (360 - 46 - 20))) < 1e-6, `x ${x}`);
  assert.ok(Math.abs(y - (30 + (1 - 0.9) * (280 - 30 - 40))) < 1e-6, `y ${y}`);
  assert.equal(points[0].getAttribute('fill'), PANEL_CHART_THEME.text);
  assert.deepEqual(legend(chart), ['baseline: accuracy', 'after temperature scaling (T = 1.432)']);
  const unscaled = drawn(reliabilityDiagramOptions(r.models[1].calibration, 'cutmix', panelModelColor(1), PANEL_CHART_THEME, size));
  assert.equal(marks(unscaled, 'dot').length, 0);
  assert.deepEqual(legend(unscaled), ['cutmix: accuracy']);
});
