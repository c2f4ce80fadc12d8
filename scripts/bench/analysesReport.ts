// The best backend's analyses: ResNet-18 inference beside the corruption rates, a sweep's estimated time, the mixes.
import type { AnalysesReport } from './analysesBench';
import type { Rate } from './corruptionBench';
import { rate } from './textTable';

/** Seconds for 100 images × `corruptions` × 5 severities plus the clean pass, from the severity-3 rates. */
function sweepEstimate(corruptions: readonly Rate[], inference: Rate): number {
  const images = 100;
  const corrupting = corruptions.reduce((sum, c) => sum + (5 * images) / c.imagesPerSecond, 0);
  const predicting = ((corruptions.length * 5 + 1) * images) / inference.imagesPerSecond;
  return corrupting + predicting;
}

function printRates(title: string, rates: readonly Rate[]): void {
  console.log(title);
  const width = Math.max(...rates.map((r) => r.name.length));
  for (const r of rates) console.log(`  ${r.name.padEnd(width)}  ${`${r.size}²`.padStart(5)}  batch ${String(r.batch).padStart(2)}  ${rate(r.imagesPerSecond).padStart(8)} images/s`);
}

/** `corruptions`: the same backend's rates from the corruption table. */
export function printAnalyses(report: AnalysesReport, backendLabel: string, corruptions: readonly Rate[]): void {
  console.log(`\nAnalyses on ${backendLabel}:`);
  printRates('ResNet-18 inference at the corruption table\'s sizes and batches:', report.inference);
  for (const inference of report.inference) {
    const atSize = corruptions.filter((c) => c.size === inference.size);
    const seconds = sweepEstimate(atSize, inference);
    console.log(`  A ${atSize.length} × 5 sweep of 100 images at ${inference.size}² with ResNet-18: about ${Math.round(seconds)} s (from the severity-3 rates)`);
  }
  printRates('Mixed images per second at 224² (8 pairs a batch):', report.mixes);
  const puzzle = report.mixes.find((r) => r.name.startsWith('Puzzle Mix'));
  const saliency = report.mixes.find((r) => r.name.trim().startsWith('of which saliency'));
  if (puzzle && saliency) {
    const total = 1000 / puzzle.imagesPerSecond;
    const forSaliency = 1000 / saliency.imagesPerSecond;
    console.log(`  Puzzle Mix per mixed image: ${total.toFixed(0)} ms, of which saliency ${forSaliency.toFixed(0)} ms and mask solve + transport + compositing ${(total - forSaliency).toFixed(0)} ms`);
  }
}
