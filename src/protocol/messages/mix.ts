// Messages between the extension host and the mix-preview panel, and the state the panel keeps; the types are the schemas'.
import * as z from 'zod/mini';
import { DEFAULT_PUZZLE_SETTINGS, mixMethods } from '../mix';
import { mixLambdaSchema, mixPairingSchema, mixResultsSchema, puzzleMixSettingsSchema } from '../schemas/mix';
import { runRecordSchema } from '../schemas/records';
import { backendInfoSchema, count } from '../schemas/shared';
import { localisedModelSchema } from './localisation';
import { panelStatusMessageSchemas, pathSchema } from './status';

/** Most models one mix-preview panel compares. */
const MAX_MODELS = 4;

/** What the mix-preview panel asks the engine for; changing one re-requests the grid. */
const choicesSchema = z.object({
  method: z.enum(mixMethods),
  lambda: mixLambdaSchema,
  pairing: mixPairingSchema,
  /** Cutout's side L in pixels. */
  cutoutSide: z.int().check(z.minimum(1), z.maximum(4096)),
  puzzle: puzzleMixSettingsSchema,
  seed: z.int().check(z.minimum(0), z.maximum(2 ** 31 - 1)),
});
export type MixChoices = z.infer<typeof choicesSchema>;

/** CutMix on six random pairs, λ ~ Beta(1, 1): the paper's own setting; Cutout's side 16 px as DeVries & Taylor on CIFAR-10. */
export const DEFAULT_MIX_CHOICES: MixChoices = {
  method: 'cutmix', lambda: { kind: 'beta', concentration: 1 }, pairing: { kind: 'random', count: 6 }, cutoutSide: 16, puzzle: DEFAULT_PUZZLE_SETTINGS, seed: 0,
};

/** What the mix-preview panel keeps with vscode.setState so it survives hiding and window reloads; `recordFile` is the shown run's record. */
export const mixPanelStateSchema = z.object({
  modelPaths: z.array(pathSchema).check(z.minLength(1), z.maxLength(MAX_MODELS)),
  data: pathSchema,
  choices: choicesSchema,
  // States saved before the panel kept its run have none.
  recordFile: z._default(z.nullable(pathSchema), null),
});
export type MixPanelState = z.infer<typeof mixPanelStateSchema>;

/** One labelled dataset image the pair pickers list. */
const datasetImageSchema = z.object({ id: z.string(), label: count });
export type MixDatasetImage = z.infer<typeof datasetImageSchema>;

const snippetFrameworks = ['pytorch', 'tfdata'] as const;

export const mixHostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('setup'), models: z.array(localisedModelSchema), data: z.string(), images: z.array(datasetImageSchema), choices: choicesSchema,
    backend: backendInfoSchema,
  }),
  z.object({ type: z.literal('results'), record: runRecordSchema(mixResultsSchema), recordFile: z.string(), snippets: z.object({ pytorch: z.string(), tfdata: z.string() }) }),
  ...panelStatusMessageSchemas,
]);
export type MixHostMessage = z.infer<typeof mixHostMessageSchema>;

export const mixWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('run'), choices: choicesSchema }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('exportPng') }),
  z.object({ type: z.literal('copySnippet'), framework: z.enum(snippetFrameworks) }),
]);
export type MixWebviewMessage = z.infer<typeof mixWebviewMessageSchema>;
