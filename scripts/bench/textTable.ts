// Plain-text tables for the terminal (and for pasting into Markdown code blocks).

/** The table's lines: header, rule, rows. `align` has one letter per column, l(eft) or r(ight); by default only the first is l. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align = `l${'r'.repeat(header.length - 1)}`): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** "24.4×": how many times `value` is `reference`, or "—" without a reference. */
export function ratio(value: number, reference: number | undefined): string {
  if (reference === undefined || reference <= 0) return '—';
  const r = value / reference;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2)}×`;
}

/** Images/s with a precision that suits its size. */
export function rate(imagesPerSecond: number): string {
  return imagesPerSecond >= 100 ? imagesPerSecond.toFixed(0) : imagesPerSecond >= 1 ? imagesPerSecond.toFixed(1) : imagesPerSecond.toFixed(2);
}
