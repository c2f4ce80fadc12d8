// Theme colour variables for the bars: one per compared model, and a neutral one for the mixed target.
// (--lens-charts-orange, panel.css: charts.orange made opaque, and set in high contrast.)
export const MODEL_COLOR_VARIABLES = ['--vscode-charts-blue', '--lens-charts-orange', '--vscode-charts-green', '--vscode-charts-purple'] as const;
export const TARGET_COLOR_VARIABLE = '--vscode-descriptionForeground';
