// Validates what the sweep webview sends, and the state it saved, before the host acts on either.
import { z } from 'zod';
import { sweepExportFormats, type SweepPanelState, type SweepWebviewMessage } from '../../protocol/panels';

const sweepWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('export'), format: z.enum(sweepExportFormats) }),
]);

const panelStateSchema = z.object({
  recordFile: z.string().min(1),
  corruption: z.string().min(1).nullable(),
  galleryFilter: z.enum(['all', 'flipped']),
});

export function parseSweepMessage(raw: unknown): SweepWebviewMessage | { error: string } {
  const parsed = sweepWebviewMessageSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return { error: `Ignored a malformed panel message (${issue?.path.join('.') || 'message'}: ${issue?.message}).` };
}

/** The saved state when it has the expected shape, else null (its record path still needs checking against allowedPath). */
export function parseSweepState(raw: unknown): SweepPanelState | null {
  const parsed = panelStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
