// `robustness-lens sweep MODEL... --data DIR`: the plan, a progress bar, then the CutMix paper's summary table (checkpoints
// as rows, best per column marked) and the facts every report states; optional Markdown, CSV and HTML exports.
import { InvalidArgumentError } from 'commander';
import { join, resolve } from 'node:path';
import type { RunRecord } from '../../protocol/records';
import { ALEXNET_BASELINE, type ImageNetBenchmark, type OodFolderTag, type SweepOodFolder, type SweepParameterSet, type SweepParams, type SweepPlan, type SweepResults, type SweepShard, type SweepShardResults } from '../../protocol/sweep';
import { modelDisplayName } from '../../present/format';
import { writeFileAtomic } from '../../engine/atomicWrite';
import { UserFacingError } from '../../engine/errors';
import { withImagesInline } from '../../engine/runs/attachments';
import { runFolder } from '../../engine/runs/store';
import type { EngineSession } from '../../engine/session';
import type { ProgressSink } from '../../protocol/progress';
import type { SweepShardParams } from '../../protocol/rpc';
import { shardSlice } from '../../engine/sweep/shard';
import { cancelOnInterrupt, cancelledAfterPartialResults } from '../cancellation';
import { formatCount } from '../format';
import { createProgressBar } from '../progressBar';
import { sweepCsv } from '../../present/report/sweepCsv';
import { writeDefinitionsPage } from '../../present/report/definitionsPage';
import { sweepHtml } from '../../present/report/sweepHtml';
import { sweepMarkdown } from '../../present/report/sweepMarkdown';
import { corruptionColumnsNote, percent, summaryHeaders, summaryTableRows } from '../../present/report/sweepSummaryCells';
import { OOD_SCORE_TITLES, calibrationLine, logProbabilityNote, oodRows, oodSetLabel, type OodScoreChoice } from '../../present/calibrationFigures';
import { temperatureLine } from '../../present/temperatureFigures';
import { type ModelOptions, loadModelWithWarnings } from '../loadModel';

export const sweepExportFormats = ['md', 'csv', 'html'] as const;
export type SweepExportFormat = (typeof sweepExportFormats)[number];

export interface SweepOptions extends ModelOptions {
  data: string;
  /** The clean set of a released corruption set given as --data. */
  clean?: string;
  /** Read the images as this ImageNet benchmark. */
  dataset?: ImageNetBenchmark;
  baseline?: string;
  corruptions?: string[];
  severities?: number[];
  /** ε values in /255 units; true for the default sweep {1, 2, 4, 8, 16}. */
  fgsm?: number[] | true;
  occlusion?: boolean;
  /** The user's OOD folders, each --ood DIR, near:DIR or far:DIR, in the order given. */
  ood?: SweepOodFolder[];
  /** Labelled images to fit temperature scaling on (definitions.md §5). */
  calibrationSplit?: string;
  limit?: number;
  seed: number;
  parameterSet?: SweepParameterSet;
  jpegRoundTrip?: boolean;
  savePredictions?: string;
  runs?: string;
  export?: SweepExportFormat[];
  out?: string;
  json?: boolean;
  /** The OOD score(s) the terminal and the Markdown and HTML reports show (default msp); the CSV has every score. */
  oodScore?: OodScoreChoice;
  /** Evaluate only this shard of the images and save its record for `merge`. */
  shard?: SweepShard;
  workers?: number;
}

/** FGSM's sweep of definitions.md §2, in /255 units. */
const DEFAULT_FGSM_STEPS = [1, 2, 4, 8, 16];

/** "a,b,c" → ['a', 'b', 'c']. */
export function commaList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (!items.length) throw new InvalidArgumentError('expected a comma-separated list');
  return items;
}

/** "1,2,3" → [1, 2, 3], each a severity 1..5. */
export function severityList(value: string): number[] {
  return commaList(value).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1 || n > 5) throw new InvalidArgumentError(`severities are whole numbers from 1 to 5, got ${s}`);
    return n;
  });
}

