// Validates what the overview webview sends before the host acts on it.
import { z } from 'zod';
import { preprocessingProfileSchema } from '../../protocol/model';
import type { OverviewWebviewMessage } from '../../protocol/panels';

const overviewWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('predictSample') }),
  z.object({ type: z.literal('pickImages') }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('saveProfile'), profile: preprocessingProfileSchema }),
]);

export function parseOverviewMessage(raw: unknown): OverviewWebviewMessage | { error: string } {
  const parsed = overviewWebviewMessageSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return { error: `Ignored a malformed panel message (${issue?.path.join('.') || 'message'}: ${issue?.message}).` };
}
