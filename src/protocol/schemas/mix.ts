// Schemas of the mix preview's choices and results (mix.ts), as records hold them and the mix panel sends and receives them.
import * as z from 'zod/mini';
import { mixMethods, puzzleGridSizes, type MixLambda, type MixPairing, type MixResults, type PuzzleMixSettings } from '../mix';
import { classScoreSchema, count, numberPair } from './shared';

/** Most pairs one mix request shows. */
const MAX_PAIRS = 32;

export const mixLambdaSchema: z.ZodMiniType<MixLambda> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), value: z.number().check(z.minimum(0), z.maximum(1)) }),
  z.object({ kind: z.literal('beta'), concentration: z.number().check(z.positive(), z.maximum(100)) }),
]);

const pairCount = z.int().check(z.minimum(1), z.maximum(MAX_PAIRS));
export const mixPairingSchema: z.ZodMiniType<MixPairing> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('random'), count: pairCount }),
  z.object({ kind: z.literal('classes'), firstClass: count, secondClass: count, count: pairCount }),
  z.object({ kind: z.literal('images'), firstId: z.string().check(z.minLength(1)), secondId: z.string().check(z.minLength(1)) }),
]);

const weight = z.number().check(z.minimum(0), z.maximum(100));
const puzzleFields = {
  grid: z.union([z.literal('random'), z.literal(puzzleGridSizes)]),
  levels: z.int().check(z.minimum(1), z.maximum(16)),
  smoothness: weight,
  dataSmoothness: weight,
  priorWeight: weight,
  transport: z.boolean(),
};
export const puzzleMixSettingsSchema: z.ZodMiniType<PuzzleMixSettings> = z.object(puzzleFields);

const mixSourceSchema = z.looseObject({ id: z.string(), label: count, image: z.string() });

export const mixResultsSchema: z.ZodMiniType<MixResults> = z.looseObject({
  settings: z.looseObject({
    method: z.enum(mixMethods), pairing: mixPairingSchema, lambda: mixLambdaSchema, cutoutSide: z.nullable(z.number()),
    puzzle: z.nullable(z.looseObject({
      ...puzzleFields, gridUsed: z.literal(puzzleGridSizes), neighbourhood: z.number(), transportWeight: z.number(),
      solver: z.enum(['exact', 'alpha-beta-swap']), saliencyModel: z.string(),
    })),
    seed: z.number(), inputSize: numberPair,
  }),
  classNames: z.array(z.string()),
  pairs: z.array(z.looseObject({
    first: mixSourceSchema, second: z.nullable(mixSourceSchema), mixed: z.string(), lambda: z.number(), target: z.array(classScoreSchema),
    predictions: z.array(z.looseObject({ modelPath: z.string(), top: z.array(classScoreSchema) })),
  })),
  statistics: z.array(z.looseObject({
    modelPath: z.string(), pairCount: count, sameClassPairs: count, topTwoMatchRate: z.nullable(z.number()),
    meanGapFirst: z.nullable(z.number()), meanGapSecond: z.nullable(z.number()),
  })),
  warnings: z.array(z.string()),
});
