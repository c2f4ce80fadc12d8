// `npm run bench`: per available backend (each in its own child process, since tfjs picks one backend per process)
// inference, CAM and Grad-CAM images/s and every corruption's images/s, with tfjs's plain-JavaScript cpu backend as the
// named reference; ResNet-18 beside PyTorch eager when torch imports, as TF.js and as a PyTorch ONNX export; the mixes on the best backend; and the sweep's
// scaling over 1 … N engine worker processes on the CPU.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { selectBackend } from '../src/engine/backend';
import { measureAnalyses, type AnalysesReport } from './bench/analysesBench';
import { printAnalyses } from './bench/analysesReport';
import { measureBackend, type BackendOutcome, type BackendReport } from './bench/backendChild';
import { backendRun, backendRuns, childEnv } from './bench/backendRuns';
import { runJsonChild, type ChildResult } from './bench/childProcess';
import { benchPhotoPaths, bestRates, measureOurRates, printCorruptionComparison, runImagecorruptions, type ImagecorruptionsReport, type RateReport } from './bench/corruptionComparison';
import { measureOurFiles, printFilesComparison, runImagecorruptionsFiles, type FilesTurn, type FilesRun } from './bench/corruptionFiles';
import { printCorruptionTable } from './bench/corruptionReport';
import { RESNET18_MODEL } from './bench/inferenceBench';
import { printInferenceTable } from './bench/inferenceReport';
import { measureOnnx, runOnnxComparison } from './bench/onnxBench';
import { printPytorchComparison, runPytorchReference } from './bench/pytorchReference';
import { printSweepEndToEnd } from './bench/sweepEndToEnd';
import { measureWorkerScaling } from './bench/workerScaling';
import { printWorkerScaling } from './bench/workerScalingReport';

const INFERENCE_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CORRUPTION_SECONDS = Number(process.env.BENCH_CORRUPTION_SECONDS ?? 1);
// Ours and imagecorruptions take this many turns, each in a fresh process; a turn of the per-corruption comparison
// measures BENCH_CORRUPTION_ROUNDS rounds after a warm-up one.
const COMPARISON_TURNS = 3;
const COMPARISON_ROUNDS = Math.max(1, Number(process.env.BENCH_CORRUPTION_ROUNDS ?? 2));
/** Corruptions the imagecorruptions comparison measures (comma-separated names; all by default). */
const COMPARISON_ONLY = (process.env.BENCH_CORRUPTIONS ?? '').split(',').filter(Boolean);
/** Photos in the end-to-end sweep beside the Python pipeline. */
const SWEEP_IMAGES = Number(process.env.BENCH_SWEEP_IMAGES ?? 16);
// This file runs as out/scripts/bench.js.
const ROOT = resolve(__dirname, '..', '..');
const IMAGECORRUPTIONS_SCRIPT = resolve(ROOT, 'scripts', 'bench', 'imagecorruptions_rate.py');
const IMAGECORRUPTIONS_PYTHON = process.env.IMAGECORRUPTIONS_PYTHON ?? 'python3';
const SAMPLES = resolve(ROOT, 'samples');

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The reports of the backends that ran, and one line for each that did not, saying why. */
function measureBackends(): { reports: BackendReport[]; notMeasured: string[] } {
  const reports: BackendReport[] = [];
  const notMeasured: string[] = [];
  for (const run of backendRuns(process.env)) {
    log(`measuring ${run.id}…`);
    const child = runJsonChild<BackendOutcome>(process.execPath, [__filename, '--child', run.id], childEnv(run, process.env));
    if (!child.ok) notMeasured.push(`${run.id}: failed: ${child.reason}`);
    else if (!child.value.available) notMeasured.push(`${run.id}: not available here: ${child.value.reason}`);
    else reports.push(child.value.report);
  }
  return { reports, notMeasured };
}

function measureAnalysesOn(best: BackendReport): void {
  log(`measuring the analyses on ${best.backend.label}…`);
  const child = runJsonChild<AnalysesReport>(process.execPath, [__filename, '--analyses', best.run], childEnv(backendRun(best.run), process.env));
  if (child.ok) printAnalyses(child.value, best.backend.label, best.corruptions);
  else log(`  analyses failed: ${child.reason}`);
}

