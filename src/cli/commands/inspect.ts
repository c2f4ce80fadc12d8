// `robustness-lens inspect MODEL`: what the engine sees in a checkpoint.
import type { EngineSession } from '../../engine/session';
import { formatInspection } from '../format';

export interface InspectOptions { labels?: string; preprocessing?: string; json?: boolean }

export async function inspectCommand(engine: EngineSession, modelPath: string, options: InspectOptions): Promise<void> {
  const model = await engine.loadModel({ path: modelPath, labelsPath: options.labels, preprocessingPath: options.preprocessing });
  process.stdout.write(options.json ? `${JSON.stringify(model, null, 2)}\n` : `${formatInspection(model)}\n`);
}
