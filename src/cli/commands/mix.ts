// `robustness-lens mix MODEL DATA --method …`: Mixup, Cutout, CutMix or Puzzle Mix previews (definitions.md §6) written as PNG files (the mixed
// image, and a sheet with both sources, λ and the predictions), with the model's prediction on each mixed image and its in-between statistics printed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { MixLambda, MixMethod, MixPairing, MixResults, MixSettings } from '../../protocol/mix';
import type { RunRecord } from '../../protocol/records';
import type { LoadedModel } from '../../protocol/engine';
import { UserFacingError } from '../../engine/errors';
import { withImagesInline } from '../../engine/runs/attachments';
import { runFolder } from '../../engine/runs/store';
import type { EngineSession } from '../../engine/session';
import { cancelOnInterrupt } from '../cancellation';
import { createProgressBar } from '../progressBar';
import { type ModelOptions, loadModelWithWarnings } from '../loadModel';
import { mixSheetPng } from '../../present/report/mixSheet';

export interface MixOptions extends ModelOptions {
  method: MixMethod;
  pairs: number;
  lambda?: number;
  classes?: [string, string];
  cutoutSide?: number;
  seed: number;
  out: string;
  runs?: string;
  json?: boolean;
}

/** A fixed λ in [0, 1]. */
export function lambdaValue(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected λ between 0 and 1, e.g. 0.5');
  return n;
}

/** Two classes, by name or index: A,B. */
export function classPair(value: string): [string, string] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length !== 2 || parts.some((part) => part === '')) throw new InvalidArgumentError('expected two classes, e.g. cat,dog or 3,5');
  return [parts[0], parts[1]];
}

function classIndex(model: LoadedModel, nameOrIndex: string): number {
  const byName = model.labels.names.indexOf(nameOrIndex);
  if (byName >= 0) return byName;
  const index = Number(nameOrIndex);
  if (Number.isInteger(index) && index >= 0 && index < model.labels.names.length) return index;
  throw new UserFacingError(`The model has no class '${nameOrIndex}' (classes: ${model.labels.names.join(', ')}).`, 'bad-input');
}

function pairingOf(model: LoadedModel, options: MixOptions): MixPairing {
  if (!options.classes) return { kind: 'random', count: options.pairs };
  return { kind: 'classes', firstClass: classIndex(model, options.classes[0]), secondClass: classIndex(model, options.classes[1]), count: options.pairs };
}

/** Writes each mixed image as <out>/mix-NN.png and its contact sheet (sources, mix, λ, predictions) as <out>/sheet-NN.png; returns the sheets' paths. */
async function writeMixedImages(results: MixResults, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  return Promise.all(results.pairs.map(async (pair, n) => {
    const number = String(n + 1).padStart(2, '0');
    await writeFile(join(outDir, `mix-${number}.png`), Buffer.from(pair.mixed.replace(/^data:image\/png;base64,/, ''), 'base64'));
    const sheet = join(outDir, `sheet-${number}.png`);
    await writeFile(sheet, await mixSheetPng(pair, results.classNames));
    return sheet;
  }));
}

export async function mixCommand(engine: EngineSession, modelPath: string, data: string, options: MixOptions): Promise<RunRecord<MixResults>> {
  const model = await loadModelWithWarnings(engine, modelPath, options);
  const lambda: MixLambda = options.lambda === undefined ? { kind: 'beta', concentration: 1 } : { kind: 'fixed', value: options.lambda };
  const bar = createProgressBar('mix');
  let record: RunRecord<MixResults>;
  try {
    record = await engine.mix({
      modelIds: [model.modelId], data, method: options.method, pairing: pairingOf(model, options), lambda, cutoutSide: options.cutoutSide,
      seed: options.seed, progressToken: 'cli', runsFolder: options.runs,
    }, (p) => bar.update(p), cancelOnInterrupt());
  } finally {
    bar.stop();
  }
  // A saved record keeps its images as files; the PNGs written here are made from them.
  const inline = options.runs ? await withImagesInline(record, runFolder(resolve(options.runs), record.id)) : record;
  const files = await writeMixedImages(inline.results, resolve(options.out));
  process.stdout.write(options.json ? `${JSON.stringify(record, null, 2)}\n` : `${formatMixReport(record, files)}\n`);
  return record;
}

