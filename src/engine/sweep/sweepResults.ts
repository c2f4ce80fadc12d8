// Turns a sweep's tallies into its results: per-model tables, calibration and OOD metrics, the CutMix paper's summary
// against the chosen baseline (definitions.md §1.4), and the facts every report states.
import type { SweepCalibration, SweepModelResult, SweepOodResult, SweepOodScore, SweepResults, SweepSettings } from '../../protocol/sweep';
import { ALEXNET_BASELINE, type ImageNetBenchmark } from '../../protocol/sweep';
import { benchmarkScoring } from '../data/imagenetBenchmarks';
import { CORRUPTIONS, describeCorruption, type CorruptionName } from '../corruptions';
import { SEVERITY_COUNT } from './corruptionError';
import { reportFacts, type ReportFact } from './reportFacts';
import { summariseRobustness, type CorruptionBaseline, type ModelErrors } from './summary';
import { OCCLUSION_NOTE } from '../occlusion';
import {
  SYNTHETIC_OOD_DESCRIPTIONS, adaptiveCalibrationError, expectedCalibrationError, negativeLogLikelihood, oodDetection, rangeScoreHistograms, scoreHistograms,
  type SyntheticOodKind,
} from '../uncertainty';
import type { ModelTally } from './modelTally';
import type { SweepOutcome } from './runSweep';
import { conditionKey, summaryEpsilon, type OodFolderSet } from './sweepConditions';
import type { SweepLayout } from './sweepSetup';

export interface SweepReportInput {
  layout: SweepLayout;
  outcome: SweepOutcome;
  /** 'alexnet' or the baseline model's id. */
  baseline: string;
  data: string;
  /** Display name per model id. */
  names: ReadonlyMap<string, string>;
  predictionsFile: string | null;
  warnings: string[];
  /** The ImageNet benchmark the images were read as (definitions.md §7); absent or null for any other dataset. */
  benchmark?: ImageNetBenchmark | null;
  /** Class names by index for the gallery (sweepClassNames); null: class indices. */
  classNames: string[] | null;
}

/** The user's folder behind a set, or undefined for a built-in set. */
function folderOf(set: string, folders: readonly OodFolderSet[]): OodFolderSet | undefined {
  return folders.find((f) => f.set === set);
}

function oodDescription(set: string, folders: readonly OodFolderSet[]): string {
  const folder = folderOf(set, folders);
  if (!folder) return SYNTHETIC_OOD_DESCRIPTIONS[set as SyntheticOodKind];
  return `${folder.tag ? `${folder.tag}-OOD: ` : ''}images of ${folder.path}`;
}

/** The clean and OOD scores of one score function, per set; null where a set lacks them (shard records written before they were kept). */
function scoresOf(tally: ModelTally, score: SweepOodScore, set: string): { inScores: readonly number[]; outScores: readonly number[] } | null {
  if (score === 'msp') {
    const outScores = tally.oodScores.get(set);
    return outScores ? { inScores: tally.cleanConfidence, outScores } : null;
  }
  const inScores = tally.cleanLogitScores[score];
  const outScores = tally.oodLogitScores.get(set)?.[score];
  // Every clean and OOD image needs the score, or the metric would cover fewer images than the others.
  if (!outScores || inScores.length !== tally.cleanConfidence.length || outScores.length !== tally.oodScores.get(set)?.length) return null;
  return { inScores, outScores };
}

function oodResults(tally: ModelTally, sets: readonly string[], folders: readonly OodFolderSet[], score: SweepOodScore): SweepOodResult[] {
  return sets.flatMap((set) => {
    const scores = scoresOf(tally, score, set);
    if (!scores?.outScores.length) return [];
    const { inScores, outScores } = scores;
    const detection = oodDetection(inScores, outScores);
    const tag = folderOf(set, folders)?.tag;
    return [{
      set, ...(tag ? { tag } : {}), ...(score === 'msp' ? {} : { score }), description: oodDescription(set, folders), auroc: detection.auroc, tnrAtTpr95: detection.tnrAtTpr95,
      detectionAccuracy: detection.detectionAccuracy, fprAtTpr95: detection.fprAtTpr95, auprIn: detection.auprIn, auprOut: detection.auprOut,
      inCount: detection.inCount, outCount: detection.outCount,
      histogram: score === 'msp' ? scoreHistograms(inScores, outScores) : rangeScoreHistograms(inScores, outScores),
    }];
  });
}

/** The max logit and energy rows, when the tally has those scores for every image. */
function oodByScore(tally: ModelTally, sets: readonly string[], folders: readonly OodFolderSet[]): Pick<SweepModelResult, 'oodByScore' | 'logitKind'> {
  if (!tally.logitKind || tally.cleanLogitScores.maxLogit.length !== tally.cleanConfidence.length) return {};
  return { oodByScore: { maxLogit: oodResults(tally, sets, folders, 'maxLogit'), energy: oodResults(tally, sets, folders, 'energy') }, logitKind: tally.logitKind };
}

