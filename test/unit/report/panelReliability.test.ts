// The sweep panel's reliability diagram: one chart per model with accuracy bars for the bins that hold images, outlined
// bars for empty bins, and every bin's image count drawn above the plot (no line jumping between 0% and 100%).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Chart } from 'chart.js';
import { reliabilityConfig } from '../../../webview/sweep/calibrationSection';
import { calibration, results } from './sweepFixture';

/** themeColor reads CSS variables from the document; an empty style gives every fallback. */
function withoutTheme(): void {
  Object.assign(globalThis, {
    document: { documentElement: {} },
    getComputedStyle: () => ({ getPropertyValue: () => '' }),
  });
}

test('the panel draws bars per bin, empty bins as outlines, and the count of every bin', () => {
  withoutTheme();
  const config = reliabilityConfig(results().models[0], 0);
  assert.equal(config.type, 'bar');
  const [accuracy, empty, diagonal] = config.data.datasets;
  assert.deepEqual(accuracy.data.map((p) => p.y), [2 / 3, 1], 'accuracy bars where the bins hold images');
  assert.equal(accuracy.type, 'bar');
  assert.equal(empty.data.length, 13, 'every empty bin is drawn');
  assert.ok(empty.data.every((p) => p.y === 1));
  assert.equal(empty.backgroundColor, 'transparent');
  assert.equal(diagonal.type, 'line');

  const texts: string[] = [];
  const ctx = { save() {}, restore() {}, fillText: (text: string) => texts.push(text), fillStyle: '', font: '', textAlign: '', textBaseline: '' };
  const chart = { ctx, chartArea: { top: 20 }, scales: { x: { getPixelForValue: (v: number) => v * 100 } } } as unknown as Chart<'line' | 'bar'>;
  const plugin = config.plugins?.[0];
  assert.ok(plugin?.afterDatasetsDraw, 'a plugin draws the counts');
  plugin.afterDatasetsDraw.call(plugin, chart, {}, {}, false);
  assert.deepEqual(texts, calibration().bins.map((b) => String(b.count)));
});
