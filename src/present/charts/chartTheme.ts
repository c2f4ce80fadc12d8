// What a chart takes from the place it is drawn in: the colours of its secondary marks and of each model, outcome and OOD
// set (fixed hues in a static report, VS Code theme variables in a panel), and whether the pointer shows tips. Axis text
// and ticks are Plot's currentColor, so they follow the surrounding text colour in both.
import type { Outcome } from '../predictionStats';

export interface ChartTheme {
  /** Secondary marks and text: the diagonal, empty bins' outlines, the τ line, bin counts. */
  muted: string;
  /** Grid lines. */
  grid: string;
  /** Marks that must read like text over the plot (the scaled reliability points). */
  text: string;
  /** The reliability diagram's track behind each non-empty bin. */
  track: string;
  modelColor: (index: number) => string;
  outcomeColors: Readonly<Record<Outcome, string>>;
  /** One per OOD set, in the order of the sweep's OOD results. */
  oodColors: readonly string[];
  /** Plot's tip on pointer hover (the panels); a static report has none. */
  tips: boolean;
}

/** The chart's size in CSS pixels: a panel passes its container's width, a report a fixed one. */
export interface ChartSize { width: number; height: number }

/** The margins of a chart whose x axis is labelled below its ticks and whose y ticks are percentages. */
export const FRAME_MARGINS = { marginBottom: 40, marginLeft: 46 } as const;

/**
 * What every chart's options start from: its size, its margins (FRAME_MARGINS unless given), its description for screen
 * readers, and 12 px text over whatever is behind it.
 */
export function chartFrame(size: ChartSize, description: string, margins: { marginTop?: number; marginBottom?: number; marginLeft?: number } = FRAME_MARGINS) {
  return { ...size, ...margins, ariaLabel: description, style: { fontSize: '12px', background: 'transparent' } };
}
