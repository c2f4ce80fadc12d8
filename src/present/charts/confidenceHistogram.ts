// The overview's histogram of top-1 confidence, stacked by outcome (correct, incorrect, unlabelled), as a stacked-bar spec
// coloured by the theme's outcome colours: the same for the panel and the report.
import { describeHistogram, histogramBinLabels, outcomeLabels, presentOutcomes, type ConfidenceHistogram } from '../predictionStats';
import type { ChartTheme } from './chartTheme';
import type { StackedBarSpec } from './stackedBars';

export function confidenceHistogramSpec(histogram: ConfidenceHistogram, theme: ChartTheme): StackedBarSpec {
  return {
    description: describeHistogram(histogram),
    categories: histogramBinLabels(histogram),
    series: presentOutcomes(histogram).map((outcome) => ({ name: outcomeLabels[outcome], color: theme.outcomeColors[outcome], values: histogram.counts[outcome] })),
    xAxisLabel: 'Top-1 confidence',
    yAxisLabel: 'Images',
    integerValues: true,
  };
}
