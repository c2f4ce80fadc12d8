// `robustness-lens cam --export md,csv --out DIR` as a user runs it: the tables are checked against numbers worked out
// from the run's per-image record by hand (IoU ≥ 0.5 counts), not against a snapshot of the exporters' own output.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../../src/protocol/records';
import type { CamResults } from '../../../src/protocol/cam';
import { LOCALISATION_CSV_HEADER } from '../../../src/present/report/localisationCsv';
import { repo, runCli } from '../../fixtures/cli';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const fixture = join(repo, 'test', 'fixtures', 'wsol-splits');

type CsvRow = Record<(typeof LOCALISATION_CSV_HEADER)[number], string>;

/** The CSV as rows keyed by its header (no field of these runs is quoted). */
function parseCsv(text: string): CsvRow[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  assert.deepEqual(header.split(','), [...LOCALISATION_CSV_HEADER]);
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [LOCALISATION_CSV_HEADER[i], value])) as CsvRow);
}

function savedRecord(runs: string): RunRecord<CamResults> {
  const [folder] = readdirSync(runs);
  return JSON.parse(readFileSync(join(runs, folder, 'record.json'), 'utf8')) as RunRecord<CamResults>;
}

test('cam --export md,csv on a box dataset: GT-known / top-1 Loc are the IoU ≥ 0.5 counts of the record\'s images, MaxBoxAcc the curve\'s maximum', () => {
  const dir = temporaryFolder('cli-cam-export-');
  const r = runCli('cam', sampleModel, join(fixture, 'metadata', 'CUB', 'test'), '--target', 'gt', '--export', 'md,csv', '--out', join(dir, 'out'), '--runs', join(dir, 'runs'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Wrote .*localisation\.md/);
  const record = savedRecord(join(dir, 'runs'));
  const rows = parseCsv(readFileSync(join(dir, 'out', 'localisation.csv'), 'utf8'));
  const value = (metric: string, where: Partial<CsvRow> = {}): number => {
    const found = rows.filter((row) => row.metric === metric && Object.entries(where).every(([k, v]) => row[k as keyof CsvRow] === v));
    assert.equal(found.length, 1, `one ${metric} row ${JSON.stringify(where)}`);
    return Number(found[0].value);
  };
  // By hand from the record: the images with boxes, their IoU at the run's τ, and whether the top-1 class was right.
  const scored = record.results.images.filter((image) => image.groundTruth.length > 0);
  assert.equal(scored.length, 6);
  const localised = scored.filter((image) => (image.iou as number) >= 0.5);
  const tau = record.results.boxThreshold;
  assert.equal(value('images'), 6);
  assert.equal(value('gt_known_loc'), localised.length / scored.length);
  assert.equal(value('top1_loc'), localised.filter((image) => image.predicted === image.label).length / scored.length);
  const curve = rows.filter((row) => row.metric === 'box_acc');
  assert.equal(curve.length, 100, 'τ = 0, 0.01, …, 0.99');
  assert.deepEqual(curve.map((row) => Number(row.tau)).slice(0, 3), [0, 0.01, 0.02]);
  assert.equal(Number(curve.find((row) => Number(row.tau) === Number(tau.toFixed(6)))?.value), localised.length / scored.length, 'the curve at the run\'s τ is GT-known Loc');
  assert.equal(value('max_box_acc', { iou: '0.5' }), Math.max(...curve.map((row) => Number(row.value))));
  assert.equal(Number(rows.find((row) => row.metric === 'max_box_acc')?.tau), Number(tau.toFixed(6)), 'MaxBoxAcc\'s best τ is the run\'s τ');
  for (const delta of ['0.3', '0.5', '0.7']) {
    const v2 = rows.filter((row) => row.metric === 'box_acc_v2' && row.iou === delta).map((row) => Number(row.value));
    assert.equal(value('max_box_acc_v2', { iou: delta }), Math.max(...v2));
  }
  assert.ok(rows.every((row) => row.method === 'CAM' && row.normalisation === 'minmax' && row.target === 'gt' && row.model_id === sampleModel));

  const md = readFileSync(join(dir, 'out', 'localisation.md'), 'utf8');
  const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;
  assert.match(md, /^# Localisation$/m);
  assert.ok(md.includes(`| GT-known Loc | 50 | ${percent(localised.length / scored.length)} | ${tau.toFixed(2)} (MaxBoxAcc's best τ) |`), md);
  assert.ok(md.includes('CAM · Min-max normalisation · maps of the ground-truth class'), md);
  assert.ok(readdirSync(join(dir, 'out')).includes('definitions.html'), 'the page the Markdown links to is beside it');
});

test('cam --faithfulness --export on a split dataset: the protocol\'s choice and test numbers, and faithfulness measured on test with the chosen setting', () => {
  const dir = temporaryFolder('cli-cam-export-protocol-');
  const r = runCli('cam', sampleModel, join(fixture, 'metadata', 'CUB'), '--method', 'cam,layercam', '--faithfulness', '--limit', '2', '--export', 'csv,md', '--out', join(dir, 'out'), '--runs', join(dir, 'runs'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Measured on test with the setting chosen on train-fullsup \((CAM|LayerCAM) · minmax\):$/m);
  assert.match(r.stdout, /^Faithfulness$/m);
  const record = savedRecord(join(dir, 'runs'));
  const { protocol, faithfulness } = record.results;
  assert.ok(protocol && faithfulness, 'the test run measured faithfulness');
  assert.equal(faithfulness.imageCount, 2);
  const rows = parseCsv(readFileSync(join(dir, 'out', 'localisation.csv'), 'utf8'));
  const candidates = rows.filter((row) => row.split === 'train-fullsup' && row.metric === 'max_box_acc');
  assert.deepEqual(candidates.map((row) => row.candidate), ['CAM · minmax', 'LayerCAM · minmax']);
  // The chosen candidate is the first with the highest train-fullsup MaxBoxAcc, by hand from the rows.
  const best = Math.max(...candidates.map((row) => Number(row.value)));
  const chosen = candidates.find((row) => Number(row.value) === best) as CsvRow;
  assert.deepEqual(rows.filter((row) => row.metric === 'chosen').map((row) => row.candidate), [chosen.candidate]);
  // Test's MaxBoxAcc at the τ chosen on train-fullsup is the test curve's value at that τ.
  const reported = rows.find((row) => row.metric === 'protocol_max_box_acc') as CsvRow;
  assert.equal(reported.tau, chosen.tau);
  assert.equal(Number(reported.value), Number(rows.find((row) => row.split === 'test' && row.metric === 'box_acc' && row.tau === chosen.tau)?.value));
  assert.equal(Number(rows.find((row) => row.metric === 'road_combined')?.value), faithfulness.roadCombined);
  assert.equal(rows.filter((row) => row.metric === 'road_morf').length, faithfulness.percentiles.length);
  // ROAD combined, (LeRF change − MoRF change) / 2 averaged over images, is (mean LeRF − mean MoRF) / 2 of the exported
  // mean curves: both changes subtract the same unperturbed probability, and every mean is linear.
  const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;
  assert.ok(Math.abs(faithfulness.roadCombined - (mean(faithfulness.roadLerf) - mean(faithfulness.roadMorf)) / 2) < 1e-6);
  const md = readFileSync(join(dir, 'out', 'localisation.md'), 'utf8');
  assert.ok(md.includes('Measured on test with the setting chosen on train-fullsup.'), md);
  assert.ok(md.includes(`| ${chosen.candidate} |`) && md.includes('chosen on train-fullsup |'), md);
  assert.match(md, /\*\*Test MaxBoxAcc \(δ=50, largest box\) at τ \d\.\d\d \(chosen on train-fullsup\): \d+\.\d\d%\*\*/);
});

test('cam --export without --out, or with a format it does not write, is refused', () => {
  const noOut = runCli('cam', sampleModel, join(fixture, 'metadata', 'CUB', 'test'), '--export', 'md');
  assert.equal(noOut.status, 2);
  assert.match(noOut.stderr, /--export needs --out DIR/);
  const html = runCli('cam', sampleModel, join(fixture, 'metadata', 'CUB', 'test'), '--export', 'html', '--out', temporaryFolder('cli-cam-export-refused-'));
  assert.notEqual(html.status, 0);
  assert.match(html.stderr, /expected one of md, csv/);
});
