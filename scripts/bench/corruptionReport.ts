// The corruption table: one row per corruption and size, one column per backend, each beside its ratio to tfjs cpu.
import type { BackendReport } from './backendChild';
import { shortLabel } from './backendRuns';
import type { Rate } from './corruptionBench';
import { ratio, rate, textTable } from './textTable';

const key = (r: Rate): string => `${r.name}@${r.size}`;

export function printCorruptionTable(reports: readonly BackendReport[], minSeconds: number): void {
  const first = reports[0];
  if (!first) return;
  const byBackend = reports.map((r) => new Map(r.corruptions.map((c) => [key(c), c.imagesPerSecond])));
  const reference = reports.findIndex((r) => r.run === 'cpu');
  const rows = first.corruptions.map((c) => [c.name, `${c.size}²`, String(c.batch), ...byBackend.map((rates, i) => {
    const ips = rates.get(key(c));
    if (ips === undefined) return '—';
    return reference < 0 || i === reference ? rate(ips) : `${rate(ips)} (${ratio(ips, byBackend[reference].get(key(c)))})`;
  })]);
  const header = ['corruption (severity 3)', 'input', 'batch', ...reports.map((r) => (r.run === 'cpu' ? `${shortLabel(r.backend)} = reference` : shortLabel(r.backend)))];
  console.log('\nCorruptions, images/s per backend (ImageNet-C parameters at 224², CIFAR-10-C at 32²; in brackets: × tfjs cpu):');
  for (const line of textTable(header, rows)) console.log(line);
  console.log(`Each figure is the mean over ≥ ${minSeconds} s after one warm-up batch (shorter than the inference figures, to keep ${rows.length} × ${reports.length} figures quick); the same batch on every backend.`);
  if (reports.some((r) => r.backend.adapter?.type === 'cpu')) console.log('webgpu "software" is Mesa\'s llvmpipe rasteriser running WebGPU on the CPU: software rendering, not a GPU.');
}