const methodNames: Record<MixMethod, string> = { mixup: 'Mixup', cutout: 'Cutout', cutmix: 'CutMix', puzzlemix: 'Puzzle Mix' };
const percent = (value: number | null): string => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);

function lambdaText(lambda: MixLambda): string {
  return lambda.kind === 'fixed' ? `λ = ${lambda.value}` : `λ ~ Beta(${lambda.concentration}, ${lambda.concentration})`;
}

/** How Puzzle Mix ran (definitions.md §6): the g used and whether it was drawn, the energy's parameters, transport and the mask solver. */
function puzzleRunLine(puzzle: NonNullable<MixSettings['puzzle']>): string {
  // Records saved before Puzzle Mix followed the authors' code hold only the settings.
  if ((puzzle as Partial<typeof puzzle>).gridUsed === undefined) return `Puzzle Mix, saved by an earlier version (before the authors' energy and transport were followed): g = ${puzzle.grid} · m = ${puzzle.levels}`;
  const grid = `g = ${puzzle.gridUsed} ${puzzle.grid === 'random' ? '(drawn from 2, 4, 8, 16)' : '(fixed)'}`;
  const transport = puzzle.transport ? `transport ξ = ${puzzle.transportWeight}` : 'no transport';
  const solver = puzzle.solver === 'exact' ? 'exact mask (every mask enumerated)' : 'α-β swap graph cut';
  return `As the authors' code: ${grid} · m = ${puzzle.levels} · β = ${puzzle.smoothness}, γ = ${puzzle.dataSmoothness}, η = ${puzzle.priorWeight} · neighbourhood ${puzzle.neighbourhood} px · ${transport} · ${solver}`;
}

function formatMixReport(record: RunRecord<MixResults>, files: string[]): string {
  const { settings, pairs, statistics, classNames } = record.results;
  const detail = settings.method === 'cutout' ? `side L = ${settings.cutoutSide} px` : lambdaText(settings.lambda);
  const lines = [`${methodNames[settings.method]} · ${detail} · ${pairs.length} pairs · seed ${settings.seed} · mixed at ${settings.inputSize.join('×')}`, ''];
  if (settings.puzzle) lines.splice(1, 0, puzzleRunLine(settings.puzzle));
  pairs.forEach((pair, n) => {
    const target = pair.target.map((t) => `${t.name} ${percent(t.probability)}`).join(' + ');
    const predicted = pair.predictions[0].top.slice(0, 2).map((t) => `${t.name} ${percent(t.probability)}`).join(', ');
    lines.push(`${files[n]}  λ = ${pair.lambda.toFixed(3)}  target ${target}  predicted ${predicted}`);
  });
  if (statistics.length > 0) {
    lines.push('', 'In-between statistics (pairs of two different classes)');
    const header = ['Model', 'Pairs', 'Top-2 = {y1, y2}', 'Mean |p(y1) − λ|', 'Mean |p(y2) − (1−λ)|'];
    const rows = statistics.map((s) => [s.modelPath, String(s.pairCount), percent(s.topTwoMatchRate), s.meanGapFirst?.toFixed(3) ?? 'n/a', s.meanGapSecond?.toFixed(3) ?? 'n/a']);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const row of [header, ...rows]) lines.push(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  } else {
    lines.push('', 'Cutout keeps each image\'s label: there is no in-between behaviour to measure.');
  }
  lines.push('', `Classes: ${classNames.join(', ')}`);
  lines.push(...record.results.warnings.map((w) => `! ${w}`));
  return lines.join('\n');
}
