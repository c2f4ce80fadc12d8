// Schemas of the robustness sweep's plan and results (sweep.ts), as records hold them and the sweep panel receives them;
// optional fields are those older records lack.
import * as z from 'zod/mini';
import {
  oodFolderTags, sweepParameterSets, type SweepCalibration, type SweepGalleryEntry, type SweepOodResult, type SweepPlan,
  type SweepReliabilityBin, type SweepResults,
} from '../sweep';
import { count, numberPair, positiveCount, skippedFileSchema } from './shared';

export const sweepLogitKindSchema = z.enum(['logits', 'log-probabilities']);

export const sweepConditionFailureSchema = z.object({ condition: z.literal('fgsm'), message: z.string() });

export const sweepPlanSchema: z.ZodMiniType<SweepPlan> = z.looseObject({
  imageCount: count,
  batchSize: positiveCount,
  batchCount: count,
  groups: z.array(z.looseObject({ modelIds: z.array(z.string()), inputSize: numberPair })),
  parameterSet: z.enum(sweepParameterSets),
  conditions: z.array(z.discriminatedUnion('kind', [
    z.looseObject({ kind: z.literal('clean'), key: z.string(), label: z.string() }),
    z.looseObject({ kind: z.literal('corruption'), key: z.string(), label: z.string(), corruption: z.string(), severity: z.number() }),
    z.looseObject({ kind: z.literal('fgsm'), key: z.string(), label: z.string(), epsilon: z.number() }),
    z.looseObject({ kind: z.literal('occlusion'), key: z.string(), label: z.string(), mode: z.enum(['centre', 'boundary']), holeFraction: z.number() }),
    z.looseObject({ kind: z.literal('ood'), key: z.string(), label: z.string(), set: z.string() }),
  ])),
  forwardPasses: count,
  passMs: z.record(z.string(), z.number()),
  estimatedSeconds: z.number(),
  calibrationSplit: z.optional(z.object({ path: z.string(), imageCount: count })),
  baseline: z.string(),
  notes: z.array(z.string()),
});

const reliabilityBinSchema: z.ZodMiniType<SweepReliabilityBin> = z.looseObject({
  lower: z.number(), upper: z.number(), count, accuracy: z.nullable(z.number()), meanConfidence: z.nullable(z.number()),
});

const calibrationSchema: z.ZodMiniType<SweepCalibration> = z.looseObject({
  ece: z.number(), nll: z.number(), adaptiveEce: z.optional(z.number()), classwiseEce: z.optional(z.number()),
  bins: z.array(reliabilityBinSchema), imageCount: count,
  temperatureScaling: z.optional(z.looseObject({
    temperature: z.number(), atRangeEdge: z.boolean(), logitKind: sweepLogitKindSchema, split: z.string(), splitImageCount: count,
    splitNllBefore: z.number(), splitNllAfter: z.number(), ece: z.number(), adaptiveEce: z.number(), classwiseEce: z.number(), nll: z.number(),
    bins: z.array(reliabilityBinSchema),
  })),
});

const oodResultSchema: z.ZodMiniType<SweepOodResult> = z.looseObject({
  set: z.string(), tag: z.optional(z.enum(oodFolderTags)), score: z.optional(z.enum(['msp', 'maxLogit', 'energy'])), description: z.string(),
  auroc: z.number(), tnrAtTpr95: z.number(), detectionAccuracy: z.number(),
  fprAtTpr95: z.optional(z.number()), auprIn: z.optional(z.number()), auprOut: z.optional(z.number()),
  inCount: count, outCount: count,
  histogram: z.array(z.object({ lower: z.number(), upper: z.number(), inCount: count, outCount: count })),
});

const predictionAt = z.object({ classIndex: count, probability: z.number() });

export const sweepGalleryEntrySchema: z.ZodMiniType<SweepGalleryEntry> = z.looseObject({
  imageId: z.string(), label: count, corruption: z.string(), severity: z.number(), cleanImage: z.string(), corruptedImage: z.string(),
  predictions: z.array(z.looseObject({ modelId: z.string(), clean: predictionAt, corrupted: predictionAt, flipped: z.boolean() })),
});

const corruptionScore = z.object({ ce: z.nullable(z.number()), relativeCe: z.nullable(z.number()) });
const nullableNumber = z.nullable(z.number());

export const sweepResultsSchema: z.ZodMiniType<SweepResults> = z.looseObject({
  settings: z.looseObject({
    data: z.string().check(z.minLength(1)), parameterSet: z.enum(sweepParameterSets), corruptions: z.array(z.string()), severities: z.array(z.number()),
    seed: z.number(), jpegRoundTrip: z.boolean(), fgsmEpsilons: z.array(z.number()), fgsmSummaryEpsilon: nullableNumber,
    occlusion: z.boolean(), ood: z.array(z.string()), baseline: z.string(), batchSize: positiveCount, calibrationSplit: z.optional(z.string()),
  }),
  partial: z.boolean(),
  imageCount: count,
  plannedImageCount: count,
  forwardPasses: count,
  models: z.array(z.looseObject({
    modelId: z.string().check(z.minLength(1)),
    name: z.string(),
    inputSize: numberPair,
    clean: z.number(),
    corruptions: z.array(z.looseObject({
      corruption: z.string(), displayName: z.string(), family: z.enum(['noise', 'blur', 'weather', 'digital']), kind: z.enum(['benchmark', 'extra']),
      errors: z.array(z.number()),
    })),
    fgsm: z.nullable(z.looseObject({
      target: z.enum(['label', 'prediction']), imageCount: count, cleanError: z.number(),
      errors: z.array(z.object({ epsilon: z.number(), error: z.number(), wrong: count })),
    })),
    occlusion: z.nullable(z.looseObject({
      sizes: z.array(z.object({ fraction: z.number(), height: z.number(), width: z.number() })),
      curves: z.array(z.object({ mode: z.enum(['centre', 'boundary']), errors: z.array(z.number()) })),
      occlusion: z.number(), imageCount: count, note: z.string(),
    })),
    calibration: calibrationSchema,
    ood: z.array(oodResultSchema),
    oodByScore: z.optional(z.object({ maxLogit: z.array(oodResultSchema), energy: z.array(oodResultSchema) })),
    logitKind: z.optional(sweepLogitKindSchema),
    failedConditions: z.optional(z.array(sweepConditionFailureSchema)),
  })),
  summary: z.nullable(z.looseObject({
    rows: z.array(z.looseObject({
      model: z.string(), clean: z.number(), fgsm: nullableNumber, occlusion: nullableNumber, noise: nullableNumber, blur: nullableNumber,
      weather: nullableNumber, digital: nullableNumber, mce: nullableNumber, relativeMce: nullableNumber,
      benchmark: z.record(z.string(), corruptionScore), extras: z.record(z.string(), corruptionScore), missingBenchmark: z.array(z.string()),
    })),
    best: z.object({
      clean: z.array(z.string()), fgsm: z.array(z.string()), occlusion: z.array(z.string()), noise: z.array(z.string()), blur: z.array(z.string()),
      weather: z.array(z.string()), digital: z.array(z.string()), mce: z.array(z.string()), relativeMce: z.array(z.string()),
    }),
  })),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  gallery: z.array(sweepGalleryEntrySchema),
  classNames: z.optional(z.nullable(z.array(z.string()))),
  predictionsFile: z.nullable(z.string()),
  skipped: z.array(skippedFileSchema),
  warnings: z.array(z.string()),
});
