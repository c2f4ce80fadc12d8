// Calibration (ECE, reliability diagram, NLL) and OOD detection with max softmax probability (definitions.md §5).
export {
  ECE_BIN_COUNT, adaptiveCalibrationError, equalCountEdges, expectedCalibrationError, reliabilityBins, type Calibration, type ReliabilityBin,
} from './calibration';
export { ClasswiseEceTally, classwiseCalibrationError } from './classwiseCalibration';
export { binBounds, binIndex, type BinBounds } from './confidenceBins';
export { NLL_PROBABILITY_FLOOR, negativeLogLikelihood } from './negativeLogLikelihood';
export { TARGET_TPR, auprIn, auprOut, auroc, averagePrecision, detectionAccuracy, fprAtTpr, oodDetection, tnrAtTpr, type OodDetection } from './oodDetection';
export { OOD_SCORE_LABELS, OOD_SCORE_NAMES, oodScoresFromLogits, type OodScoreLists, type OodScoreName } from './oodScores';
export { summarisePredictions, type PredictionSummary } from './predictionSummary';
export { SCORE_HISTOGRAM_BIN_COUNT, rangeScoreHistograms, scoreHistograms, type ScoreHistogramBin } from './scoreHistogram';
export {
  GAUSSIAN_OOD_MEAN, GAUSSIAN_OOD_STD, SYNTHETIC_OOD_DESCRIPTIONS, SYNTHETIC_OOD_KINDS, syntheticOodImages, type SyntheticOodKind,
} from './syntheticOod';
export { TEMPERATURE_RANGE, fitTemperature, temperatureNll, temperatureScaledProbabilities, type TemperatureFit } from './temperatureScaling';