/** "1,2,4" → [1, 2, 4]: ε in /255 units, each > 0 and ≤ 255. */
export function epsilonList(value: string): number[] {
  return commaList(value).map((s) => {
    const n = Number(s);
    if (!Number.isFinite(n) || n <= 0 || n > 255) throw new InvalidArgumentError(`ε is given in /255 units, each in (0, 255]; got ${s}`);
    return n;
  });
}

/** One --ood value, DIR, near:DIR or far:DIR, added to the folders named before it (commander's repeatable option). */
export function collectOodFolder(value: string, previous: readonly SweepOodFolder[] = []): SweepOodFolder[] {
  const tagged = /^(near|far):(.*)$/.exec(value);
  if (value.trim() === '' || tagged?.[2].trim() === '') throw new InvalidArgumentError('expected a folder of OOD images, optionally tagged near:DIR or far:DIR');
  return [...previous, tagged ? { path: tagged[2], tag: tagged[1] as OodFolderTag } : { path: value }];
}

/** --ood-score: msp, maxlogit, energy or all. */
export function oodScoreOption(value: string): OodScoreChoice {
  const choices: Record<string, OodScoreChoice> = { msp: 'msp', maxlogit: 'maxLogit', energy: 'energy', all: 'all' };
  const choice = choices[value.trim().toLowerCase()];
  if (!choice) throw new InvalidArgumentError(`expected one of ${Object.keys(choices).join(', ')}`);
  return choice;
}

export function exportList(value: string): SweepExportFormat[] {
  return commaList(value).map((s) => {
    if (!(sweepExportFormats as readonly string[]).includes(s)) throw new InvalidArgumentError(`expected formats among ${sweepExportFormats.join(', ')}`);
    return s as SweepExportFormat;
  });
}

function formatPlan(plan: SweepPlan): string {
  const seconds = plan.estimatedSeconds < 90 ? `${Math.ceil(plan.estimatedSeconds)} s` : `${(plan.estimatedSeconds / 60).toFixed(1)} min`;
  const models = plan.groups.reduce((n, g) => n + g.modelIds.length, 0);
  return [
    `Plan: ${formatCount(plan.imageCount)} images × ${plan.conditions.length} conditions × ${models} model${models === 1 ? '' : 's'} → ${formatCount(plan.forwardPasses)} forward passes of up to ${plan.batchSize} images`,
    `      ${plan.parameterSet} parameters · baseline ${plan.baseline === ALEXNET_BASELINE ? 'AlexNet (published)' : modelDisplayName(plan.baseline)} · about ${seconds} of model time`,
    ...plan.notes.map((n) => `      ${n}`),
  ].join('\n');
}

/** Which of the plan's batches and images a shard evaluates. */
function formatShardPart(plan: SweepPlan, shard: SweepShard): string {
  const batches = Array.from({ length: plan.batchCount }, (_, i) => i);
  const part = shardSlice(batches, 1, shard);
  const images = Math.max(0, Math.min(plan.imageCount, (part.batchOffset + part.items.length) * plan.batchSize) - part.batchOffset * plan.batchSize);
  const range = part.items.length ? `batches ${part.batchOffset + 1}–${part.batchOffset + part.items.length} of ${plan.batchCount}` : `no batch of the ${plan.batchCount}`;
  return `      This run is shard ${shard.index}/${shard.count}: ${range} (${formatCount(images)} images)`;
}

