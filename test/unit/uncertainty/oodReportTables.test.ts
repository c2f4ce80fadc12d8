// The sweep reports' OOD tables carry FPR at TPR 95%, AUPR-In and AUPR-Out beside AUROC, TNR and detection accuracy, and show
// a dash where a record written before those metrics were kept lacks them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sweepHtml } from '../../../src/cli/report/sweepHtml';
import { sweepMarkdown } from '../../../src/cli/report/sweepMarkdown';
import { results } from '../report/sweepFixture';
import type { SweepResults } from '../../../src/protocol/sweep';

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
