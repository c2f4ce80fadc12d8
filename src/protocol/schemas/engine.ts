// The schema of a loaded model as the engine describes it (engine.ts, model.ts), as the overview panel receives it.
import * as z from 'zod/mini';
import type { LoadedModel } from '../engine';
import { modelFormats, preprocessingProfileSchema, type ModelInspection } from '../model';
import { count } from './shared';

const shape3 = z.tuple([z.number(), z.number(), z.number()]);

const modelInspectionSchema: z.ZodMiniType<ModelInspection> = z.looseObject({
  path: z.string(),
  format: z.enum(modelFormats),
  inputShape: shape3,
  parameterCount: count,
  layers: z.array(z.looseObject({ name: z.string(), className: z.string(), outputShape: z.nullable(z.array(z.nullable(z.number()))), parameterCount: count })),
  numClasses: count,
  outputKind: z.enum(['logits', 'softmax']),
  logitsSource: z.nullable(z.string()),
  lastConvLayer: z.nullable(z.object({ name: z.string(), shape: shape3 })),
  camHead: z.looseObject({ applicable: z.boolean(), reason: z.string(), denseLayer: z.nullable(z.string()) }),
  predictionRuntime: z.optional(z.string()),
  warnings: z.array(z.string()),
});

export const loadedModelSchema: z.ZodMiniType<LoadedModel> = z.looseObject({
  modelId: z.string(),
  inspection: modelInspectionSchema,
  profile: preprocessingProfileSchema,
  labels: z.looseObject({ names: z.array(z.string()), source: z.string(), warnings: z.array(z.string()) }),
});

