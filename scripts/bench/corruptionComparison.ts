// The corruption bench against imagecorruptions (issue 14): the same 224² photos, all 19 corruptions × 5 severities,
// each image corrupted on its own as a sweep and corrupt-dataset do (corruptPerImage), on the backend the CLI picks on
// the CPU (wasm), beside bethgelab/imagecorruptions run by imagecorruptions_rate.py in the same bench run. Each figure
// is the best of a few rounds (a round: every photo at every severity), measured in turns: ours, then imagecorruptions,
// each turn a fresh process that measures its rounds after a warm-up one, since the machine's speed drifts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { CORRUPTIONS, SEVERITIES, type CorruptionName } from '../../src/engine/corruptions';
import { corruptPerImage } from '../../src/engine/sweep/perImageRandom';
import { runJsonChild, type ChildResult } from './childProcess';
import { ratio, rate, textTable } from './textTable';

/** The committed 224² reference photos, cycled to eight. */
export function benchPhotoPaths(root: string, count = 8): string[] {
  const inputs = join(root, 'test', 'fixtures', 'corruptions', 'reference', 'inputs');
  return Array.from({ length: count }, (_, i) => join(inputs, `imagenet-${i % 3}.png`));
}

/** Per corruption name, images/s. */
export type CorruptionRates = Partial<Record<CorruptionName, number>>;

/** Images/s by the wall clock and by the process's CPU time (user + system, every thread). */
export interface RateReport { rates: CorruptionRates; cpuRates: CorruptionRates }

/** The photos at `paths` as one [n, H, W, 3] float32 batch in [0, 1]. */
export async function photoBatch(paths: readonly string[]): Promise<tf.Tensor4D> {
  const decoded = await Promise.all(paths.map((p) => sharp(p).removeAlpha().raw().toBuffer({ resolveWithObject: true })));
  const { width, height } = decoded[0].info;
  const values = new Float32Array(paths.length * height * width * 3);
  decoded.forEach(({ data }, i) => values.set(Float32Array.from(data, (v) => v / 255), i * height * width * 3));
  return tf.tensor4d(values, [paths.length, height, width, 3]);
}

/** Our images/s per corruption (best of `rounds`, after one warm-up round), every severity, read back to the host. */
export async function measureOurRates(paths: readonly string[], rounds: number, only: readonly string[] = []): Promise<RateReport> {
  const images = await photoBatch(paths);
  const ids = paths.map((_, i) => `photo-${i}`);
  const rates: CorruptionRates = {};
  const cpuRates: CorruptionRates = {};
  const count = SEVERITIES.length * paths.length;
  try {
    for (const { name } of CORRUPTIONS.filter((c) => !only.length || only.includes(c.name))) {
      let best = Infinity;
      let bestCpu = Infinity;
      for (let round = 0; round <= rounds; round++) {
        const start = performance.now();
        const startCpu = process.cpuUsage();
        for (const severity of SEVERITIES) {
          const out = await corruptPerImage(images, ids, name, severity, round, {});
          await out.data();
          out.dispose();
        }
        // Round 0 warms up (kernel compilation, caches).
        const cpu = process.cpuUsage(startCpu);
        if (round > 0) {
          best = Math.min(best, performance.now() - start);
          bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
        }
      }
      rates[name] = count / (best / 1000);
      cpuRates[name] = count / (bestCpu / 1000);
    }
  } finally {
    images.dispose();
  }
  return { rates, cpuRates };
}

export interface ImagecorruptionsReport extends RateReport { numpy: string }

/** Per corruption, the best of `reports` (the highest images/s), by the wall clock and by CPU time apart. */
export function bestRates<T extends RateReport>(reports: readonly [T, ...T[]]): T {
  const best = (pick: (r: RateReport) => CorruptionRates): CorruptionRates => {
    const rates: CorruptionRates = {};
    for (const report of reports) {
      for (const [name, value] of Object.entries(pick(report)) as [CorruptionName, number][]) rates[name] = Math.max(rates[name] ?? 0, value);
    }
    return rates;
  };
  return { ...reports[0], rates: best((r) => r.rates), cpuRates: best((r) => r.cpuRates) };
}

