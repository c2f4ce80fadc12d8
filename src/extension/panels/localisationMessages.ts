// Validates what the localisation webview sends, and the state it saved, before the host acts on either.
import { z } from 'zod';
import { colorMapNames, localisationExportFormats, type LocalisationPanelState, type LocalisationWebviewMessage } from '../../protocol/panels';
import { camMethods, camNormalisations, camTargets } from '../../protocol/cam';
import { messageParser, stateParser } from './panelMessages';

const choicesSchema = z.object({
  method: z.enum(camMethods), normalisation: z.enum(camNormalisations), target: z.enum(camTargets), faithfulness: z.boolean().optional(),
  candidates: z.object({ methods: z.array(z.enum(camMethods)).min(1).max(camMethods.length), normalisations: z.array(z.enum(camNormalisations)).min(1).max(camNormalisations.length) }).optional(),
});

const localisationWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('run'), choices: choicesSchema }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('export'), format: z.enum(localisationExportFormats) }),
]);

const panelStateSchema = z.object({
  modelPaths: z.array(z.string().min(1)).min(1).max(8),
  data: z.string().min(1),
  choices: choicesSchema,
  display: z.object({
    colorMap: z.enum(colorMapNames),
    opacity: z.number().min(0).max(1),
    thresholdIndex: z.number().int().min(0).nullable(),
  }),
  // States saved before the panel kept its runs have none.
  recordFiles: z.array(z.string().min(1)).min(1).max(8).nullable().default(null),
});

export const parseLocalisationMessage = messageParser<LocalisationWebviewMessage>(localisationWebviewMessageSchema);

export const parseLocalisationState = stateParser<LocalisationPanelState>(panelStateSchema);
