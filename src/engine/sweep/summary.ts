// The seed paper's comparison table (definitions.md §1.4): Clean, FGSM, Occlusion, Noise, Blur, Weather, Digital, mCE, relative mCE per model, best marked.
import { CORRUPTIONS, type CorruptionFamily, type CorruptionName, type ParameterSetName } from '../corruptions';
import type { SweepCorruptionScore, SweepSummaryColumn, SweepSummaryRow } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import { IMAGENET_CLASS_COUNT } from './alexnetBaseline';
import {
  alexNetCorruptionError, alexNetRelativeCorruptionError, checkSeverityErrors, corruptionError, relativeCorruptionError,
} from './corruptionError';

/** One model's measured top-1 errors. */
export interface ModelErrors {
  model: string;
  clean: number;
  /** Top-1 error under FGSM at the run's ε, or null when not measured. */
  fgsm: number | null;
  /** The mean occlusion-robustness error (definitions.md §3), or null when not measured. */
  occlusion: number | null;
  /** Top-1 error per severity 1..5 for each corruption evaluated. */
  corruptions: Partial<Record<CorruptionName, readonly number[]>>;
}

/** Another checkpoint evaluated on the same images by the same code, or AlexNet's published numbers (ImageNet models only). */
export type CorruptionBaseline = { kind: 'checkpoint'; errors: ModelErrors } | { kind: 'alexnet' };

// The row and column shapes live in the protocol, which the CLI, the report and the panels share.
export type CorruptionScore = SweepCorruptionScore;
export type SummaryRow = SweepSummaryRow;
export type SummaryColumn = SweepSummaryColumn;
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = ['clean', 'fgsm', 'occlusion', 'noise', 'blur', 'weather', 'digital', 'mce', 'relativeMce'];

export interface RobustnessSummary {
  rows: SummaryRow[];
  /** Per column, the model(s) with the lowest value (all of them on a tie; none when no model has a value). */
  best: Record<SummaryColumn, string[]>;
}

/** What the table is computed for: the AlexNet baseline needs ImageNet-C parameters and a 1000-class model. */
export interface SummaryContext {
  parameterSet: ParameterSetName;
  classCount: number;
}

const BENCHMARK = CORRUPTIONS.filter((c) => c.kind === 'benchmark');
const FAMILIES: readonly CorruptionFamily[] = ['noise', 'blur', 'weather', 'digital'];

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function checkModel(errors: ModelErrors): void {
  for (const [name, value] of [['clean', errors.clean], ['FGSM', errors.fgsm], ['occlusion', errors.occlusion]] as const) {
    if (value !== null && (!Number.isFinite(value) || value < 0 || value > 1)) throw new UserFacingError(`${errors.model}: the ${name} error must be in [0, 1], got ${value}.`, 'bad-input');
  }
  for (const [name, severities] of Object.entries(errors.corruptions)) if (severities) checkSeverityErrors(severities, `${errors.model}, ${name}`);
}

function scoreAgainst(baseline: CorruptionBaseline, model: ModelErrors, corruption: CorruptionName, severities: readonly number[]): CorruptionScore {
  if (baseline.kind === 'alexnet') {
    return { ce: alexNetCorruptionError(severities, corruption), relativeCe: alexNetRelativeCorruptionError(severities, model.clean, corruption) };
  }
  const base = baseline.errors.corruptions[corruption];
  if (!base) return { ce: null, relativeCe: null };
  return { ce: corruptionError(severities, base), relativeCe: relativeCorruptionError(severities, model.clean, base, baseline.errors.clean) };
}

/** The mean of all values when none is null, else null. */
function meanOfAll(values: readonly (number | null)[]): number | null {
  return values.every((v): v is number => v !== null) ? mean(values) : null;
}

// definitions.md §1.4: one row of the seed paper's table; families average all severities of their benchmark corruptions; mCE averages CE over the 15.
export function summaryRow(model: ModelErrors, baseline: CorruptionBaseline): SummaryRow {
  const benchmark: Partial<Record<CorruptionName, CorruptionScore>> = {};
  const extras: Partial<Record<CorruptionName, CorruptionScore>> = {};
  for (const info of CORRUPTIONS) {
    const severities = model.corruptions[info.name];
    if (severities) (info.kind === 'benchmark' ? benchmark : extras)[info.name] = scoreAgainst(baseline, model, info.name, severities);
  }
  const familyMean = (family: CorruptionFamily): number | null => {
    const members = BENCHMARK.filter((c) => c.family === family).map((c) => model.corruptions[c.name] ?? null);
    return members.every((m): m is readonly number[] => m !== null) ? mean(members.flat()) : null;
  };
  const [noise, blur, weather, digital] = FAMILIES.map(familyMean);
  return {
    model: model.model, clean: model.clean, fgsm: model.fgsm, occlusion: model.occlusion, noise, blur, weather, digital,
    mce: meanOfAll(BENCHMARK.map((c) => benchmark[c.name]?.ce ?? null)),
    relativeMce: meanOfAll(BENCHMARK.map((c) => benchmark[c.name]?.relativeCe ?? null)),
    benchmark, extras,
    missingBenchmark: BENCHMARK.filter((c) => !model.corruptions[c.name]).map((c) => c.name),
  };
}

/** The lowest value of each column and which models reach it (exact ties all win). */
export function bestPerColumn(rows: readonly SummaryRow[]): Record<SummaryColumn, string[]> {
  const best = {} as Record<SummaryColumn, string[]>;
  for (const column of SUMMARY_COLUMNS) {
    const values = rows.map((r) => r[column]).filter((v): v is number => v !== null);
    const lowest = Math.min(...values);
    best[column] = rows.filter((r) => r[column] === lowest).map((r) => r.model);
  }
  return best;
}

/** The comparison table for several checkpoints against one baseline. */
export function summariseRobustness(models: readonly ModelErrors[], baseline: CorruptionBaseline, context: SummaryContext): RobustnessSummary {
  if (baseline.kind === 'alexnet' && (context.parameterSet !== 'imagenet-c' || context.classCount !== IMAGENET_CLASS_COUNT)) {
    throw new UserFacingError('The AlexNet baseline holds only for ImageNet models (1000 classes, ImageNet-C parameters); pick a baseline checkpoint evaluated on the same images instead.', 'bad-input');
  }
  if (baseline.kind === 'checkpoint') checkModel(baseline.errors);
  models.forEach(checkModel);
  const rows = models.map((m) => summaryRow(m, baseline));
  return { rows, best: bestPerColumn(rows) };
}
