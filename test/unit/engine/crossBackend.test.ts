// The same analyses give the same numbers on every backend: a small sweep and a predict on the sample model, run by the
// CLI on wasm and on webgpu (where Dawn finds an adapter: the platform's GPU API, else Mesa's llvmpipe through OpenGL
// ES), compared within float tolerance. Skipped without an adapter, unless ROBUSTNESS_LENS_REQUIRE_WEBGPU=1.
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BackendInfo } from '../../../src/protocol/backend';
import type { RunRecord } from '../../../src/protocol/records';
import type { SweepModelResult, SweepResults } from '../../../src/protocol/sweep';
import { DAWN_BACKEND_ENV, WEBGPU_FEATURE_LEVEL_ENV } from '../../../src/engine/webgpu/dawnSettings';
import { withTempDir } from '../../fixtures/model/tempDir';

const repo = resolve(__dirname, '..', '..', '..', '..');
const cli = join(repo, 'out', 'cli.js');
const model = join(repo, 'samples', 'models', 'baseline', 'model.json');
const data = join(repo, 'samples', 'data');
const IMAGES = 32;
const PROBABILITY_TOLERANCE = 1e-3;
// Defocus blur runs in float64 on the CPU backends (as the generator's float64 filter2D) and in float32 on a GPU; in flat
// regions the blurred value lands on a whole grey level, where the two truncate to neighbouring levels (one level apart).
const DEFOCUS_PROBABILITY_TOLERANCE = 5e-3;
const CALIBRATION_TOLERANCE = 1e-3;

type Env = NodeJS.ProcessEnv;

