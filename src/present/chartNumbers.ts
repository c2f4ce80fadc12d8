// Numbers on chart axes and in figure captions as people write them (8, 0.5, 0.031), shared by the panels and the static reports.

/** A tick value without trailing zeros: 8 → "8", 0.25 → "0.25", 0.0313725 → "0.0314", 1234.5 → "1234.5". */
export function formatTickNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.abs(value) >= 1 || value === 0 ? Number(value.toFixed(3)) : Number(value.toPrecision(3));
  return String(rounded);
}

/** "on 40 images" / "on 1 image": the sample a figure was computed on. */
export function onImages(count: number): string {
  return `on ${count.toLocaleString('en-US')} image${count === 1 ? '' : 's'}`;
}
