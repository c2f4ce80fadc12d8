// The reliability diagram as the sweep panel and the report draw it (one Plot spec): accuracy bars for the bins that hold
// images at their accuracy's height, dashed outlines for empty bins, every bin's image count over its bin, the diagonal,
// and the model's colour in the bars and the legend.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { panelModelColor, reportModelColor } from '../../../src/present/charts/modelPalette';
import { reliabilityDiagramOptions } from '../../../src/present/charts/reliabilityDiagram';
import { REPORT_CHART_THEME } from '../../../src/present/charts/reportTheme';
import { PANEL_CHART_THEME } from '../../../webview/shared/chartTheme';
import { drawn, legend, marks, numberAttribute, swatchColor, texts, translateX } from './chartMarks';
import { calibration } from './sweepFixture';

const SIZE = { width: 360, height: 280 };
const MARGIN = { top: 30, bottom: 40 };

for (const [place, theme, color] of [['panel', PANEL_CHART_THEME, panelModelColor(0)], ['report', REPORT_CHART_THEME, reportModelColor(0)]] as const) {
  test(`${place}: bars per filled bin at their accuracy, empty bins outlined, the count of every bin over it`, () => {
    const chart = drawn(reliabilityDiagramOptions(calibration(), 'baseline', color, theme, SIZE));
    const rects = marks(chart, 'rect');
    const accuracy = rects.flatMap((g) => [...g.querySelectorAll('rect')].filter((r) => r.getAttribute('fill') === color));
    assert.equal(accuracy.length, 2, 'one bar per bin that holds images (bins 10 and 14)');
    const plotHeight = SIZE.height - MARGIN.top - MARGIN.bottom;
    // rectY's bars are inset by 0.5 px: height = accuracy × plot height − 1.
    assert.deepEqual(accuracy.map((r) => Math.round(numberAttribute(r, 'height') + 1)), [Math.round(plotHeight * 2 / 3), plotHeight]);
    const outlines = rects.filter((g) => g.getAttribute('stroke-dasharray') === '2,2');
    assert.equal(outlines.length, 1);
    assert.equal(outlines[0].querySelectorAll('rect').length, 13, 'every empty bin outlined');
    assert.equal(outlines[0].getAttribute('fill'), 'none');

    const [counts] = marks(chart, 'text');
    assert.deepEqual(texts(counts), calibration().bins.map((b) => String(b.count)), 'each bin\'s count, in bin order');
    const xs = [...counts.querySelectorAll('text')].map(translateX);
    const binWidth = (xs[14] - xs[0]) / 14;
    assert.ok(xs.every((x, i) => Math.abs(x - xs[0] - i * binWidth) < 1e-6), 'counts centred over equally spaced bins');

    const diagonal = marks(chart, 'line');
    assert.equal(diagonal.length, 1);
    assert.equal(diagonal[0].getAttribute('stroke'), theme.muted);
    assert.deepEqual(legend(chart), ['baseline: accuracy']);
    assert.equal(swatchColor(chart, 'baseline: accuracy'), color);
    assert.deepEqual(texts(marks(chart, 'y-axis label')[0]), ['↑ accuracy']);
    assert.match(texts(marks(chart, 'x-axis label')[0])[0], /^confidence \(max softmax probability\)/);
    assert.match(chart.querySelector('svg[aria-label]')?.getAttribute('aria-label') ?? '', /^Reliability diagram of baseline on 40 clean images/);
  });
}

test('the panel draws with theme variables and has tips; the report has fixed colours and none', () => {
  const panel = drawn(reliabilityDiagramOptions(calibration(), 'baseline', panelModelColor(0), PANEL_CHART_THEME, SIZE));
  assert.equal(marks(panel, 'y-grid')[0].getAttribute('stroke'), PANEL_CHART_THEME.grid);
  assert.match(PANEL_CHART_THEME.grid, /^var\(--vscode-editorWidget-border/);
  assert.ok(marks(panel, 'tip').length > 0);
  const report = drawn(reliabilityDiagramOptions(calibration(), 'baseline', reportModelColor(0), REPORT_CHART_THEME, SIZE));
  assert.equal(marks(report, 'tip').length, 0);
});
