// The worker-scaling curve: images/s, speed-up over one worker and parallel efficiency, and the results check.
import type { ScalingPoint } from './workerScaling';
import { SCALING_WORKLOAD } from './workerScaling';
import { textTable } from './textTable';

export function printWorkerScaling(points: readonly ScalingPoint[], cores: number): void {
  const one = points.find((p) => p.workers === 1);
  if (!one) return;
  console.log(`\nWorker scaling on the CPU (wasm, ${cores} cores): \`sweep\` of both sample models, ${SCALING_WORKLOAD.join(' ')}:`);
  const rows = points.map((p) => {
    const speedUp = p.imagesPerSecond / one.imagesPerSecond;
    return [String(p.workers), `${p.seconds.toFixed(1)} s`, p.imagesPerSecond.toFixed(2), `${speedUp.toFixed(2)}×`, `${((100 * speedUp) / p.workers).toFixed(0)}%`,
      p.differingKeys.length ? `DIFFER: ${p.differingKeys.join(', ')}` : 'equal', p.workers > cores ? 'more workers than cores' : ''];
  });
  for (const line of textTable(['workers', 'wall', 'images/s', 'speed-up', 'efficiency', 'results vs 1 worker', 'note'], rows, 'rrrrrll')) console.log(line);
  const same = points.every((p) => p.differingKeys.length === 0);
  console.log(`Results check: ${same ? 'every worker count\'s record.results (predictionsFile aside) deep-equals the 1-worker run\'s' : 'MISMATCH, see the last column'}.`);
  console.log('images/s is the run record\'s timings.imagesPerSecond: dataset images per second of wall time, worker start-up and model loading included.');
}
