// Messages between the extension host and the overview panel, and the state the panel keeps; the types are the schemas'.
import * as z from 'zod/mini';
import { preprocessingProfileSchema } from '../model';
import { loadedModelSchema } from '../schemas/engine';
import { predictResultsSchema } from '../schemas/predict';
import { runRecordSchema } from '../schemas/records';
import { backendInfoSchema } from '../schemas/shared';
import { panelStatusMessageSchemas, pathSchema } from './status';

export const overviewHostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('model'), model: loadedModelSchema, backend: backendInfoSchema }),
  z.object({ type: z.literal('predictions'), record: runRecordSchema(predictResultsSchema), recordFile: z.string() }),
  ...panelStatusMessageSchemas,
]);
export type OverviewHostMessage = z.infer<typeof overviewHostMessageSchema>;

export const overviewWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('predictSample') }),
  z.object({ type: z.literal('pickImages') }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('saveProfile'), profile: preprocessingProfileSchema }),
]);
export type OverviewWebviewMessage = z.infer<typeof overviewWebviewMessageSchema>;

/** What the overview panel keeps with vscode.setState so it survives hiding and window reloads: the model, and the record file of the predictions it shows. */
export const overviewPanelStateSchema = z.object({
  modelPath: pathSchema,
  // States saved before the panel kept its predictions have none.
  recordFile: z._default(z.nullable(pathSchema), null),
});
export type OverviewPanelState = z.infer<typeof overviewPanelStateSchema>;
