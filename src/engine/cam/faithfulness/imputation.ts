// ROAD's noisy linear imputation (Rong et al. 2022), the system pytorch-grad-cam's NoisyLinearImputer (metrics/road.py,
// taken from tleemann/road_evaluation) sets up: every removed pixel equals the weighted mean of its in-image neighbours
// (weight 1/6 for the four direct ones, 1/12 for the diagonals), known neighbours entering the right-hand side; the
// solution of each channel gets noise·N(0, 1) added. pytorch-grad-cam solves the system with SciPy's spsolve; here it is
// solved by conjugate gradients (Jacobi-preconditioned), since the matrix diag(Σ in-image weights) − W_removed is
// symmetric and, wherever a removed region touches a known pixel, positive definite.

/** The eight neighbours and their weights, as road.py's `neighbors_weights` ((row offset, column offset), weight). */
export const ROAD_NEIGHBOUR_WEIGHTS: readonly { dy: number; dx: number; weight: number }[] = [
  { dy: 1, dx: 1, weight: 1 / 12 }, { dy: 0, dx: 1, weight: 1 / 6 }, { dy: -1, dx: 1, weight: 1 / 12 }, { dy: 1, dx: -1, weight: 1 / 12 },
  { dy: 0, dx: -1, weight: 1 / 6 }, { dy: -1, dx: -1, weight: 1 / 12 }, { dy: 1, dx: 0, weight: 1 / 6 }, { dy: -1, dx: 0, weight: 1 / 6 },
];

/** road.py's NoisyLinearImputer default noise (absolute, added to each imputed value). */
export const ROAD_IMPUTATION_NOISE = 0.01;

/** Relative residual ‖b − Mx‖ / ‖b‖ at which the conjugate-gradient solve stops. */
const SOLVE_TOLERANCE = 1e-7;

/** An image as the engine holds it on the CPU: height × width × channels, row-major. */
export interface PixelImage { data: Float32Array; height: number; width: number; channels: number }

/** The noise added to each imputed value: scale · draw(), draw giving N(0, 1) samples. */
export interface ImputationNoise { scale: number; draw: () => number }

/** The sparse system over the removed pixels: M = diag(diagonal) − offDiagonal (CSR), right-hand side per channel. */
interface ImputationSystem { removed: Int32Array; diagonal: Float64Array; rowStart: Int32Array; columns: Int32Array; weights: Float64Array; rhs: Float64Array[] }

/** road.py's setup_sparse_system with its signs flipped (M = −A, b = −b): one equation per removed pixel. */
function imputationSystem(image: PixelImage, removedMask: Uint8Array): ImputationSystem {
  const { data, height, width, channels } = image;
  const variableOf = new Int32Array(height * width).fill(-1);
  const removedList: number[] = [];
  removedMask.forEach((isRemoved, pixel) => {
    if (isRemoved) variableOf[pixel] = removedList.push(pixel) - 1;
  });
  const removed = Int32Array.from(removedList);
  const diagonal = new Float64Array(removed.length);
  const rowStart = new Int32Array(removed.length + 1);
  const columns: number[] = [];
  const weights: number[] = [];
  const rhs = Array.from({ length: channels }, () => new Float64Array(removed.length));
  removed.forEach((pixel, row) => {
    const y = Math.floor(pixel / width);
    const x = pixel % width;
    for (const { dy, dx, weight } of ROAD_NEIGHBOUR_WEIGHTS) {
      const ny = y + dy;
      const nx = x + dx;
      if (ny < 0 || nx < 0 || ny >= height || nx >= width) continue;
      diagonal[row] += weight;
      const neighbour = ny * width + nx;
      if (variableOf[neighbour] >= 0) {
        columns.push(variableOf[neighbour]);
        weights.push(weight);
      } else {
        for (let c = 0; c < channels; c++) rhs[c][row] += weight * data[neighbour * channels + c];
      }
    }
    rowStart[row + 1] = columns.length;
  });
  return { removed, diagonal, rowStart, columns: Int32Array.from(columns), weights: Float64Array.from(weights), rhs };
}

/** out_c = M·v_c for every channel c (the matrix read once for all channels). */
function multiply(system: ImputationSystem, v: readonly Float64Array[], out: readonly Float64Array[]): void {
  const { diagonal, rowStart, columns, weights } = system;
  for (let row = 0; row < diagonal.length; row++) {
    for (let c = 0; c < v.length; c++) out[c][row] = diagonal[row] * v[c][row];
    for (let k = rowStart[row]; k < rowStart[row + 1]; k++) {
      for (let c = 0; c < v.length; c++) out[c][row] -= weights[k] * v[c][columns[k]];
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * Solves M·x_c = b_c for every channel by Jacobi-preconditioned conjugate gradients from x = 0, each channel stopping
 * at its own relative residual (x_c = 0 when b_c = 0).
 */
function conjugateGradients(system: ImputationSystem, rhs: readonly Float64Array[]): Float64Array[] {
  const n = system.diagonal.length;
  const inverseDiagonal = system.diagonal.map((d) => 1 / d);
  const x = rhs.map(() => new Float64Array(n));
  const r = rhs.map((b) => Float64Array.from(b));
  const z = r.map((residual) => residual.map((value, i) => value * inverseDiagonal[i]));
  const p = z.map((direction) => Float64Array.from(direction));
  const mp = rhs.map(() => new Float64Array(n));
  const stop = rhs.map((b) => SOLVE_TOLERANCE * Math.sqrt(dot(b, b)));
  const rz = r.map((residual, c) => dot(residual, z[c]));
  const active = r.map((residual, c) => Math.sqrt(dot(residual, residual)) > stop[c]);
  for (let iteration = 0; iteration < 10 * n + 100 && active.some(Boolean); iteration++) {
    multiply(system, p, mp);
    rhs.forEach((_, c) => {
      if (!active[c]) return;
      const step = rz[c] / dot(p[c], mp[c]);
      let squaredResidual = 0;
      let next = 0;
      const [xc, rc, zc, pc, mpc] = [x[c], r[c], z[c], p[c], mp[c]];
      for (let i = 0; i < n; i++) {
        xc[i] += step * pc[i];
        rc[i] -= step * mpc[i];
        zc[i] = rc[i] * inverseDiagonal[i];
        squaredResidual += rc[i] * rc[i];
        next += rc[i] * zc[i];
      }
      const beta = next / rz[c];
      for (let i = 0; i < n; i++) pc[i] = zc[i] + beta * pc[i];
      rz[c] = next;
      active[c] = Math.sqrt(squaredResidual) > stop[c];
    });
  }
  return x;
}

/**
 * The image with every pixel where `removedMask` is 1 replaced by its noisy linear imputation (road.py's
 * NoisyLinearImputer.__call__); the noise is drawn channel by channel, pixel by pixel within a channel, as randn_like
 * fills the (C, N) solution there.
 */
export function imputeRemovedPixels(image: PixelImage, removedMask: Uint8Array, noise: ImputationNoise): Float32Array {
  if (removedMask.length !== image.height * image.width) throw new RangeError(`The removal mask has ${removedMask.length} pixels for a ${image.height}×${image.width} image.`);
  const system = imputationSystem(image, removedMask);
  const imputed = Float32Array.from(image.data);
  conjugateGradients(system, system.rhs).forEach((solution, channel) => {
    system.removed.forEach((pixel, row) => {
      imputed[pixel * image.channels + channel] = solution[row] + noise.scale * noise.draw();
    });
  });
  return imputed;
}
