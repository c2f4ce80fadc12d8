// Validates what the sweep webview sends, and the state it saved, before the host acts on either.
import { z } from 'zod';
import { sweepExportFormats, type SweepPanelState, type SweepWebviewMessage } from '../../protocol/panels';
import { sweepOodScoreChoices } from '../../protocol/sweep';
import { messageParser, stateParser } from './panelMessages';

const sweepWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('export'), format: z.enum(sweepExportFormats), oodScore: z.enum(sweepOodScoreChoices) }),
  z.object({ type: z.literal('calibrationSplit'), action: z.enum(['browse', 'clear']) }),
]);

const panelStateSchema = z.object({
  recordFile: z.string().min(1),
  corruption: z.string().min(1).nullable(),
  galleryFilter: z.enum(['all', 'flipped']),
});

export const parseSweepMessage = messageParser<SweepWebviewMessage>(sweepWebviewMessageSchema);

export const parseSweepState = stateParser<SweepPanelState>(panelStateSchema);
