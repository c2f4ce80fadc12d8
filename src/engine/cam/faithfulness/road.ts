// ROAD (Rong et al. 2022, "A Consistent and Efficient Evaluation Strategy for Attribution Methods"), as pytorch-grad-cam's
// metrics/perturbation_confidence.py and metrics/road.py compute it: which pixels each percentile removes, and the
// combined score of the most- and least-relevant-first curves.

/** ROADMostRelevantFirstAverage's and ROADLeastRelevantFirstAverage's default percentiles. */
export const ROAD_PERCENTILES: readonly number[] = [10, 20, 30, 40, 50, 60, 70, 80, 90];

/** MoRF removes the most relevant pixels first, LeRF the least relevant. */
export type RoadOrder = 'morf' | 'lerf';

/** numpy.percentile(values, q) with its default linear interpolation, q in [0, 100]. */
export function linearPercentile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort();
  const rank = (q / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
}

/**
 * 1 for every pixel ROAD removes at `percentile`: RemoveMostRelevantFirst keeps the pixels whose map value is below the
 * percentile-th percentile of the map (so it removes the 100 − percentile % most relevant); RemoveLeastRelevantFirst does
 * the same on 1 − map (removing the 100 − percentile % least relevant). `map` is normalised to [0, 1].
 */
export function roadRemovalMask(map: Float32Array, percentile: number, order: RoadOrder): Uint8Array {
  const ranked = order === 'morf' ? map : map.map((value) => 1 - value);
  const threshold = linearPercentile(ranked, percentile);
  return Uint8Array.from(ranked, (value) => (value < threshold ? 0 : 1));
}

/** The confidence of one image before any removal and after the removals at each percentile, MoRF and LeRF. */
export interface RoadCurves { original: number; morf: number[]; lerf: number[] }

/** Mean over percentiles of (confidence after removal − before), as AveragerAcrossThresholds over PerturbationConfidenceMetric. */
export function meanConfidenceChange(original: number, afterRemoval: readonly number[]): number {
  return afterRemoval.reduce((sum, after) => sum + (after - original), 0) / afterRemoval.length;
}

// pytorch-grad-cam's ROADCombined: (LeRF average − MoRF average) / 2; higher means the map ranks pixels more faithfully.
export function roadCombinedScore(curves: RoadCurves): number {
  return (meanConfidenceChange(curves.original, curves.lerf) - meanConfidenceChange(curves.original, curves.morf)) / 2;
}
