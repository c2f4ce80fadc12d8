// Messages between the extension host and the localisation panel, and the state the panel keeps; the types are the schemas'.
import * as z from 'zod/mini';
import { camMethods, camNormalisations, camTargets } from '../cam';
import { camResultsSchema } from '../schemas/cam';
import { runRecordSchema } from '../schemas/records';
import { backendInfoSchema, count } from '../schemas/shared';
import { panelStatusMessageSchemas, pathSchema } from './status';

/** Most models one localisation panel compares. */
const MAX_MODELS = 8;

/**
 * On a dataset with train-fullsup and test splits, the settings the WSOL protocol chooses among on train-fullsup (with
 * the checkpoints and τ; definitions.md §4 "The protocol"): every method × normalisation is a candidate.
 */
const candidatesSchema = z.object({
  methods: z.array(z.enum(camMethods)).check(z.minLength(1), z.maxLength(camMethods.length)),
  normalisations: z.array(z.enum(camNormalisations)).check(z.minLength(1), z.maxLength(camNormalisations.length)),
});
export type LocalisationCandidates = z.infer<typeof candidatesSchema>;

/** What the localisation panel asks the engine for; changing one re-runs the models. */
const choicesSchema = z.object({
  method: z.enum(camMethods), normalisation: z.enum(camNormalisations), target: z.enum(camTargets),
  /** Also measure the maps' faithfulness (CamParams.faithfulness); absent in states saved before it existed. */
  faithfulness: z.optional(z.boolean()),
  /** The protocol's candidates on a split dataset; absent: the method and normalisation above are the only ones. */
  candidates: z.optional(candidatesSchema),
});
export type LocalisationChoices = z.infer<typeof choicesSchema>;

/** The formats the localisation panel and `cam --export` write. */
export const localisationExportFormats = ['md', 'csv'] as const;
export type LocalisationExportFormat = (typeof localisationExportFormats)[number];

/** Colour maps the localisation panel and the report draw score maps with. */
export const colorMapNames = ['viridis', 'inferno', 'jet'] as const;
export type ColorMapName = (typeof colorMapNames)[number];

/** How the localisation panel draws the maps; the webview alone changes it. */
const displaySchema = z.object({
  colorMap: z.enum(colorMapNames),
  /** Opacity of the map over the image, 0 to 1. */
  opacity: z.number().check(z.minimum(0), z.maximum(1)),
  /** Index into the thresholds τ of the shown runs; null until the user moves the slider (then: the first model's best τ). */
  thresholdIndex: z.nullable(count),
});
export type LocalisationDisplay = z.infer<typeof displaySchema>;

/** What the localisation panel keeps with vscode.setState so it survives hiding and window reloads; `recordFiles` are the shown runs' records, one per model. */
export const localisationPanelStateSchema = z.object({
  modelPaths: z.array(pathSchema).check(z.minLength(1), z.maxLength(MAX_MODELS)),
  data: pathSchema,
  choices: choicesSchema,
  display: displaySchema,
  // States saved before the panel kept its runs have none.
  recordFiles: z._default(z.nullable(z.array(pathSchema).check(z.minLength(1), z.maxLength(MAX_MODELS))), null),
});
export type LocalisationPanelState = z.infer<typeof localisationPanelStateSchema>;

/** One model of the localisation and mix panels: where it is and the names of its classes. */
export const localisedModelSchema = z.object({ path: z.string(), classNames: z.array(z.string()) });
export type LocalisedModel = z.infer<typeof localisedModelSchema>;

export const localisationHostMessageSchema = z.discriminatedUnion('type', [
  /** `splits`: the data has train-fullsup and test splits, so the WSOL protocol chooses the settings (LocalisationCandidates). */
  z.object({ type: z.literal('setup'), models: z.array(localisedModelSchema), data: z.string(), choices: choicesSchema, backend: backendInfoSchema, splits: z.boolean() }),
  /** The shown runs, their images' paths replaced by URIs the webview may load (data: URIs in records saved before schema 2). */
  z.object({ type: z.literal('results'), records: z.array(runRecordSchema(camResultsSchema)), recordFiles: z.array(z.string()) }),
  ...panelStatusMessageSchemas,
]);
export type LocalisationHostMessage = z.infer<typeof localisationHostMessageSchema>;

export const localisationWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('run'), choices: choicesSchema }),
  z.object({ type: z.literal('cancel') }),
  /** Save the shown runs' report in this format (the user picks the file). */
  z.object({ type: z.literal('export'), format: z.enum(localisationExportFormats) }),
]);
export type LocalisationWebviewMessage = z.infer<typeof localisationWebviewMessageSchema>;
