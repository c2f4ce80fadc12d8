// The panels' chart colours: VS Code theme variables (CSS values, so a theme switch recolours the charts without a redraw);
// axis text is currentColor, set by panel.css's .lens-plot rules.
import type { ChartTheme } from '../../src/present/charts/chartTheme';
import { panelModelColor } from '../../src/present/charts/modelPalette';

export const PANEL_CHART_THEME: ChartTheme = {
  muted: 'var(--vscode-descriptionForeground)',
  grid: 'var(--vscode-editorWidget-border, rgba(128, 128, 128, 0.35))',
  text: 'var(--vscode-foreground)',
  track: 'color-mix(in srgb, var(--vscode-foreground) 10%, transparent)',
  modelColor: panelModelColor,
  outcomeColors: {
    correct: 'var(--vscode-charts-green, #388a34)',
    incorrect: 'var(--vscode-charts-red, #e51400)',
    unlabelled: 'var(--vscode-charts-blue, #1a85ff)',
  },
  oodColors: ['var(--vscode-charts-red, #f14c4c)', 'var(--vscode-charts-purple, #b180d7)', 'var(--vscode-charts-yellow, #cca700)'],
  tips: true,
};
