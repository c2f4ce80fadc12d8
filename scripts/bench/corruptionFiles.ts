// The corruption bench's whole-set figure (issue 14): every photo under all 19 corruptions × severities 1–5 written as
// files, as a user makes a corrupted copy of a dataset. Ours is corrupt-dataset (PNG with filter Up, deflated with
// zlib's run-length strategy, sweep/pngEncoder.ts; jpeg_compression's file is its own JPEG) on this thread alone and on
// one thread per core (this one and worker threads);
// imagecorruptions runs in one process, as its users run it, saving each result with Pillow's PNG encoder (zlib level 6;
// its jpeg_compression result, already decoded, as PNG too). Wall-clock seconds and the process's CPU seconds (every
// thread), the quickest of a few turns, ours then imagecorruptions (this machine's speed drifts over
// minutes, so each side samples the same stretches); ours each in a fresh process (its start-up not counted, the
// worker threads' included).
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORRUPTIONS, SEVERITIES, type CorruptionName } from '../../src/engine/corruptions';
import { corruptDataset } from '../../src/engine/sweep/corruptDataset';
import { runJsonChild, type ChildResult } from './childProcess';
import { ratio, textTable } from './textTable';

/** One run writing the whole set. */
export interface FilesRun {
  /** corrupt-dataset's threads (its --workers), this one included. */
  workers: number;
  files: number;
  seconds: number;
  cpuSeconds: number;
}

/** Ours: `paths` copied into a fresh folder as photo-<i>.png, then corrupt-dataset on `threads` threads into another. */
export async function measureOurFiles(paths: readonly string[], threads: number, only: readonly string[] = []): Promise<FilesRun> {
  const root = await mkdtemp(join(tmpdir(), 'rl-bench-files-'));
  const corruptions: CorruptionName[] = CORRUPTIONS.map((c) => c.name).filter((name) => !only.length || only.includes(name));
  try {
    const data = join(root, 'data');
    await mkdir(data);
    await Promise.all(paths.map((p, i) => copyFile(p, join(data, `photo-${i}.png`))));
    const start = performance.now();
    const startCpu = process.cpuUsage();
    const { written } = await corruptDataset(data, join(root, 'out'), { corruptions, severities: [...SEVERITIES], seed: 0, workers: threads, onProgress: () => undefined });
    const cpu = process.cpuUsage(startCpu);
    return { workers: threads, files: written, seconds: (performance.now() - start) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** imagecorruptions writing the same set as PNGs in one process (imagecorruptions_rate.py --write), or why not. */
export function runImagecorruptionsFiles(python: string, script: string, source: string | undefined, paths: readonly string[], only: readonly string[] = []): ChildResult<FilesRun> {
  if (!source) return { ok: false, reason: 'IMAGECORRUPTIONS_DIR not set (a checkout of github.com/bethgelab/imagecorruptions)' };
  return runJsonChild<FilesRun>(python, [script, '--source', source, '--write', ...(only.length ? ['--only', only.join(',')] : []), ...paths]);
}

/** corrupt-dataset's threads in words: this one, then its worker threads. */
function threadsLabel(threads: number): string {
  return threads === 1 ? 'this thread' : `${threads} threads (this + ${threads - 1} worker${threads > 2 ? 's' : ''})`;
}

/** One turn: ours at each thread count, then imagecorruptions (or why it did not run). */
export interface FilesTurn {
  ours: FilesRun[];
  theirs: ChildResult<FilesRun>;
}

/** The quickest of `runs` by the wall clock. */
function quickest(runs: readonly FilesRun[]): FilesRun {
  return runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
}

/** Each thread count's and imagecorruptions' quickest turn, and every turn's seconds. */
export function printFilesComparison(turns: readonly FilesTurn[], photos: number): void {
  console.log(`\nThe whole set written as files: ${photos} photos × corruptions × severities 1–5, PNG (seconds; the quickest of ${turns.length} turn${turns.length > 1 ? 's' : ''}, ours and imagecorruptions taking turns; ours each in a fresh process, worker start-up included):`);
  // Each thread count's runs, one a turn.
  const runsByCount = turns[0].ours.map((first) => turns.flatMap((turn) => turn.ours.filter((run) => run.workers === first.workers)));
  const ours = runsByCount.map(quickest);
  const theirRuns = turns.flatMap((turn) => (turn.theirs.ok ? [turn.theirs.value] : []));
  const reference = theirRuns.length ? quickest(theirRuns) : null;
  const rows = ours.map((run) => [
    `ours, corrupt-dataset, ${threadsLabel(run.workers)}`, String(run.files), run.seconds.toFixed(2), run.cpuSeconds.toFixed(2),
    reference ? ratio(reference.seconds, run.seconds) : '—', reference ? ratio(reference.cpuSeconds, run.cpuSeconds) : '—',
  ]);
  if (reference) rows.push(['imagecorruptions, one process (Pillow PNG)', String(reference.files), reference.seconds.toFixed(2), reference.cpuSeconds.toFixed(2), '1.0×', '1.0×']);
  for (const line of textTable(['run', 'files', 'wall clock (s)', 'CPU time (s)', 'speed-up (wall)', 'speed-up (CPU)'], rows)) console.log(line);
  const seconds = (runs: readonly FilesRun[]): string => runs.map((run) => run.seconds.toFixed(2)).join(', ');
  console.log(`Every turn's wall clock (s): ${runsByCount.map((runs) => `${threadsLabel(runs[0].workers)} ${seconds(runs)}`).join('; ')}${reference ? `; imagecorruptions ${seconds(theirRuns)}` : ''}.`);
  const failed = turns.find((turn) => !turn.theirs.ok)?.theirs;
  if (!reference) {
    console.log(`  imagecorruptions skipped: ${failed && !failed.ok ? failed.reason : ''}`);
    return;
  }
  for (const run of ours) {
    console.log(`Ours on ${threadsLabel(run.workers)}: ${ratio(reference.seconds, run.seconds)} imagecorruptions' speed by the wall clock, ${ratio(reference.cpuSeconds, run.cpuSeconds)} by CPU time; it takes ${ratio(run.seconds, reference.seconds)} and ${ratio(run.cpuSeconds, reference.cpuSeconds)} of imagecorruptions' seconds.`);
  }
  console.log('CPU time is every thread\'s (user + system), so across workers it measures the work done, not the time waited.');
}
