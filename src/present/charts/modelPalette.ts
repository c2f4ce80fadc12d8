// One colour per checkpoint, by its place among the compared models, for every chart, legend and swatch: the panels take
// the VS Code theme's chart colour (a CSS variable, so it follows theme changes), the static reports a fixed hue of the same family.
const MODEL_PALETTE = [
  { variable: '--vscode-charts-blue', fallback: '#1a85ff', report: '#0969da' },
  // panel.css: charts.orange made opaque (it is translucent in dark themes).
  { variable: '--lens-charts-orange', fallback: '#d18616', report: '#bc4c00' },
  { variable: '--vscode-charts-purple', fallback: '#652d90', report: '#8250df' },
  { variable: '--vscode-charts-green', fallback: '#388a34', report: '#1a7f37' },
  { variable: '--vscode-charts-yellow', fallback: '#bf8803', report: '#9a6700' },
  { variable: '--vscode-descriptionForeground', fallback: '#717171', report: '#57606a' },
] as const;

const entry = (index: number) => MODEL_PALETTE[index % MODEL_PALETTE.length];

/** The colour of the report's `index`-th model (0-based); the same in every section that draws it. */
export function reportModelColor(index: number): string {
  return entry(index).report;
}

/** The panel's colour of the `index`-th model, as a CSS value (`var(--vscode-charts-blue, #1a85ff)`). */
export function panelModelColor(index: number): string {
  const { variable, fallback } = entry(index);
  return `var(${variable}, ${fallback})`;
}
