// The inference table: one row per backend and measurement, with tfjs's plain-JavaScript cpu backend as reference.
import type { BackendReport } from './backendChild';
import { ratio, rate, textTable } from './textTable';

export function printInferenceTable(reports: readonly BackendReport[], minSeconds: number): void {
  const reference = reports.find((r) => r.run === 'cpu');
  const rows = reports.flatMap((r) => r.inference.map((m) => {
    const ref = reference?.inference.find((x) => x.model === m.model);
    return [r.backend.label, m.model, `${m.inputSize}²`, String(m.batch), rate(m.imagesPerSecond), m.gflopPerImage.toFixed(3), m.gflopPerSecond.toFixed(2), ratio(m.imagesPerSecond, ref?.imagesPerSecond)];
  }));
  console.log('Inference (sample models: forward, CAM and Grad-CAM on the same batch; ResNet-18 built in code):');
  for (const line of textTable(['backend', 'model', 'input', 'batch', 'images/s', 'GFLOP/img', 'GFLOP/s', 'vs tfjs cpu'], rows, 'llrrrrrr')) console.log(line);
  console.log(`Reference: tfjs-backend-cpu (plain JavaScript kernels) in the same run. Each figure is the mean over ≥ ${minSeconds} s after one warm-up batch; wasm runs one thread in Node.`);
}
