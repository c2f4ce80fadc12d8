// What the "Mix Preview" command opens: checkpoints to put side by side (opened ones and the two samples) and a labelled
// dataset (the bundled sample set unless the user browses for another).
import { z } from 'zod';
import { modelNodeSchema, pickDataset, pickModels, sampleDataPath, type PickerWording } from './modelAndDataPicker';

export interface MixPick { modelPaths: string[]; data: string }

const MAX_MODELS = 4;

const wording: PickerWording = {
  modelsTitle: 'Mix preview: checkpoints to compare on the same mixed images', modelsPlaceholder: `Pick one to ${MAX_MODELS} checkpoints`,
  datasetTitle: 'Mix preview: labelled images to mix', sampleDescription: 'labelled digits',
  browseLabel: 'Browse for a labelled dataset…', browseDescription: 'an ImageFolder tree or a wsolevaluation dataset', openLabel: 'Mix',
};

/** Tests and other commands may pass the models and dataset. */
const givenTargetSchema = z.object({ modelPaths: z.array(z.string().min(1)).min(1).max(MAX_MODELS), data: z.string().min(1).optional() });

/** The models and dataset to mix: taken from `argument` when it names them, else asked for. */
export async function pickMixTarget(argument: unknown, extensionPath: string, openedModels: readonly string[]): Promise<MixPick | undefined> {
  const given = givenTargetSchema.safeParse(argument);
  if (given.success) return { modelPaths: given.data.modelPaths, data: given.data.data ?? sampleDataPath(extensionPath) };
  const node = modelNodeSchema.safeParse(argument);
  const modelPaths = await pickModels(extensionPath, openedModels, node.success ? node.data.path : null, wording, MAX_MODELS);
  if (!modelPaths) return undefined;
  const data = await pickDataset(extensionPath, wording);
  return data ? { modelPaths, data } : undefined;
}
