// The schema of the cam analysis's results (cam.ts), as records hold them; optional fields are those older records lack.
import * as z from 'zod/mini';
import { camMethods, camNormalisations, camTargets, type CamAccuracyCurve, type CamFaithfulness, type CamImageOverlay, type CamResults, type CamSettings } from '../cam';
import type { ProtocolSummary } from '../wsolProtocol';
import { boxSchema, count, numberPair, positiveCount, skippedFileSchema } from './shared';

export const camSettingsSchema: z.ZodMiniType<CamSettings> = z.looseObject({
  method: z.enum(camMethods), normalisation: z.enum(camNormalisations), ivrPercentile: z.nullable(z.number()), layer: z.string(),
  target: z.enum(camTargets), evaluationSize: positiveCount, thresholdStep: z.number().check(z.positive()), inputSize: numberPair,
  occlusion: z.optional(z.object({ patch: positiveCount, stride: positiveCount })),
});

export const camAccuracyCurveSchema: z.ZodMiniType<CamAccuracyCurve> = z.looseObject({
  iouThreshold: z.number(), accuracies: z.array(z.number()), maxAccuracy: z.number(), bestThreshold: z.number(),
});

export const camImageOverlaySchema: z.ZodMiniType<CamImageOverlay> = z.looseObject({
  map: z.string(), image: z.string(), boxes: z.array(boxSchema), ious: z.nullable(z.array(z.number())),
});

/** One image of a cam run; `overlay` is the part the localisation panel receives separately (messages/localisation.ts). */
export const camImageFields = {
  id: z.string(), label: z.nullable(count), predicted: count, explained: count, groundTruth: z.array(boxSchema), box: boxSchema, iou: z.nullable(z.number()),
};

const protocolSummarySchema: z.ZodMiniType<ProtocolSummary> = z.looseObject({
  metric: z.enum(['maxBoxAcc', 'pxap']),
  candidates: z.array(z.looseObject({ label: z.string(), trainFullsup: z.number(), threshold: z.nullable(z.number()) })),
  chosen: count,
  chosenBy: z.object({ setting: z.literal('train-fullsup'), threshold: z.nullable(z.literal('train-fullsup')) }),
  test: z.number(),
  chosenOnTest: z.nullable(z.object({ value: z.number(), threshold: z.number() })),
});

const faithfulnessSchema: z.ZodMiniType<CamFaithfulness> = z.looseObject({
  imageCount: count, percentiles: z.array(z.number()), imputationNoise: z.number(), seed: z.number(),
  roadMorf: z.array(z.number()), roadLerf: z.array(z.number()), originalConfidence: z.number(), roadCombined: z.number(),
  stepPixels: positiveCount, deletion: z.array(z.number()), insertion: z.array(z.number()), deletionAuc: z.number(), insertionAuc: z.number(),
  averageDrop: z.number(), averageIncrease: z.number(),
});

/** Every field of CamResults but its images, which the record and the localisation panel's message carry differently. */
export const camResultsFields = {
  modelPath: z.string().check(z.minLength(1)),
  settings: camSettingsSchema,
  imageCount: count,
  thresholds: z.array(z.number()),
  boxThreshold: z.number(),
  maxBoxAcc: z.nullable(camAccuracyCurveSchema),
  maxBoxAccV2: z.nullable(z.looseObject({ curves: z.array(camAccuracyCurveSchema), mean: z.number() })),
  localisation: z.nullable(z.looseObject({
    threshold: z.number(), thresholdSource: z.enum(['max-box-acc', 'given']), top1: z.nullable(z.number()), gtKnown: z.number(),
  })),
  pxap: z.optional(z.nullable(z.number())),
  protocol: z.optional(protocolSummarySchema),
  scoremapFolder: z.nullable(z.string()),
  overlayFolder: z.nullable(z.string()),
  skipped: z.array(skippedFileSchema),
  warnings: z.array(z.string()),
  faithfulness: z.optional(z.nullable(faithfulnessSchema)),
};

/**
 * Results saved before cam runs stated their box threshold and overlay folder (version 0.1) read as today's: their boxes were
 * drawn at the localisation τ, and no overlay folder was written.
 */
function withBoxThresholdOfOlderRecords(results: unknown): unknown {
  if (typeof results !== 'object' || results === null || 'boxThreshold' in results) return results;
  const { localisation } = results as { localisation?: { threshold?: unknown } | null };
  return { overlayFolder: null, ...results, boxThreshold: localisation?.threshold };
}

export const camResultsSchema: z.ZodMiniType<CamResults> = z.pipe(z.transform(withBoxThresholdOfOlderRecords), z.looseObject({
  ...camResultsFields,
  images: z.array(z.looseObject({ ...camImageFields, overlay: z.nullable(camImageOverlaySchema) })),
}));
