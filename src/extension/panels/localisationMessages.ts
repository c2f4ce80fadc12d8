// Validates what the localisation webview sends, and the state it saved, before the host acts on either.
import { z } from 'zod';
import { MAX_PIXEL_IMAGES_PER_MESSAGE, colorMapNames, type LocalisationPanelState, type LocalisationWebviewMessage } from '../../protocol/panels';
import { camMethods, camNormalisations, camTargets } from '../../protocol/rpc';

const choicesSchema = z.object({ method: z.enum(camMethods), normalisation: z.enum(camNormalisations), target: z.enum(camTargets) });

const localisationWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('run'), choices: choicesSchema }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('pixels'), imageIndices: z.array(z.number().int().min(0)).max(MAX_PIXEL_IMAGES_PER_MESSAGE) }),
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
});

export function parseLocalisationMessage(raw: unknown): LocalisationWebviewMessage | { error: string } {
  const parsed = localisationWebviewMessageSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return { error: `Ignored a malformed panel message (${issue?.path.join('.') || 'message'}: ${issue?.message}).` };
}

/** The saved state when it has the expected shape, else null (its paths still need checking against allowedPath). */
export function parseLocalisationState(raw: unknown): LocalisationPanelState | null {
  const parsed = panelStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