function runCli(backend: 'wasm' | 'webgpu', env: Env, args: string[]): RunRecord {
  const r = spawnSync(process.execPath, [cli, '--backend', backend, ...args, '--json'], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${backend} ${args[0]} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as RunRecord;
}

function predictArgs(file: string): string[] {
  return ['predict', model, data, '--limit', String(IMAGES), '--save-predictions', file];
}

/** The environment in which `--backend webgpu` gets an adapter: the caller's Dawn settings, else the platform's own API, else llvmpipe. */
function findWebgpu(dir: string): { env: Env; backend: BackendInfo } | { reason: string } {
  const own = process.env[DAWN_BACKEND_ENV] || process.env[WEBGPU_FEATURE_LEVEL_ENV];
  const candidates: Env[] = own ? [process.env] : [process.env, { ...process.env, [DAWN_BACKEND_ENV]: 'opengles', [WEBGPU_FEATURE_LEVEL_ENV]: 'compatibility' }];
  const tried: string[] = [];
  for (const env of candidates) {
    const { backend } = runCli('webgpu', env, predictArgs(join(dir, 'probe.csv')));
    if (backend.name === 'webgpu') return { env, backend };
    tried.push(...backend.log.filter((line) => line.startsWith('webgpu:')));
  }
  return { reason: tried.join('; ') };
}

/** Largest absolute difference between the numeric cells of two prediction files whose other cells agree; `skipRow` leaves rows out. */
function maxProbabilityDifference(fileA: string, fileB: string, skipRow: (cells: string[]) => boolean = () => false): number {
  const [rowsA, rowsB] = [fileA, fileB].map((f) => readFileSync(f, 'utf8').trim().split('\n').map((line) => line.split(',')));
  assert.equal(rowsA.length, rowsB.length, 'both backends wrote the same rows');
  assert.deepEqual(rowsA[0], rowsB[0], 'same header');
  const probabilityColumns = rowsA[0].flatMap((name, i) => (name.startsWith('p_') ? [i] : []));
  let max = 0;
  rowsA.slice(1).forEach((a, r) => {
    const b = rowsB[r + 1];
    assert.deepEqual(a.filter((_, i) => !probabilityColumns.includes(i)), b.filter((_, i) => !probabilityColumns.includes(i)), `row ${r + 1} names the same image and condition`);
    if (skipRow(a)) return;
    for (const i of probabilityColumns) max = Math.max(max, Math.abs(Number(a[i]) - Number(b[i])));
  });
  return max;
}

/** Every error rate of a sweep model result, keyed by condition. */
function errorRates(result: SweepModelResult): Map<string, number> {
  const rates = new Map<string, number>([['clean', result.clean]]);
  for (const c of result.corruptions) c.errors.forEach((e, s) => rates.set(`${c.corruption}/${s}`, e));
  for (const f of result.fgsm?.errors ?? []) rates.set(`fgsm/${f.epsilon}`, f.error);
  return rates;
}

test('a small sweep and predict give the same numbers on wasm and webgpu', { timeout: 600_000 }, async (t: TestContext) => {
  await withTempDir(async (dir) => {
    const found = findWebgpu(dir);
    if ('reason' in found) {
      const reason = `no WebGPU adapter (${found.reason})`;
      if (process.env.ROBUSTNESS_LENS_REQUIRE_WEBGPU === '1') assert.fail(`ROBUSTNESS_LENS_REQUIRE_WEBGPU=1 but ${reason}`);
      t.skip(`${reason}; set ROBUSTNESS_LENS_REQUIRE_WEBGPU=1 to make this a failure`);
      return;
    }
    t.diagnostic(`webgpu: ${found.backend.label}`);

    runCli('wasm', process.env, predictArgs(join(dir, 'wasm.csv')));
    const predictDifference = maxProbabilityDifference(join(dir, 'probe.csv'), join(dir, 'wasm.csv'));
    t.diagnostic(`predict: max |Δp| ${predictDifference.toExponential(2)} over ${IMAGES} images × 10 classes`);
    assert.ok(predictDifference <= PROBABILITY_TOLERANCE, `predict probabilities differ by ${predictDifference}`);

    const sweepArgs = (file: string) => ['sweep', model, '--data', data, '--limit', String(IMAGES), '--corruptions', 'gaussian_noise,defocus_blur,fog,contrast,jpeg_compression',
      '--severities', '1,3', '--fgsm', '4', '--seed', '0', '--save-predictions', file];
    const [gpu, wasm] = [runCli('webgpu', found.env, sweepArgs(join(dir, 'sweep-webgpu.csv'))), runCli('wasm', process.env, sweepArgs(join(dir, 'sweep-wasm.csv')))]
      .map((record) => (record.results as SweepResults).models[0]);

    // One borderline image may flip between backends; FGSM may flip more pixels' signs where a gradient is near zero.
    const oneImage = 1 / IMAGES + 1e-9;
    const [gpuRates, wasmRates] = [errorRates(gpu), errorRates(wasm)];
    assert.deepEqual([...gpuRates.keys()], [...wasmRates.keys()]);
    const rateDifference = Math.max(...[...gpuRates].map(([key, rate]) => Math.abs(rate - (wasmRates.get(key) ?? NaN))));
    t.diagnostic(`sweep: ${gpuRates.size} conditions, max |Δ error| ${rateDifference} (one image is ${1 / IMAGES})`);
    for (const [key, rate] of gpuRates) assert.ok(Math.abs(rate - (wasmRates.get(key) ?? NaN)) <= oneImage, `${key}: error ${rate} on webgpu, ${wasmRates.get(key)} on wasm`);

    const eceDifference = Math.abs(gpu.calibration.ece - wasm.calibration.ece);
    const nllDifference = Math.abs(gpu.calibration.nll - wasm.calibration.nll);
    t.diagnostic(`calibration: |Δ ECE| ${eceDifference.toExponential(2)}, |Δ NLL| ${nllDifference.toExponential(2)}`);
    assert.ok(eceDifference <= CALIBRATION_TOLERANCE, `ECE ${gpu.calibration.ece} on webgpu, ${wasm.calibration.ece} on wasm`);
    assert.ok(nllDifference <= CALIBRATION_TOLERANCE, `NLL ${gpu.calibration.nll} on webgpu, ${wasm.calibration.nll} on wasm`);

    const isFgsm = (cells: string[]): boolean => cells[1].startsWith('fgsm');
    const isDefocus = (cells: string[]): boolean => cells[1].startsWith('defocus_blur');
    const [webgpuCsv, wasmCsv] = [join(dir, 'sweep-webgpu.csv'), join(dir, 'sweep-wasm.csv')];
    const sweepDifference = maxProbabilityDifference(webgpuCsv, wasmCsv, (cells) => isFgsm(cells) || isDefocus(cells));
    t.diagnostic(`sweep: max |Δp| ${sweepDifference.toExponential(2)} over the clean and corrupted images but defocus blur`);
    assert.ok(sweepDifference <= PROBABILITY_TOLERANCE, `sweep probabilities differ by ${sweepDifference}`);
    const defocusDifference = maxProbabilityDifference(webgpuCsv, wasmCsv, (cells) => !isDefocus(cells));
    t.diagnostic(`sweep: max |Δp| ${defocusDifference.toExponential(2)} over the defocus-blurred images`);
    assert.ok(defocusDifference <= DEFOCUS_PROBABILITY_TOLERANCE, `defocus blur probabilities differ by ${defocusDifference}`);
  });
});
