// Names of the CAM choices and the settings line printed beside localisation numbers, shared by the localisation
// panel and the HTML report (no DOM, no Node).
import { type CamMethod, type CamNormalisationName, type CamSettings, type CamTargetChoice, camMethodNames } from '../protocol/cam';

export const camMethodLabels: Readonly<Record<CamMethod, string>> = camMethodNames;
export const camNormalisationLabels: Record<CamNormalisationName, string> = { minmax: 'Min-max', max: 'Max', pas: 'PaS', ivr: 'IVR' };
export const camTargetLabels: Record<CamTargetChoice, string> = { top1: 'Top-1 class', gt: 'Ground-truth class' };

/** The settings that make two localisation numbers comparable, one phrase each (the feature layer, which differs between models, apart). */
export function camSettingsPhrases(settings: CamSettings): string[] {
  const normalisation = settings.ivrPercentile === null
    ? camNormalisationLabels[settings.normalisation]
    : `IVR (p = ${Math.round(settings.ivrPercentile * 100)})`;
  return [
    camMethodLabels[settings.method],
    ...(settings.occlusion ? [`zero-filled ${settings.occlusion.patch}×${settings.occlusion.patch} px patch, stride ${settings.occlusion.stride} px`] : []),
    `${normalisation} normalisation`,
    `maps of the ${settings.target === 'top1' ? 'top-1' : 'ground-truth'} class`,
    `images stretched to ${settings.inputSize.join('×')} (no crop)`,
    `maps and boxes at ${settings.evaluationSize}×${settings.evaluationSize}`,
    `τ step ${settings.thresholdStep}`,
  ];
}

/** δ as the percentage wsolevaluation prints, e.g. 0.5 → "50". */
export function iouPercent(delta: number): string {
  return String(Math.round(delta * 100));
}

/** τ with as many decimals as its grid step: 0.01 → "0.35", 0.001 → "0.347". */
export function formatThreshold(threshold: number, step: number): string {
  return threshold.toFixed(step < 0.01 ? 3 : 2);
}
