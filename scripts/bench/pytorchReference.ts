// The PyTorch eager reference: pytorch_resnet18.py (the same ResNet-18 in plain torch.nn) run with python3 (or the
// interpreter BENCH_PYTHON names) when torch imports, and each tfjs ResNet-18 figure's ratio to PyTorch on the same kind
// of device and the same batch.
import { spawnSync } from 'node:child_process';
import type { BackendReport } from './backendChild';
import { shortLabel } from './backendRuns';
import { runJsonChild, type ChildResult } from './childProcess';
import { RESNET18_MODEL } from './inferenceBench';
import { ratio, rate, textTable } from './textTable';

interface PytorchResult { device: 'cuda' | 'cpu'; deviceName: string | null; threads: number | null; batch: number; imagesPerSecond: number }
export interface PytorchReport { torch: string; parameters: number; cudnnBenchmark: boolean; results: PytorchResult[] }

/** Why `python` cannot import torch, or null when it can. */
function torchMissing(python: string): string | null {
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error) return `${python} not runnable (${probe.error.message})`;
  if (probe.status !== 0) return `${python}: ${probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`} (BENCH_PYTHON may name an interpreter that has torch)`;
  return null;
}

export function runPytorchReference(script: string, batches: readonly number[], seconds: number, python: string): ChildResult<PytorchReport> {
  const missing = torchMissing(python);
  if (missing) return { ok: false, reason: missing };
  return runJsonChild<PytorchReport>(python, [script, '--batches', [...new Set(batches)].join(','), '--seconds', String(seconds)]);
}

/**
 * The PyTorch figure a tfjs backend compares with, at the same batch: CUDA for a GPU; on the CPU one thread for wasm and
 * cpu (they compute on one), one per core for tensorflow and for webgpu on a software rasteriser (they use every core).
 */
function counterpart(report: BackendReport, batch: number, pytorch: PytorchReport): PytorchResult | undefined {
  const sameBatch = pytorch.results.filter((r) => r.batch === batch);
  if (report.backend.device === 'GPU') return sameBatch.find((r) => r.device === 'cuda');
  const cpu = sameBatch.filter((r) => r.device === 'cpu');
  const oneThread = report.backend.name === 'wasm' || report.backend.name === 'cpu';
  return cpu.find((r) => r.threads === (oneThread ? 1 : Math.max(...cpu.map((c) => c.threads ?? 1))));
}

function describe(r: PytorchResult): string {
  return r.device === 'cuda' ? `CUDA ${r.deviceName ?? ''}`.trim() : `CPU, ${r.threads} thread${r.threads === 1 ? '' : 's'}`;
}

export function printPytorchComparison(reports: readonly BackendReport[], pytorch: ChildResult<PytorchReport>): void {
  console.log('\nResNet-18 at 224², tfjs beside PyTorch eager (same architecture, fp32, no_grad, random weights):');
  if (!pytorch.ok) {
    console.log(`  PyTorch reference skipped: ${pytorch.reason}`);
    return;
  }
  const { torch, parameters, cudnnBenchmark, results } = pytorch.value;
  const rows = reports.flatMap((r) => r.inference.filter((m) => m.model === RESNET18_MODEL).map((m) => {
    const ref = counterpart(r, m.batch, pytorch.value);
    return [shortLabel(r.backend), String(m.batch), rate(m.imagesPerSecond), ref ? describe(ref) : '—', ref ? rate(ref.imagesPerSecond) : '—', ratio(m.imagesPerSecond, ref?.imagesPerSecond)];
  }));
  for (const line of textTable(['tfjs backend', 'batch', 'images/s', 'PyTorch on', 'images/s', 'tfjs / PyTorch'], rows, 'lrrlrr')) console.log(line);
  console.log(`PyTorch ${torch}, ${parameters.toLocaleString('en')} parameters, TF32 off, cudnn.benchmark ${cudnnBenchmark ? 'on' : 'off'}; every PyTorch figure (images/s): ${results.map((r) => `${describe(r)} batch ${r.batch}: ${rate(r.imagesPerSecond)}`).join('; ')}.`);
}
