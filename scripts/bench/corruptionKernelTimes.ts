// Per-corruption cost on the CLI's CPU backend (wasm): CPU ms per 224² image (mean over severities 1–5, best of N
// rounds after a warm-up, each image through corruptPerImage as sweep and corrupt-dataset do), and a SHA-256 of every
// output byte, so a speed change can be checked to leave the pixels exactly as they were.
// Run: npm run build && node out/scripts/bench/corruptionKernelTimes.js [rounds] [name,name,...]
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { CORRUPTIONS, SEVERITIES } from '../../src/engine/corruptions';
import { selectBackend } from '../../src/engine/backend';
import { corruptPerImage } from '../../src/engine/sweep/perImageRandom';
import { benchPhotoPaths, photoBatch } from './corruptionComparison';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const only = (process.argv[3] ?? '').split(',').filter(Boolean);
  await selectBackend('wasm');
  const paths = benchPhotoPaths(resolve(__dirname, '..', '..', '..'), 3);
  const images = await photoBatch(paths);
  const ids = paths.map((_, i) => `photo-${i}`);
  const count = SEVERITIES.length * paths.length;
  for (const { name } of CORRUPTIONS.filter((c) => !only.length || only.includes(c.name))) {
    let best = Infinity;
    const hash = createHash('sha256');
    for (let round = 0; round <= rounds; round++) {
      const start = process.cpuUsage();
      for (const severity of SEVERITIES) {
        const out = await corruptPerImage(images, ids, name, severity, 7, {});
        const values = await out.data();
        out.dispose();
        if (round === 0) hash.update(Buffer.from(values.buffer, values.byteOffset, values.byteLength));
      }
      const cpu = process.cpuUsage(start);
      if (round > 0) best = Math.min(best, (cpu.user + cpu.system) / 1000 / count);
    }
    console.log(`${name.padEnd(18)} ${best.toFixed(2).padStart(8)} ms  ${hash.digest('hex').slice(0, 16)}`);
  }
  images.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
