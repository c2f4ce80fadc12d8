// Schemas of the small shapes every analysis's results and the panels' messages share: boxes, skipped files, class
// scores, the backend. zod/mini, as every protocol schema: the webview apps bundle these, and zod/mini adds ~44 KB to a
// bundle where zod's classic API adds ~760 KB.
import * as z from 'zod/mini';
import './locale';
import { dawnBackends, webgpuFeatureLevels, type BackendInfo } from '../backend';
import type { Box, SkippedFile } from '../data';
import type { ClassScore } from '../predict';

export const count = z.int().check(z.nonnegative());
export const positiveCount = z.int().check(z.positive());
/** [height, width] or any other pair of numbers. */
export const numberPair = z.tuple([z.number(), z.number()]);

export const boxSchema: z.ZodMiniType<Box> = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });

export const skippedFileSchema: z.ZodMiniType<SkippedFile> = z.object({ path: z.string(), reason: z.string() });

export const classScoreSchema: z.ZodMiniType<ClassScore> = z.object({ index: count, name: z.string(), probability: z.number() });

export const backendInfoFields = {
  name: z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu']),
  device: z.enum(['GPU', 'CPU']),
  deviceName: z.nullable(z.string()),
  label: z.string(),
  adapter: z.nullable(z.object({
    device: z.string(), description: z.string(), vendor: z.string(), architecture: z.string(),
    type: z.enum(['discrete', 'integrated', 'cpu', 'unknown']), dawnBackend: z.enum(dawnBackends), featureLevel: z.enum(webgpuFeatureLevels),
  })),
  log: z.array(z.string()),
  tfjsVersion: z.string(),
  threads: z.number(),
};

export const backendInfoSchema: z.ZodMiniType<BackendInfo> = z.object(backendInfoFields);
