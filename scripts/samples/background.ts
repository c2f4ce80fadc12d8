// Textured backgrounds for the sample images: a two-colour linear gradient, a few low-frequency waves,
// and sometimes stripes; every parameter drawn from the seeded generator. (No per-pixel noise: it would
// triple the size of the committed PNGs.)
import type { SeededRandom } from '../../src/engine/random';

export type Rgb = [number, number, number];

/** A random colour with channels in [0, 1]. */
export function randomColour(rng: SeededRandom): Rgb {
  return [rng.uniform(), rng.uniform(), rng.uniform()];
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

interface Wave {
  kx: number;
  ky: number;
  phase: number;
  amplitude: Rgb;
}

/** A plane wave with `cycles` periods across the image, random orientation, phase and per-channel amplitude. */
function randomWave(rng: SeededRandom, size: number, cycles: number, maxAmplitude: number): Wave {
  const angle = rng.uniformIn(0, Math.PI);
  const k = (2 * Math.PI * cycles) / size;
  const amplitude: Rgb = [rng.uniformIn(-1, 1) * maxAmplitude, rng.uniformIn(-1, 1) * maxAmplitude, rng.uniformIn(-1, 1) * maxAmplitude];
  return { kx: k * Math.cos(angle), ky: k * Math.sin(angle), phase: rng.uniformIn(0, 2 * Math.PI), amplitude };
}

/** A size×size RGB background, row-major HWC floats in [0, 1]. */
export function renderBackground(rng: SeededRandom, size: number): Float32Array {
  const from = randomColour(rng);
  const to = from.map((c) => clamp01(c + rng.uniformIn(-0.2, 0.2))) as Rgb;
  const angle = rng.uniformIn(0, 2 * Math.PI);
  const [gx, gy] = [Math.cos(angle), Math.sin(angle)];
  const waves: Wave[] = [];
  const waveCount = 1 + rng.int(3);
  for (let i = 0; i < waveCount; i++) waves.push(randomWave(rng, size, rng.uniformIn(0.5, 3), 0.05));
  if (rng.uniform() < 0.35) waves.push(randomWave(rng, size, rng.uniformIn(4, 9), 0.06));
  const out = new Float32Array(size * size * 3);
  const half = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = clamp01(0.5 + ((x - half) * gx + (y - half) * gy) / size);
      for (let c = 0; c < 3; c++) {
        let v = from[c] + (to[c] - from[c]) * t;
        for (const w of waves) v += w.amplitude[c] * Math.sin(w.kx * x + w.ky * y + w.phase);
        out[(y * size + x) * 3 + c] = clamp01(v);
      }
    }
  }
  return out;
}
