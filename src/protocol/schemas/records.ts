// The schema of a whole run record, and which results schema each analysis's records are read with, so a record read
// from disk is refused with its first bad field named rather than failing later in a panel, a report or `merge`.
import * as z from 'zod/mini';
import { preprocessingProfileSchema } from '../model';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord } from '../records';
import { SWEEP_SHARD_ANALYSIS } from '../sweep';
import { camResultsSchema } from './cam';
import { mixResultsSchema } from './mix';
import { predictResultsSchema } from './predict';
import { backendInfoFields } from './shared';
import { sweepResultsSchema } from './sweep';
import { sweepShardResultsSchema } from './sweepShard';

/** The results schema of every analysis that saves records. */
const analysisResultsSchemas = {
  predict: predictResultsSchema, cam: camResultsSchema, sweep: sweepResultsSchema, [SWEEP_SHARD_ANALYSIS]: sweepShardResultsSchema, mix: mixResultsSchema,
} as const;

/** A path in a record as a panel opens it: not empty. */
const recordedPath = z.string().check(z.minLength(1));

/** A file beside the record: relative (POSIX or Windows), and not climbing out of the record's folder. */
const attachment = z.string().check(
  z.minLength(1),
  z.refine((p) => !/^(?:[\\/]|[A-Za-z]:[\\/])/.test(p) && !p.split(/[\\/]/).includes('..'), 'must be a path inside the run folder'),
);

/** A run record whose results have the shape `results` checks. */
export function runRecordSchema<Results>(results: z.ZodMiniType<Results>): z.ZodMiniType<RunRecord<Results>> {
  return z.looseObject({
    // Every schema this version reads (readRunRecord refuses newer ones first), read as the current one: schema 1 held its
    // images inline, which schema 2 still reads.
    schemaVersion: z.pipe(z.int().check(z.positive(), z.maximum(RUN_RECORD_SCHEMA_VERSION)), z.transform((): typeof RUN_RECORD_SCHEMA_VERSION => RUN_RECORD_SCHEMA_VERSION)),
    // The id names the run's folder, so it must not climb out of the runs folder.
    id: z.string().check(z.regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'must be a plain folder name')),
    createdAt: z.string(),
    spec: z.looseObject({
      analysis: z.string(),
      models: z.array(z.looseObject({ path: recordedPath, profile: preprocessingProfileSchema })).check(z.minLength(1)),
      data: z.nullable(recordedPath),
      params: z.record(z.string(), z.unknown()),
      seed: z.number(),
    }),
    results,
    timings: z.looseObject({ totalMs: z.number(), imagesPerSecond: z.nullable(z.number()), workers: z.optional(z.int().check(z.positive())) }),
    // Records saved before the engine ran on WebGPU name no adapter.
    backend: z.looseObject({ ...backendInfoFields, adapter: z._default(backendInfoFields.adapter, null) }),
    versions: z.looseObject({ robustnessLens: z.string(), tfjs: z.string() }),
    attachments: z.array(attachment),
  });
}

const recordSchemas = new Map(Object.entries(analysisResultsSchemas).map(([analysis, results]) => [analysis, runRecordSchema<unknown>(results)]));
const envelopeOnly = runRecordSchema(z.unknown());

/** The schema a record of `analysis` is read with: results and all for the analyses above, the envelope only for any other. */
export function recordSchemaFor(analysis: string): z.ZodMiniType<RunRecord> {
  return recordSchemas.get(analysis) ?? envelopeOnly;
}
