// A linear scale from data values to pixels with "nice" round ticks (1, 2 or 5 times a power of ten).

export interface LinearScale {
  /** The top of the domain: the last tick, at or above the largest value. */
  max: number;
  ticks: number[];
  /** Pixel position of `value`; `range[0]` for 0 and `range[1]` for `max`. */
  position(value: number): number;
}

/** The step of about `maxValue / targetTicks`, rounded to 1, 2 or 5 × 10^k (at least 1 when `integers`). */
export function niceStep(maxValue: number, targetTicks: number, integers: boolean): number {
  const rough = maxValue / Math.max(1, targetTicks);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude;
  return integers ? Math.max(1, Math.round(step)) : step;
}

/** A scale over [0, nice max ≥ maxValue] mapped onto `range` (pixels; may run downwards for a y axis). */
export function linearScale(maxValue: number, range: [number, number], options: { targetTicks?: number; integers?: boolean } = {}): LinearScale {
  const targetTicks = options.targetTicks ?? 5;
  const integers = options.integers ?? false;
  const safeMax = maxValue > 0 ? maxValue : 1;
  const step = niceStep(safeMax, targetTicks, integers);
  const tickCount = Math.ceil(safeMax / step - 1e-9);
  const ticks = Array.from({ length: tickCount + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  const max = ticks[ticks.length - 1];
  return {
    max,
    ticks,
    position: (value) => range[0] + ((range[1] - range[0]) * value) / max,
  };
}
