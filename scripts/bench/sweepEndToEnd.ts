// The end-to-end corruption sweep beside the Python pipeline a user would otherwise run (issue 14): an ONNX ResNet-18
// exported by PyTorch, the same photos as an ImageFolder, clean + 19 corruptions × severities 1–5. Ours is the CLI's
// `sweep` (decoding, corrupting and inference overlapped, engine workers per core); theirs is imagecorruptions + PyTorch
// eager on the same network (scripts/bench/python_sweep_pipeline.py). Both are timed by the wall clock of the whole
// process, and by their own clock of the sweep (ours: the record's timings, theirs: first decode to last error).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRecord } from '../../src/protocol/records';
import type { SweepResults } from '../../src/protocol/sweep';
import { benchPhotoPaths } from './corruptionComparison';
import { exportResnet18 } from './onnxBench';
import { ratio, textTable } from './textTable';

const CLASS_COUNT = 3;

interface PipelineTiming { wallSeconds: number; sweepSeconds: number; conditions: number; cleanError: number | null; version: string }

/** N photos as an ImageFolder of three classes (photo i in class i mod 3); the class index of each, in file order. */
function photoFolder(repository: string, work: string, count: number): { folder: string; files: string[]; labels: number[] } {
  const folder = join(work, 'images');
  const photos = benchPhotoPaths(repository, count);
  const entries = photos.map((photo, i) => ({ photo, label: i % CLASS_COUNT, name: `photo-${String(i).padStart(3, '0')}.png` }));
  for (let c = 0; c < CLASS_COUNT; c++) mkdirSync(join(folder, `class${c}`), { recursive: true });
  for (const e of entries) copyFileSync(e.photo, join(folder, `class${e.label}`, e.name));
  // The ImageFolder order: classes in name order, files by name within each.
  const ordered = [...entries].sort((a, b) => a.label - b.label || a.name.localeCompare(b.name));
  return { folder, files: ordered.map((e) => join(folder, `class${e.label}`, e.name)), labels: ordered.map((e) => e.label) };
}

function ours(cli: string, model: string, folder: string): PipelineTiming | { reason: string } {
  const start = performance.now();
  const run = spawnSync(process.execPath, [cli, 'sweep', model, '--data', folder, '--scaling', 'imagenet', '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallSeconds = (performance.now() - start) / 1000;
  if (run.status !== 0) return { reason: `sweep exited ${run.status}: ${run.stderr.trim().split('\n').pop() ?? ''}` };
  const record = JSON.parse(run.stdout) as RunRecord<SweepResults>;
  const model0 = record.results.models[0];
  return {
    wallSeconds, sweepSeconds: record.timings.totalMs / 1000, conditions: 1 + model0.corruptions.length * record.results.settings.severities.length,
    cleanError: model0.clean, version: `Robustness Lens sweep (${record.backend.label}; ONNX Runtime for the network)`,
  };
}

function theirs(repositoryRoot: string, python: string, imagecorruptions: string, files: string[], labels: number[]): PipelineTiming | { reason: string } {
  const script = join(repositoryRoot, 'scripts', 'bench', 'python_sweep_pipeline.py');
  const start = performance.now();
  const run = spawnSync(python, [script, '--source', imagecorruptions, '--threads', String(availableParallelism()), '--labels', labels.join(','), ...files], { encoding: 'utf8' });
  const wallSeconds = (performance.now() - start) / 1000;
  if (run.error || run.status !== 0) return { reason: run.error?.message ?? run.stderr.trim().split('\n').pop() ?? `exit ${run.status}` };
  const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { torch: string; numpy: string; conditions: number; seconds: number; clean: number };
  return { wallSeconds, sweepSeconds: out.seconds, conditions: out.conditions, cleanError: out.clean, version: `imagecorruptions + PyTorch ${out.torch} eager (numpy ${out.numpy})` };
}

/** Prints the end-to-end table; `root` is the repository, `python` an interpreter with PyTorch (it exports the network). */
export function printSweepEndToEnd(root: string, imageCount: number, python: string, imagecorruptions: string | undefined): void {
  const work = mkdtempSync(join(tmpdir(), 'rl-bench-sweep-'));
  try {
    const exported = exportResnet18(python, join(root, 'scripts', 'onnx-fixtures'), work);
    if ('reason' in exported) {
      console.log(`\nEnd-to-end sweep skipped: ${exported.reason} (BENCH_PYTHON may name an interpreter that has torch)`);
      return;
    }
    const model = exported.path;
    const { folder, files, labels } = photoFolder(root, work, imageCount);
    const mine = ours(join(root, 'out', 'cli.js'), model, folder);
    if ('reason' in mine) { console.log(`End-to-end sweep not measured: ${mine.reason}`); return; }
    const reference = imagecorruptions ? theirs(root, python, imagecorruptions, files, labels) : { reason: 'IMAGECORRUPTIONS_DIR not set' };
    const perSecond = (t: PipelineTiming, seconds: number): number => (imageCount * t.conditions) / seconds;
    console.log(`\nEnd-to-end corruption sweep: ONNX ResNet-18 (PyTorch export, random weights) at 224², ${imageCount} photos, clean + 19 corruptions × severities 1–5 (images/s = images × conditions / seconds):`);
    const rows = [mine, ...('reason' in reference ? [] : [reference])].map((t) => [t.version, String(t.conditions), t.wallSeconds.toFixed(1), perSecond(t, t.wallSeconds).toFixed(1), t.sweepSeconds.toFixed(1), perSecond(t, t.sweepSeconds).toFixed(1), t.cleanError === null ? '—' : t.cleanError.toFixed(4)]);
    console.log(textTable(['pipeline', 'conditions', 'whole process (s)', 'images/s', 'sweep only (s)', 'images/s', 'clean top-1 error'], rows).join('\n'));
    if ('reason' in reference) console.log(`The Python pipeline was not run: ${reference.reason}.`);
    else console.log(`Ours / Python: ${ratio(reference.wallSeconds / reference.conditions, mine.wallSeconds / mine.conditions)} by the whole process, ${ratio(reference.sweepSeconds / reference.conditions, mine.sweepSeconds / mine.conditions)} by each sweep's own clock. Our sweep also scores the two built-in OOD noise sets (2 × ${imageCount} more passes, not counted).`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