/** The summary table for the terminal: columns padded, the best of each column marked with '*'. */
export function formatSummary(results: SweepResults): string {
  const rows = summaryTableRows(results);
  const header = ['Model', ...summaryHeaders(results)];
  const body = rows.map((r) => [r.model, ...r.cells.map((c) => `${c.text}${c.best ? '*' : ' '}`)]);
  const widths = header.map((h, i) => Math.max(h.length + 1, ...body.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const note = corruptionColumnsNote(results);
  return [line(header), ...body.map(line), 'Top-1 error (%) and mCE (%); lower is better; * marks the best of each column.', ...(note ? [note] : [])].join('\n');
}

async function writeExports(results: SweepResults, formats: readonly SweepExportFormat[], outDir: string, oodScore: OodScoreChoice): Promise<string[]> {
  const title = 'Robustness sweep';
  const files: string[] = [];
  for (const format of formats) {
    const file = join(resolve(outDir), `sweep.${format}`);
    const text = format === 'md' ? sweepMarkdown(results, title, oodScore) : format === 'csv' ? sweepCsv(results) : sweepHtml(results, title, new Date().toISOString(), { classNames: results.classNames ?? null, oodScore });
    await writeFileAtomic(file, text);
    files.push(file);
  }
  // The HTML and Markdown reports link to the definitions page beside them.
  if (formats.includes('html') || formats.includes('md')) files.push(await writeDefinitionsPage(resolve(outDir), writeFileAtomic));
  return files;
}

function sweepParams(modelIds: string[], baselineId: string | null, options: SweepOptions): SweepParams {
  const steps = options.fgsm === true ? DEFAULT_FGSM_STEPS : options.fgsm ?? [];
  return {
    modelIds, data: options.data, clean: options.clean, dataset: options.dataset, baseline: baselineId ?? (options.baseline ? ALEXNET_BASELINE : undefined),
    corruptions: options.corruptions, severities: options.severities, fgsmEpsilons: steps.map((s) => s / 255), occlusion: options.occlusion ?? false,
    oodFolders: options.ood, calibrationSplit: options.calibrationSplit, limit: options.limit, seed: options.seed, parameterSet: options.parameterSet, jpegRoundTrip: options.jpegRoundTrip ?? false,
    savePredictions: options.savePredictions, progressToken: 'cli', runsFolder: options.runs, workers: options.workers,
  };
}

export async function sweepCommand(engine: EngineSession, modelPaths: string[], options: SweepOptions): Promise<RunRecord<SweepResults> | RunRecord<SweepShardResults>> {
  if (options.export?.length && !options.out) throw new UserFacingError('--export needs --out DIR to write the report files into.', 'bad-input');
  if (options.shard && !options.runs) throw new UserFacingError('--shard needs --runs DIR: the shard\'s record is saved there for `robustness-lens merge`.', 'bad-input');
  if (options.shard && options.export?.length) throw new UserFacingError('A shard has no report of its own; pass --export to `robustness-lens merge` instead.', 'bad-input');
  const modelIds: string[] = [];
  for (const path of modelPaths) modelIds.push((await loadModelWithWarnings(engine, path, options)).modelId);
  const baselineModel = options.baseline && options.baseline.toLowerCase() !== ALEXNET_BASELINE ? await loadModelWithWarnings(engine, options.baseline, options) : null;
  const params = sweepParams(modelIds, baselineModel?.modelId ?? null, options);
  const plan = await engine.planSweep(params);
  (options.json ? process.stderr : process.stdout).write(`${formatPlan(plan)}\n${options.shard ? `${formatShardPart(plan, options.shard)}\n` : ''}`);
  const bar = createProgressBar(options.shard ? `shard ${options.shard.index}/${options.shard.count}` : 'sweep');
  const shard = options.shard;
  try {
    if (shard) return await sweepShardCommand(engine, { ...params, shard }, (p) => bar.update(p), options.json ?? false);
    const record = await engine.sweep(params, (p) => bar.update(p), cancelOnInterrupt());
    bar.stop();
    const { imageCount, partial, skipped } = record.results;
    if (imageCount === 0 && !partial) throw new UserFacingError(`No image of ${options.data} could be decoded, so the sweep has nothing to report.\n${skipped.slice(0, 5).map((s) => `  ${s.path}: ${s.reason}`).join('\n')}`, 'bad-input');
    await printSweepRecord(record, options, record.results.partial, params.runsFolder === undefined ? undefined : runFolder(resolve(params.runsFolder), record.id));
    return record;
  } finally {
    bar.stop();
  }
}

async function sweepShardCommand(engine: EngineSession, params: SweepShardParams, onProgress: ProgressSink, json: boolean): Promise<RunRecord<SweepShardResults>> {
  const record = await engine.sweepShard(params, onProgress, cancelOnInterrupt());
  const r = record.results;
  if (json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  else {
    process.stdout.write(`\nShard ${r.shard.index}/${r.shard.count}: ${r.imageCount} of the run's ${r.plannedImageCount} images${r.partial ? ' (cancelled part-way)' : ''}, ${r.forwardPasses} forward passes.\n`
      + `Record: ${join(resolve(params.runsFolder ?? '.'), record.id)}\nMerge every shard's record with: robustness-lens merge ${resolve(params.runsFolder ?? '.')}/*-sweep-shard-*\n`);
  }
  if (r.partial) throw cancelledAfterPartialResults(`the shard's record keeps the ${r.imageCount} images that finished every condition`);
  return record;
}

/**
 * Prints a sweep's summary, facts and files (or the record as JSON) and writes the requested exports. Then, after everything
 * is written, a run the user `cancelled` ends the command with exit code 130, and a condition that failed for some model (its
 * cells read 'failed') with exit code 2 and the failures. `savedIn`: the run folder of a record saved with its gallery as
 * files, which the exports embed.
 */
export async function printSweepRecord(record: RunRecord<SweepResults>, options: Pick<SweepOptions, 'export' | 'out' | 'json' | 'oodScore'>, cancelled = false, savedIn?: string): Promise<void> {
  const results = record.results;
  const oodScore = options.oodScore ?? 'msp';
  const exported = async () => (savedIn === undefined ? results : (await withImagesInline(record, savedIn)).results);
  const files = options.export?.length && options.out ? await writeExports(await exported(), options.export, options.out, oodScore) : [];
  if (options.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  else printSweepSummary(results, files, oodScore);
  if (cancelled) throw cancelledAfterPartialResults(`the results above cover the ${results.imageCount} of ${results.plannedImageCount} images that finished every condition`);
  throwIfConditionsFailed(results);
}

/** A partial failure: the sweep ran and its record is written, but some condition could not run for some model. */
function throwIfConditionsFailed(results: SweepResults): void {
  const failures = results.models.flatMap((m) => (m.failedConditions ?? []).map((f) => `${m.name}: ${f.message}`));
  if (failures.length) throw new UserFacingError(`${failures.length} condition(s) failed; the rest of the sweep ran and is reported above.\n${failures.join('\n')}`, 'unsupported');
}

/** Each model's calibration line and its OOD rows under the chosen score(s), in % (definitions.md §5). */
export function formatCalibrationAndOod(results: SweepResults, oodScore: OodScoreChoice): string[] {
  return results.models.flatMap((m) => [
    `${m.name}: ${calibrationLine(m.calibration)}`,
    ...(m.calibration.temperatureScaling ? [`  ${temperatureLine(m.calibration.temperatureScaling)}`] : []),
    ...oodRows(m, oodScore).map(({ score, result: o }) => `  OOD ${oodSetLabel(o)} (${OOD_SCORE_TITLES[score]}, ${o.inCount} in / ${o.outCount} out): AUROC ${percent(o.auroc)}%, FPR at TPR 95% ${percent(o.fprAtTpr95)}%, `
      + `AUPR-In ${percent(o.auprIn)}%, AUPR-Out ${percent(o.auprOut)}%, detection acc. ${percent(o.detectionAccuracy)}%`),
    ...(logProbabilityNote(m, oodScore) ? [`  note: ${logProbabilityNote(m, oodScore)}`] : []),
  ]);
}

function printSweepSummary(results: SweepResults, files: readonly string[], oodScore: OodScoreChoice): void {
  const lines = ['', results.partial ? `Cancelled: the numbers below cover the ${results.imageCount} of ${results.plannedImageCount} images that finished every condition.\n` : '', formatSummary(results), '', ...formatCalibrationAndOod(results, oodScore), ''];
  for (const fact of results.facts) lines.push(`${fact.label}: ${fact.value}`);
  for (const warning of results.warnings) lines.push(`warning: ${warning}`);
  if (results.skipped.length) lines.push(`Skipped ${results.skipped.length} file(s):`, ...results.skipped.map((s) => `  ${s.path}: ${s.reason}`));
  if (results.predictionsFile) lines.push(`Per-image probabilities: ${results.predictionsFile}`);
  for (const file of files) lines.push(`Report: ${file}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