function modelResult(input: SweepReportInput, tally: ModelTally): SweepModelResult {
  const { conditions } = input.layout;
  const group = input.layout.groups.find((g) => g.modelIds.includes(tally.modelId));
  const [height, width] = group ? [group.geometry.height, group.geometry.width] : [0, 0];
  const calibration = expectedCalibrationError(tally.cleanConfidence, tally.cleanCorrect);
  return {
    modelId: tally.modelId, name: input.names.get(tally.modelId) ?? tally.modelId, inputSize: [height, width],
    clean: tally.errorOf(conditionKey.clean()),
    corruptions: conditions.corruptions.map((name) => {
      const info = CORRUPTIONS.find((c) => c.name === name);
      return {
        corruption: name, displayName: describeCorruption(name, conditions.severities[0], height, width, { parameterSet: input.layout.parameterSet }).displayName,
        family: info?.family ?? 'noise', kind: info?.kind ?? 'extra',
        errors: conditions.severities.map((s) => tally.errorOf(conditionKey.corruption(name, s))),
      };
    }),
    fgsm: tally.fgsm?.result() ?? null,
    occlusion: tally.occlusion?.result() ?? null,
    calibration: {
      ece: calibration.ece, nll: negativeLogLikelihood(tally.trueClassProbability), bins: calibration.bins, imageCount: calibration.imageCount,
      adaptiveEce: adaptiveCalibrationError(tally.cleanConfidence, tally.cleanCorrect),
      ...(tally.classwise?.imageCount === tally.imageCount ? { classwiseEce: tally.classwise.ece() } : {}),
      ...temperatureScalingOf(tally),
    },
    ood: oodResults(tally, conditions.oodSets, conditions.oodFolders, 'msp'),
    ...oodByScore(tally, conditions.oodSets, conditions.oodFolders),
    failedConditions: [...tally.failures],
  };
}

/** The metrics after temperature scaling, when the tally has the scaled clean images of every clean image. */
function temperatureScalingOf(tally: ModelTally): Pick<SweepCalibration, 'temperatureScaling'> {
  const result = tally.temperature?.imageCount === tally.imageCount ? tally.temperature.result() : null;
  return result ? { temperatureScaling: result } : {};
}

/** The errors summariseRobustness takes; only corruptions evaluated at all five severities enter CE and mCE. */
function modelErrors(result: SweepModelResult, epsilon: number | null): ModelErrors {
  const corruptions: Partial<Record<CorruptionName, readonly number[]>> = {};
  for (const c of result.corruptions) if (c.errors.length === SEVERITY_COUNT) corruptions[c.corruption as CorruptionName] = c.errors;
  const fgsm = epsilon === null ? null : result.fgsm?.errors.find((e) => e.epsilon === epsilon)?.error ?? null;
  return { model: result.modelId, clean: result.clean, fgsm, occlusion: result.occlusion?.occlusion ?? null, corruptions };
}

/** The settings a sweep's results and run spec state. */
export function sweepSettings(input: Pick<SweepReportInput, 'layout' | 'baseline' | 'data'>): SweepSettings {
  const c = input.layout.conditions;
  return {
    data: input.data, parameterSet: input.layout.parameterSet, corruptions: [...c.corruptions], severities: [...c.severities], seed: c.seed,
    jpegRoundTrip: c.jpegRoundTrip, fgsmEpsilons: [...c.epsilons], fgsmSummaryEpsilon: summaryEpsilon(c.epsilons), occlusion: c.holeFractions.length > 0,
    ood: [...c.oodSets], baseline: input.baseline, batchSize: input.layout.batchSize,
    ...(input.layout.calibrationSplit ? { calibrationSplit: input.layout.calibrationSplit } : {}),
  };
}

