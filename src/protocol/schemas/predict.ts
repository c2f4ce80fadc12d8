// The schema of the predict analysis's results (predict.ts), as records hold them and the overview panel receives them.
import * as z from 'zod/mini';
import type { PredictResults } from '../predict';
import { classScoreSchema, count, skippedFileSchema } from './shared';

export const predictResultsSchema: z.ZodMiniType<PredictResults> = z.looseObject({
  modelPath: z.string().check(z.minLength(1)),
  predictions: z.array(z.looseObject({
    id: z.string(), path: z.string(), label: z.nullable(count), top: z.array(classScoreSchema),
    probabilities: z.nullable(z.array(z.number())), thumbnail: z.nullable(z.string()),
  })),
  skipped: z.array(skippedFileSchema),
  top1Accuracy: z.nullable(z.number()),
  labelledCount: count,
  warnings: z.array(z.string()),
});
