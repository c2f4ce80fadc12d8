// Robustness summaries (definitions.md §1.4): CE, relative CE, mCE, the AlexNet baseline, the seed paper's table and the report facts.
export { ALEXNET_CLEAN_ERROR, ALEXNET_MEAN_ERRORS, IMAGENET_CLASS_COUNT } from './alexnetBaseline';
export {
  SEVERITY_COUNT, alexNetCorruptionError, alexNetMeanError, alexNetRelativeCorruptionError, corruptionError, relativeCorruptionError,
} from './corruptionError';
export { reportFacts, type ReportFact, type ReportSettings } from './reportFacts';
export {
  SUMMARY_COLUMNS, bestPerColumn, summariseRobustness, summaryRow,
  type CorruptionBaseline, type CorruptionScore, type ModelErrors, type RobustnessSummary, type SummaryColumn, type SummaryContext, type SummaryRow,
} from './summary';
