// Validates what the mix-preview webview sends, and the state it saved, before the host acts on either.
import { z } from 'zod';
import { mixMethods, puzzleGridSizes } from '../../protocol/mix';
import type { MixPanelState, MixWebviewMessage } from '../../protocol/panels';
import { messageParser, stateParser } from './panelMessages';

const MAX_PAIRS = 32;

const lambdaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), value: z.number().min(0).max(1) }),
  z.object({ kind: z.literal('beta'), concentration: z.number().positive().max(100) }),
]);

const pairingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('random'), count: z.number().int().min(1).max(MAX_PAIRS) }),
  z.object({ kind: z.literal('classes'), firstClass: z.number().int().min(0), secondClass: z.number().int().min(0), count: z.number().int().min(1).max(MAX_PAIRS) }),
  z.object({ kind: z.literal('images'), firstId: z.string().min(1), secondId: z.string().min(1) }),
]);

const puzzleSchema = z.object({
  grid: z.union([z.literal('random'), ...(puzzleGridSizes.map((g) => z.literal(g)) as [z.ZodLiteral<2>, z.ZodLiteral<4>, z.ZodLiteral<8>, z.ZodLiteral<16>])]),
  levels: z.number().int().min(1).max(16),
  smoothness: z.number().min(0).max(100),
  dataSmoothness: z.number().min(0).max(100),
  priorWeight: z.number().min(0).max(100),
  transport: z.boolean(),
});

const choicesSchema = z.object({
  method: z.enum(mixMethods), lambda: lambdaSchema, pairing: pairingSchema,
  cutoutSide: z.number().int().min(1).max(4096), puzzle: puzzleSchema, seed: z.number().int().min(0).max(2 ** 31 - 1),
});

const mixWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('run'), choices: choicesSchema }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('exportPng') }),
  z.object({ type: z.literal('copySnippet'), framework: z.enum(['pytorch', 'tfdata']) }),
]);

const panelStateSchema = z.object({
  modelPaths: z.array(z.string().min(1)).min(1).max(4), data: z.string().min(1), choices: choicesSchema,
  // States saved before the panel kept its run have none.
  recordFile: z.string().min(1).nullable().default(null),
});

export const parseMixMessage = messageParser<MixWebviewMessage>(mixWebviewMessageSchema);

export const parseMixState = stateParser<MixPanelState>(panelStateSchema);
