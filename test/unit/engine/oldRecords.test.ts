// Records saved by version 0.1 (schema 1, images inline; cam runs not yet stating their box threshold or overlay folder) still
// open: the runs view lists them, each reads back through the record check, and the reports are written from them.
// The fixtures are the records that version's CLI saved on the samples (test/fixtures/records-0.1/README.md).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cp, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { listRuns, readRunRecord } from '../../../src/engine/runs/store';
import { localisationReportText, sweepReportText } from '../../../src/present/report/panelReports';
import { mixSection } from '../../../src/present/report/mixSection';
import type { CamResults } from '../../../src/protocol/cam';
import type { MixResults } from '../../../src/protocol/mix';
import type { RunRecord } from '../../../src/protocol/records';
import type { SweepResults } from '../../../src/protocol/sweep';
import { withTempDir } from '../../fixtures/model/tempDir';

const fixtures = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'records-0.1');

async function recordOf<R>(analysis: string): Promise<RunRecord<R>> {
  const name = (await readdir(fixtures)).find((n) => n.includes(`-${analysis}-`));
  assert.ok(name, `a ${analysis} fixture`);
  return (await readRunRecord(join(fixtures, name, 'record.json'))) as RunRecord<R>;
}

test('the runs view lists every record of version 0.1', async () => {
  await withTempDir(async (dir) => {
    await cp(fixtures, dir, { recursive: true, filter: (source) => !source.endsWith('.md') });
    const runs = await listRuns(dir);
    assert.deepEqual(runs.map((r) => r.analysis).sort(), ['cam', 'mix', 'predict', 'sweep']);
  });
});

test('a cam record of version 0.1 reads its boxes\' τ from its localisation threshold and has no overlay folder', async () => {
  const record = await recordOf<CamResults>('cam');
  assert.equal(record.schemaVersion, 2);
  assert.equal(record.results.localisation?.threshold, 0.37);
  assert.equal(record.results.boxThreshold, 0.37);
  assert.equal(record.results.overlayFolder, null);
  const markdown = localisationReportText([record], 'md');
  assert.match(markdown, /MaxBoxAcc/);
  assert.match(markdown, /0\.37/);
  assert.match(localisationReportText([record], 'csv'), /max_box_acc|MaxBoxAcc/i);
});

test('sweep, mix and predict records of version 0.1 read back and report', async () => {
  const sweep = await recordOf<SweepResults>('sweep');
  assert.equal(sweep.results.models.length, 2);
  for (const format of ['md', 'csv', 'html'] as const) assert.match(sweepReportText(sweep.results, format, 'msp', '2026-12-06T00:00:00Z'), /contrast/i);
  const mix = await recordOf<MixResults>('mix');
  assert.match(String(mixSection([mix])), /CutMix/);
  const predict = await recordOf('predict');
  assert.equal(predict.spec.analysis, 'predict');
});
