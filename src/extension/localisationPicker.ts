// What the "Localisation (CAM)" command opens: models (opened ones and the two samples, several at once) and a
// wsolevaluation dataset (the bundled sample set unless the user browses for another).
import { z } from 'zod';
import { modelNodeSchema, pickDataset, pickModels, sampleDataPath, type PickerWording } from './modelAndDataPicker';

export interface LocalisationPick { modelPaths: string[]; data: string }

const wording: PickerWording = {
  modelsTitle: 'Localisation (CAM): models to compare on the same images', modelsPlaceholder: 'Pick one or more checkpoints',
  datasetTitle: 'Localisation (CAM): images with ground-truth boxes or masks', sampleDescription: 'digits with boxes, wsolevaluation layout',
  browseLabel: 'Browse for a wsolevaluation dataset…', browseDescription: 'metadata/localization.txt, or train-fullsup and test splits (the protocol)', openLabel: 'Localise',
};

/** Tests and other commands may pass the models and dataset. */
const givenTargetSchema = z.object({ modelPaths: z.array(z.string().min(1)).min(1).max(8), data: z.string().min(1).optional() });

/** The models and dataset to localise: taken from `argument` when it names them, else asked for. */
export async function pickLocalisationTarget(argument: unknown, extensionPath: string, openedModels: readonly string[]): Promise<LocalisationPick | undefined> {
  const given = givenTargetSchema.safeParse(argument);
  if (given.success) return { modelPaths: given.data.modelPaths, data: given.data.data ?? sampleDataPath(extensionPath) };
  const node = modelNodeSchema.safeParse(argument);
  const modelPaths = await pickModels(extensionPath, openedModels, node.success ? node.data.path : null, wording);
  if (!modelPaths) return undefined;
  const data = await pickDataset(extensionPath, wording);
  return data ? { modelPaths, data } : undefined;
}
