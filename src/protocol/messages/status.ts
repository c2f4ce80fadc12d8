// What every panel's host tells its webview about the work under way, and what went wrong or differently: the variants
// each panel's host-message union ends with.
import * as z from 'zod/mini';
import '../schemas/locale';

export const panelStatusMessageSchemas = [
  z.object({ type: z.literal('progress'), done: z.number(), total: z.number(), message: z.string() }),
  z.object({ type: z.literal('busy'), busy: z.boolean() }),
  z.object({ type: z.literal('error'), message: z.string() }),
  /** Something the user should know that is not an error, e.g. that a saved run is gone and was computed again. */
  z.object({ type: z.literal('notice'), message: z.string() }),
] as const;

export type PanelStatusMessage = z.infer<(typeof panelStatusMessageSchemas)[number]>;

/** A path the host checks before opening it (a model, a dataset, a run record). */
export const pathSchema = z.string().check(z.minLength(1));
