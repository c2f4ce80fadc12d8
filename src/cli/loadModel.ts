// Loads a model for a CLI command and says on stderr what its inspection and labels warn about, as `inspect` shows them.
import { basename } from 'node:path';
import type { EngineSession } from '../engine/session';
import type { LoadModelParams, LoadedModel } from '../protocol/engine';
import { type PreprocessingFlags, preprocessingOverrides } from './preprocessingOptions';

export interface ModelOptions extends PreprocessingFlags { labels?: string }

/** The engine's load request for `path` with the command's labels and preprocessing options. */
export function modelLoadParams(path: string, options: ModelOptions): LoadModelParams {
  return { path, labelsPath: options.labels, preprocessingPath: options.preprocessing, preprocessingOverrides: preprocessingOverrides(options) };
}

export async function loadModelWithWarnings(engine: EngineSession, path: string, options: ModelOptions): Promise<LoadedModel> {
  const model = await engine.loadModel(modelLoadParams(path, options));
  for (const warning of [...model.inspection.warnings, ...model.labels.warnings]) process.stderr.write(`warning: ${basename(path)}: ${warning}\n`);
  return model;
}
