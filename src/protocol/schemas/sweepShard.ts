// The schema of one sweep shard's results (SweepShardResults, sweep.ts): the per-model tallies `merge` adds up, checked to
// hold one entry per image where merging relies on it.
import * as z from 'zod/mini';
import { imagenetBenchmarks, oodFolderTags, sweepParameterSets, type SweepShardResults, type SweepTallyState } from '../sweep';
import { count, positiveCount, skippedFileSchema } from './shared';
import { sweepConditionFailureSchema, sweepGalleryEntrySchema, sweepLogitKindSchema } from './sweep';

const scoreLists = z.object({ maxLogit: z.array(z.number()), energy: z.array(z.number()) });
const classwiseBins = z.object({ classCount: count, counts: z.array(z.number()), hits: z.array(z.number()), sums: z.array(z.number()) });

const tallyStateSchema: z.ZodMiniType<SweepTallyState> = z.looseObject({
  modelId: z.string(),
  imageCount: count,
  wrong: z.record(z.string(), count),
  cleanConfidence: z.array(z.number()),
  cleanCorrect: z.array(z.boolean()),
  trueClassProbability: z.array(z.number()),
  oodScores: z.record(z.string(), z.array(z.number())),
  logitScores: z.optional(z.object({ kind: sweepLogitKindSchema, clean: scoreLists, ood: z.record(z.string(), scoreLists) })),
  classwiseBins: z.optional(classwiseBins),
  failedConditions: z.optional(z.array(sweepConditionFailureSchema)),
  temperatureScaling: z.optional(z.looseObject({
    temperature: z.number(), atRangeEdge: z.boolean(), logitKind: sweepLogitKindSchema, split: z.string(), splitImageCount: count,
    splitNllBefore: z.number(), splitNllAfter: z.number(), confidence: z.array(z.number()), correct: z.array(z.boolean()),
    trueClassProbability: z.array(z.number()), classwiseBins,
  })),
}).check(z.refine((t) => t.cleanConfidence.length === t.imageCount && t.cleanCorrect.length === t.imageCount && t.trueClassProbability.length === t.imageCount,
  'per-image lists must hold one entry per image'));

const shard = z.object({ index: count, count: positiveCount });

export const sweepShardResultsSchema: z.ZodMiniType<SweepShardResults> = z.looseObject({
  shard,
  request: z.looseObject({
    modelIds: z.array(z.string()), data: z.string().check(z.minLength(1)), dataset: z.optional(z.enum(imagenetBenchmarks)),
    clean: z.optional(z.string()), baseline: z.optional(z.string()), corruptions: z.optional(z.array(z.string())),
    severities: z.optional(z.array(z.number())), fgsmEpsilons: z.optional(z.array(z.number())), occlusion: z.optional(z.boolean()),
    ood: z.optional(z.boolean()), oodFolder: z.optional(z.string()),
    oodFolders: z.optional(z.array(z.object({ path: z.string(), tag: z.optional(z.enum(oodFolderTags)) }))),
    calibrationSplit: z.optional(z.string()), limit: z.optional(z.number()), seed: z.optional(z.number()),
    parameterSet: z.optional(z.enum(sweepParameterSets)), jpegRoundTrip: z.optional(z.boolean()), savePredictions: z.optional(z.string()),
    galleryImages: z.optional(z.number()),
  }),
  baseline: z.string(),
  parameterSet: z.enum(sweepParameterSets),
  classCount: positiveCount,
  batchSize: positiveCount,
  plannedImageCount: count,
  groups: z.array(z.looseObject({
    geometry: z.looseObject({ height: positiveCount, width: positiveCount, resize: z.enum(['stretch', 'shorter-side']), centerCropFraction: z.number() }),
    modelIds: z.array(z.string()),
  })).check(z.minLength(1)),
  names: z.record(z.string(), z.string()),
  partial: z.boolean(),
  imageCount: count,
  forwardPasses: count,
  tallies: z.array(tallyStateSchema).check(z.minLength(1)),
  gallery: z.array(sweepGalleryEntrySchema),
  classNames: z.optional(z.nullable(z.array(z.string()))),
  predictionsFile: z.nullable(z.string()),
  skipped: z.array(skippedFileSchema),
  warnings: z.array(z.string()),
});