/** One of our measurements in a fresh process on wasm (the CLI's CPU backend): this script in `mode` with `argument`. */
function ourChild<T>(mode: string, argument: string): ChildResult<T> {
  return runJsonChild<T>(process.execPath, [__filename, mode, argument], childEnv(backendRun('wasm'), process.env));
}

/**
 * Ours and imagecorruptions on the same photos, per corruption and then the whole set written as files. Each side
 * measures in turns, ours then theirs, each turn a fresh process, so both sample the same stretches of the machine's drift.
 */
function compareWithImagecorruptions(): void {
  const photos = benchPhotoPaths(ROOT);
  log('measuring the corruptions beside imagecorruptions…');
  if (!compareRates(photos)) return;
  log(`writing the whole set as files: ours on this thread alone and on one thread per core, then imagecorruptions, ${COMPARISON_TURNS} turns…`);
  compareFiles(photos);
}

/** Per corruption, the best round of every turn on each side; false when ours failed. */
function compareRates(photos: readonly string[]): boolean {
  const ourTurns: RateReport[] = [];
  const theirTurns: ImagecorruptionsReport[] = [];
  let theirFailure: ChildResult<ImagecorruptionsReport> | null = null;
  for (let turn = 0; turn < COMPARISON_TURNS; turn++) {
    const ours = ourChild<RateReport>('--corruption-comparison', String(COMPARISON_ROUNDS));
    if (!ours.ok) {
      log(`  corruption comparison failed: ${ours.reason}`);
      process.exitCode = 1;
      return false;
    }
    ourTurns.push(ours.value);
    const theirs = runImagecorruptions(IMAGECORRUPTIONS_PYTHON, IMAGECORRUPTIONS_SCRIPT, process.env.IMAGECORRUPTIONS_DIR, photos, COMPARISON_ROUNDS, COMPARISON_ONLY);
    if (theirs.ok) theirTurns.push(theirs.value);
    else theirFailure = theirs;
  }
  const [firstOurs, ...moreOurs] = ourTurns;
  const [firstTheirs, ...moreTheirs] = theirTurns;
  const reference: ChildResult<ImagecorruptionsReport> = firstTheirs ? { ok: true, value: bestRates([firstTheirs, ...moreTheirs]) } : (theirFailure ?? { ok: false, reason: 'no turns' });
  printCorruptionComparison(bestRates([firstOurs, ...moreOurs]), reference, photos.length, COMPARISON_TURNS, COMPARISON_ROUNDS, 'TF.js wasm');
  return true;
}

/**
 * The whole set written as files: ours on this thread alone, then on one thread per core (corrupt-dataset's default on
 * the CPU backends), unless BENCH_FILE_WORKERS lists the counts (comma-separated), each in a fresh process as a user's
 * run starts; then imagecorruptions.
 */
function compareFiles(photos: readonly string[]): void {
  const counts = process.env.BENCH_FILE_WORKERS ? process.env.BENCH_FILE_WORKERS.split(',').map(Number) : [...new Set([1, availableParallelism()])];
  const turns: FilesTurn[] = [];
  for (let turn = 0; turn < COMPARISON_TURNS; turn++) {
    const ours: FilesRun[] = [];
    for (const count of counts) {
      const ourFiles = ourChild<FilesRun>('--corruption-files', String(count));
      if (!ourFiles.ok) {
        log(`  writing the files failed: ${ourFiles.reason}`);
        process.exitCode = 1;
        return;
      }
      ours.push(ourFiles.value);
    }
    turns.push({ ours, theirs: runImagecorruptionsFiles(IMAGECORRUPTIONS_PYTHON, IMAGECORRUPTIONS_SCRIPT, process.env.IMAGECORRUPTIONS_DIR, photos, COMPARISON_ONLY) });
  }
  printFilesComparison(turns, photos.length);
}

