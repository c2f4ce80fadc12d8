// The sweep gallery names classes where the models have names (issue 18): the results carry them, the panel and the HTML
// export show them, and class indices remain only where no model has names of its own.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sweepHtml } from '../../../src/present/report/sweepHtml';
import { sweepClassNames } from '../../../src/engine/sweep/gallery';
import { GENERATED_LABELS_SOURCE } from '../../../src/protocol/model';
import { galleryClassName } from '../../../webview/sweep/gallerySection';
import { results } from '../report/sweepFixture';

const model = (names: string[], source: string) => ({ classifier: { labels: { names, source, warnings: [] } } });

test('the gallery\'s class names are the first model\'s own names; generated ones do not count', () => {
  const generated = model(['class 0', 'class 1'], GENERATED_LABELS_SOURCE);
  assert.deepEqual(sweepClassNames([generated, model(['cat', 'dog'], '/m/labels.txt'), model(['a', 'b'], 'imagefolder:/d')]), ['cat', 'dog']);
  assert.equal(sweepClassNames([generated]), null);
  assert.equal(sweepClassNames([]), null);
});

test('the panel shows a class name where the run has one, else the index', () => {
  assert.equal(galleryClassName(['cat', 'dog'], 1), 'dog');
  assert.equal(galleryClassName(['cat', 'dog'], 5), '5');
  assert.equal(galleryClassName(null, 1), '1');
  assert.equal(galleryClassName(undefined, 0), '0');
});

test('the HTML export names the gallery\'s classes from the results\' class names', () => {
  const run = results();
  const entry = run.gallery[0];
  assert.ok(entry, 'the fixture has a gallery');
  const classNames = Array.from({ length: 1 + Math.max(entry.label, ...entry.predictions.flatMap((p) => [p.clean.classIndex, p.corrupted.classIndex])) }, (_, i) => `name-${i}`);
  const page = sweepHtml({ ...run, classNames }, 'Sweep', 'now');
  assert.ok(page.includes(`true name-${entry.label}`), 'the true class is named');
  assert.ok(page.includes(`name-${entry.predictions[0].clean.classIndex} (`), 'the predicted class is named');
  assert.ok(!sweepHtml({ ...run, classNames: null }, 'Sweep', 'now').includes('name-'), 'without names, indices');
});
