// Loads a model for a CLI command and says on stderr what its inspection and labels warn about, as `inspect` shows them.
import { basename } from 'node:path';
import type { EngineSession } from '../engine/session';
import type { LoadedModel } from '../protocol/rpc';

export interface ModelOptions { labels?: string; preprocessing?: string }

export async function loadModelWithWarnings(engine: EngineSession, path: string, options: ModelOptions): Promise<LoadedModel> {
  const model = await engine.loadModel({ path, labelsPath: options.labels, preprocessingPath: options.preprocessing });
  for (const warning of [...model.inspection.warnings, ...model.labels.warnings]) process.stderr.write(`warning: ${basename(path)}: ${warning}\n`);
  return model;
}
