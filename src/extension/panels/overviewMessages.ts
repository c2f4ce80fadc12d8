// Validates what the overview webview sends, and the state it saved, before the host acts on either.
import { z } from 'zod';
import { preprocessingProfileSchema } from '../../protocol/model';
import type { OverviewPanelState, OverviewWebviewMessage } from '../../protocol/panels';
import { messageParser, stateParser } from './panelMessages';

const overviewWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('predictSample') }),
  z.object({ type: z.literal('pickImages') }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('saveProfile'), profile: preprocessingProfileSchema }),
]);

const panelStateSchema = z.object({
  modelPath: z.string().min(1),
  // States saved before the panel kept its predictions have none.
  recordFile: z.string().min(1).nullable().default(null),
});

export const parseOverviewMessage = messageParser<OverviewWebviewMessage>(overviewWebviewMessageSchema);

export const parseOverviewState = stateParser<OverviewPanelState>(panelStateSchema);