/** imagecorruptions' rates from the checkout at `source` run by `python`, or why not. */
export function runImagecorruptions(python: string, script: string, source: string | undefined, paths: readonly string[], rounds: number, only: readonly string[] = []): ChildResult<ImagecorruptionsReport> {
  if (!source) return { ok: false, reason: 'IMAGECORRUPTIONS_DIR not set (a checkout of github.com/bethgelab/imagecorruptions)' };
  if (!existsSync(join(source, 'imagecorruptions', 'corruptions.py'))) return { ok: false, reason: `IMAGECORRUPTIONS_DIR=${source} holds no imagecorruptions/corruptions.py` };
  const probe = spawnSync(python, ['-c', 'import numpy, scipy, skimage, cv2, numba, PIL'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { ok: false, reason: `${python} lacks imagecorruptions' dependencies (numpy, scipy, scikit-image, opencv, numba, Pillow): ${probe.error?.message ?? probe.stderr.trim().split('\n').pop()} (IMAGECORRUPTIONS_PYTHON names the interpreter)` };
  return runJsonChild<ImagecorruptionsReport>(python, [script, '--source', source, '--rounds', String(rounds), ...(only.length ? ['--only', only.join(',')] : []), ...paths]);
}

/** Images needed by all corruptions at these rates: Σ count / rate, in seconds. */
function totalSeconds(rates: CorruptionRates, names: readonly CorruptionName[], images: number): number {
  return names.reduce((sum, name) => sum + images / (rates[name] ?? NaN), 0);
}

/** The comparison's rows: per corruption ours, theirs and the ratio, by the wall clock and by CPU time; then the totals. */
export function comparisonRows(ours: RateReport, theirs: RateReport | null, photos: number): string[][] {
  const names = CORRUPTIONS.map((c) => c.name).filter((name) => ours.rates[name] !== undefined);
  const cells = (name: CorruptionName, pick: (r: RateReport) => CorruptionRates): string[] => {
    const mine = pick(ours)[name] ?? NaN;
    const other = theirs ? pick(theirs)[name] : undefined;
    return [rate(mine), other === undefined ? '—' : rate(other), ratio(mine, other)];
  };
  const rows = names.map((name) => [name, ...cells(name, (r) => r.rates), ...cells(name, (r) => r.cpuRates)]);
  const count = photos * SEVERITIES.length;
  const totals = (pick: (r: RateReport) => CorruptionRates): string[] => {
    const mine = totalSeconds(pick(ours), names, count);
    const other = theirs ? totalSeconds(pick(theirs), names, count) : NaN;
    return [`${mine.toFixed(2)} s`, theirs ? `${other.toFixed(2)} s` : '—', theirs ? ratio(other, mine) : '—'];
  };
  rows.push([`all ${names.length} (${names.length * count} images)`, ...totals((r) => r.rates), ...totals((r) => r.cpuRates)]);
  return rows;
}

export function printCorruptionComparison(ours: RateReport, reference: ChildResult<ImagecorruptionsReport>, photos: number, turns: number, rounds: number, backendLabel: string): void {
  console.log(`\nCorruptions beside imagecorruptions: ${photos} photos at 224², severities 1–5, one image at a time (images/s, the best of ${turns} turns × ${rounds} round${rounds > 1 ? 's' : ''}: ours and imagecorruptions take turns, each turn a fresh process measuring its rounds after a warm-up one; the last row: seconds for all):`);
  const header = ['corruption', `ours (${backendLabel})`, 'imagecorruptions', 'ours / theirs', 'ours, CPU time', 'theirs, CPU time', 'ours / theirs (CPU)'];
  for (const line of textTable(header, comparisonRows(ours, reference.ok ? reference.value : null, photos))) console.log(line);
  if (reference.ok) console.log(`imagecorruptions on numpy ${reference.value.numpy}, one process; ours includes reading each result back to the host. CPU time: user + system of the whole process (all threads), steadier than the wall clock on a shared machine.`);
  else console.log(`  imagecorruptions skipped: ${reference.reason}`);
}
