// Messages between the extension host and the sweep panel, and the state the panel keeps; the types are the schemas'.
import * as z from 'zod/mini';
import { runRecordSchema } from '../schemas/records';
import { backendInfoSchema } from '../schemas/shared';
import { sweepPlanSchema, sweepResultsSchema } from '../schemas/sweep';
import { sweepOodScoreChoices } from '../sweep';
import { panelStatusMessageSchemas, pathSchema } from './status';

/** What the robustness sweep computes besides clean error (SweepParams' analysis fields), as the sweep picker asks for it. */
export interface SweepAnalyses {
  corruptions: string[];
  severities: number[];
  /** ε values in pixel units of [0, 1] images. */
  fgsmEpsilons: number[];
  occlusion: boolean;
  oodFolder: string | null;
  /** Labelled images to fit temperature scaling on (chosen in the panel's plan); absent or null for none. */
  calibrationSplit?: string | null;
  /** Keep only the first N images; null for all. */
  limit: number | null;
}

/** Which images the sweep gallery lists. */
const galleryFilterSchema = z.enum(['all', 'flipped']);
export type SweepGalleryFilter = z.infer<typeof galleryFilterSchema>;

/** What the sweep panel keeps with vscode.setState: the shown run's record file, and what the webview alone changes. */
export const sweepPanelStateSchema = z.object({
  recordFile: pathSchema,
  corruption: z.nullable(z.string().check(z.minLength(1))),
  galleryFilter: galleryFilterSchema,
});
export type SweepPanelState = z.infer<typeof sweepPanelStateSchema>;

/** One checkpoint of the sweep panel. */
const panelModelSchema = z.object({ path: z.string(), name: z.string() });
export type SweepPanelModel = z.infer<typeof panelModelSchema>;

export const sweepHostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setup'), models: z.array(panelModelSchema), data: z.string(), backend: backendInfoSchema }),
  z.object({ type: z.literal('plan'), plan: sweepPlanSchema }),
  z.object({ type: z.literal('results'), record: runRecordSchema(sweepResultsSchema), recordFile: z.string() }),
  ...panelStatusMessageSchemas,
]);
export type SweepHostMessage = z.infer<typeof sweepHostMessageSchema>;

export const sweepExportFormats = ['md', 'csv', 'html'] as const;
export type SweepExportFormat = (typeof sweepExportFormats)[number];

export const sweepWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('cancel') }),
  /** `oodScore`: the OOD score the panel shows, which the Markdown and HTML reports' OOD table shows too. */
  z.object({ type: z.literal('export'), format: z.enum(sweepExportFormats), oodScore: z.enum(sweepOodScoreChoices) }),
  /** Choose the calibration split in a folder dialog, or go back to none; the host re-plans. */
  z.object({ type: z.literal('calibrationSplit'), action: z.enum(['browse', 'clear']) }),
]);
export type SweepWebviewMessage = z.infer<typeof sweepWebviewMessageSchema>;
