// Theme colour variables for the bars: one per compared model, and a neutral one for the mixed target.
export const MODEL_COLOR_VARIABLES = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple'] as const;
export const TARGET_COLOR_VARIABLE = '--vscode-descriptionForeground';
