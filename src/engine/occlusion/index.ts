// Occlusion (definitions.md §3): sensitivity maps, and robustness to centred holes.
export { baselineImage, blurSigmaFor, describeBaseline, type OcclusionBaseline } from './baselines';
export { DEFAULT_HOLE_SIZE_COUNT, OCCLUSION_MODES, holeMask, holeSizes, type HoleSize, type OcclusionMode } from './holes';
export {
  OCCLUSION_NOTE, OcclusionRobustnessTally, occlusionRobustnessBatch, type OcclusionCurve, type OcclusionRobustness, type OcclusionWrongCounts,
} from './robustness';
export { occlusionSensitivity, type SensitivityMap, type SensitivityOptions } from './sensitivity';
export { occlusionWindows, type OcclusionWindow } from './windows';