function measureScaling(): void {
  const cores = availableParallelism();
  // One worker beyond the cores shows oversubscription.
  const counts = Array.from({ length: cores + 1 }, (_, i) => i + 1);
  log(`measuring worker scaling (${counts.join(', ')} workers)…`);
  const outcome = measureWorkerScaling(resolve(ROOT, 'out', 'cli.js'), SAMPLES, counts);
  if (!outcome.ok) {
    log(`  worker scaling failed: ${outcome.reason}`);
    process.exitCode = 1;
    return;
  }
  printWorkerScaling(outcome.points, cores);
  if (outcome.points.some((p) => p.differingKeys.length)) process.exitCode = 1;
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const argument = process.argv[3];
  if (mode === '--child') {
    const outcome = await measureBackend(argument, resolve(SAMPLES, 'models'), { inferenceSeconds: INFERENCE_SECONDS, corruptionSeconds: CORRUPTION_SECONDS });
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    return;
  }
  if (mode === '--onnx') {
    process.stdout.write(`${JSON.stringify(await measureOnnx(argument, INFERENCE_SECONDS))}\n`);
    return;
  }
  if (mode === '--corruption-comparison') {
    await selectBackend('wasm');
    process.stdout.write(`${JSON.stringify(await measureOurRates(benchPhotoPaths(ROOT), Number(argument), COMPARISON_ONLY))}\n`);
    return;
  }
  if (mode === '--corruption-files') {
    await selectBackend('wasm');
    process.stdout.write(`${JSON.stringify(await measureOurFiles(benchPhotoPaths(ROOT), Number(argument), COMPARISON_ONLY))}\n`);
    return;
  }
  if (mode === '--analyses') {
    await selectBackend(backendRun(argument).backend);
    process.stdout.write(`${JSON.stringify(await measureAnalyses(INFERENCE_SECONDS))}\n`);
    return;
  }
  const onnxComparison = (): void => runOnnxComparison(process.env.BENCH_PYTHON ?? 'python3', resolve(ROOT, 'scripts', 'onnx-fixtures'), [__filename, '--onnx'], INFERENCE_SECONDS);
  const sweepEndToEnd = (): void => printSweepEndToEnd(ROOT, SWEEP_IMAGES, process.env.BENCH_PYTHON ?? 'python3', process.env.IMAGECORRUPTIONS_DIR);
  // BENCH_ONLY: a comma-separated list of these parts, run in this order instead of the whole bench.
  const parts: Record<string, () => void> = { onnx: onnxComparison, corruptions: compareWithImagecorruptions, sweep: sweepEndToEnd };
  if (process.env.BENCH_ONLY) {
    const only = process.env.BENCH_ONLY.split(',');
    const unknown = only.filter((part) => !(part in parts));
    if (unknown.length) throw new Error(`BENCH_ONLY names ${unknown.join(', ')}; the parts are ${Object.keys(parts).join(', ')}.`);
    for (const [part, run] of Object.entries(parts)) if (only.includes(part)) run();
    return;
  }
  const start = performance.now();
  const { reports, notMeasured } = measureBackends();
  if (!backendRuns(process.env).some((run) => run.softwareWebgpu)) notMeasured.push('webgpu-software: not asked for (BENCH_WEBGPU_SOFTWARE=1 adds WebGPU on Mesa\'s llvmpipe: software rendering, not a GPU)');
  console.log(`Backends not measured:${notMeasured.length ? ['', ...notMeasured].join('\n  ') : ' none'}\n`);
  printInferenceTable(reports, INFERENCE_SECONDS);
  const resnetBatches = reports.flatMap((r) => r.inference.filter((m) => m.model === RESNET18_MODEL).map((m) => m.batch));
  log('measuring the PyTorch reference…');
  const pytorch = runPytorchReference(resolve(ROOT, 'scripts', 'bench', 'pytorch_resnet18.py'), resnetBatches, INFERENCE_SECONDS, process.env.BENCH_PYTHON ?? 'python3');
  printPytorchComparison(reports, pytorch);
  log('measuring the ONNX path beside PyTorch…');
  onnxComparison();
  printCorruptionTable(reports, CORRUPTION_SECONDS);
  compareWithImagecorruptions();
  sweepEndToEnd();
  // The analyses run on the best backend only (never a software rasteriser): on plain-JavaScript kernels one Puzzle Mix batch takes minutes.
  const best = reports.find((r) => r.backend.adapter?.type !== 'cpu');
  if (best) measureAnalysesOn(best);
  measureScaling();
  console.log(`\nBench total: ${((performance.now() - start) / 60000).toFixed(1)} min.`);
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
