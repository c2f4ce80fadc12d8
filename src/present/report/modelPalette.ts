// One colour per checkpoint, in the report's model order, for every section of a report (curves, bars, legends, swatches).
const REPORT_MODEL_COLORS = ['#0969da', '#bc4c00', '#8250df', '#1a7f37', '#bf3989', '#57606a'] as const;

/** The colour of the report's `index`-th model (0-based); the same in every section that draws it. */
export function reportModelColor(index: number): string {
  return REPORT_MODEL_COLORS[index % REPORT_MODEL_COLORS.length];
}
