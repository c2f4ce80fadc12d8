// `robustness-lens inspect MODEL`: what the engine sees in a checkpoint.
import type { EngineSession } from '../../engine/session';
import { formatInspection } from '../format';
import { type ModelOptions, modelLoadParams } from '../loadModel';

export interface InspectOptions extends ModelOptions { json?: boolean }

export async function inspectCommand(engine: EngineSession, modelPath: string, options: InspectOptions): Promise<void> {
  const model = await engine.loadModel(modelLoadParams(modelPath, options));
  process.stdout.write(options.json ? `${JSON.stringify(model, null, 2)}\n` : `${formatInspection(model)}\n`);
}
