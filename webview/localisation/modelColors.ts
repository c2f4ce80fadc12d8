// One theme colour per compared model (curves, swatches), and the fixed box colours drawn over the images.
import { themeColor } from '../shared/themeColors';

const modelColorVariables = [
  ['--vscode-charts-blue', '#1a85ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-purple', '#652d90'],
  ['--vscode-charts-yellow', '#bf8803'],
] as const;

export function modelColor(index: number): string {
  const [variable, fallback] = modelColorVariables[index % modelColorVariables.length];
  return themeColor(variable, fallback);
}

/** Boxes are drawn over the picture, not the theme: light colours with a dark outline read on any image. */
export const GROUND_TRUTH_BOX_COLOR = '#4be37a';
export const PREDICTED_BOX_COLOR = '#ffffff';