function extraFacts(input: SweepReportInput, settings: SweepSettings): ReportFact[] {
  const facts: ReportFact[] = [];
  if (input.benchmark) facts.push({ label: 'Benchmark', value: benchmarkScoring(input.benchmark) });
  if (input.outcome.partial) facts.push({ label: 'Partial', value: `cancelled: ${input.outcome.imageCount} of ${input.layout.imageCount} images finished every condition; every number covers those images` });
  if (input.layout.groups.length > 1) facts.push({ label: 'Input sizes', value: input.layout.groups.map((g) => `${g.geometry.height}×${g.geometry.width}: ${g.modelIds.map((id) => input.names.get(id)).join(', ')}`).join('; ') });
  if (settings.severities.length !== SEVERITY_COUNT) facts.push({ label: 'Severities', value: `${settings.severities.join(', ')} only: CE and mCE need all five, so they are not reported` });
  if (settings.ood.length) facts.push({ label: 'OOD sets', value: settings.ood.map((s) => oodDescription(s, input.layout.conditions.oodFolders)).join('; ') + '; scores: max softmax probability, max logit and energy (T = 1), in-distribution positive' });
  const onLogProbabilities = input.outcome.tallies.filter((t) => t.logitKind === 'log-probabilities').map((t) => input.names.get(t.modelId) ?? t.modelId);
  if (settings.ood.length && onLogProbabilities.length) {
    facts.push({ label: 'OOD scores on log-probabilities', value: `${onLogProbabilities.join(', ')} only expose probabilities: max logit and energy are taken on log p, where max logit is log MSP and energy is 0 for every image (degenerate)` });
  }
  const scaling = temperatureFact(input);
  if (scaling) facts.push(scaling);
  if (input.layout.corruptionSource.kind === 'generated') facts.push({ label: 'Per-image randomness', value: 'each image\'s corruption draws come from (seed, corruption, severity, image id), so shards and reruns reproduce them' });
  return facts;
}

/** What temperature scaling was fitted on and how, when the sweep had a calibration split (definitions.md §5). */
function temperatureFact(input: SweepReportInput): ReportFact | null {
  const fitted = input.outcome.tallies.flatMap((t) => (t.temperature ? [{ name: input.names.get(t.modelId) ?? t.modelId, fit: t.temperature.fit }] : []));
  if (!input.layout.calibrationSplit || fitted.length === 0) return null;
  const count = fitted[0].fit.splitImageCount;
  const onLogProbabilities = fitted.filter((f) => f.fit.logitKind === 'log-probabilities').map((f) => f.name);
  return {
    label: 'Temperature scaling',
    value: `T fitted per model by minimising the NLL of softmax(z/T) on ${count} labelled images of ${input.layout.calibrationSplit} (none of them an evaluated image); ECE, adaptive and classwise ECE and NLL reported before and after on the evaluated clean images (definitions.md §5)`
      + (onLogProbabilities.length ? `; ${onLogProbabilities.join(', ')} only expose probabilities, so log p stands in for the logits (softmax(log p) = p)` : ''),
  };
}

/** One warning per condition that failed for a model, naming the model: the table shows those cells as failed. */
function failureWarnings(input: SweepReportInput): string[] {
  return input.outcome.tallies.flatMap((t) => t.failures.map((f) => `${input.names.get(t.modelId) ?? t.modelId}: ${f.message} The other conditions ran.`));
}

/** The sweep's results record. */
export function sweepResults(input: SweepReportInput): SweepResults {
  const { layout, outcome } = input;
  const settings = sweepSettings(input);
  const models = outcome.imageCount > 0 ? outcome.tallies.map((t) => modelResult(input, t)) : [];
  const errors = models.map((m) => modelErrors(m, settings.fgsmSummaryEpsilon));
  const baselineErrors = errors.find((e) => e.model === input.baseline);
  const baseline: CorruptionBaseline = input.baseline === ALEXNET_BASELINE || !baselineErrors ? { kind: 'alexnet' } : { kind: 'checkpoint', errors: baselineErrors };
  const summary = models.length ? summariseRobustness(errors, baseline, { parameterSet: layout.parameterSet, classCount: layout.classCount }) : null;
  const first = layout.groups[0].geometry;
  const facts = [
    ...reportFacts({
      baseline: baselineErrors ? { kind: 'checkpoint', errors: { ...baselineErrors, model: input.names.get(baselineErrors.model) ?? baselineErrors.model } } : baseline,
      parameterSet: layout.parameterSet, height: first.height, width: first.width, corruptions: layout.conditions.corruptions,
      seed: settings.seed, imageCount: outcome.imageCount, jpegRoundTrip: settings.jpegRoundTrip,
      ...(settings.fgsmSummaryEpsilon === null ? {} : { fgsmTarget: 'label' as const, fgsmEpsilon: settings.fgsmSummaryEpsilon }),
      ...(settings.occlusion ? { occlusionNote: OCCLUSION_NOTE } : {}),
      corruptionSource: layout.corruptionSource,
    }),
    ...extraFacts(input, settings),
  ];
  return {
    settings, partial: outcome.partial, imageCount: outcome.imageCount, plannedImageCount: layout.imageCount, forwardPasses: outcome.forwardPasses,
    models, summary, facts, gallery: outcome.gallery, classNames: input.classNames, predictionsFile: input.predictionsFile, skipped: outcome.skipped, warnings: [...input.warnings, ...failureWarnings(input)],
  };
}
