// The neutral colour of the mixed target's bars (each model's bars take its colour from src/present/charts/modelPalette.ts).
export const TARGET_COLOR = 'var(--vscode-descriptionForeground)';
