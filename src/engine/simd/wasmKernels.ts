// The SIMD WebAssembly kernels of the corruptions and the inference preprocessing (wasm/kernels.ts) and the seeded
// generator's bulk draws (wasm/random.ts): one instance per thread, and the layout of its memory for one call.
// Each kernel gives bit-identical results to the JavaScript loops (or, for the normalisation, the tensor ops) it
// replaced, two or four elements at a time. The memory grows to the largest call and stays (a batch's values twice, for
// the normalisation).
import kernelsWasm from 'wasm-kernels';

/** wasm/kernels.ts's exports; pointers are byte offsets into `memory`. */
export interface WasmKernels {
  memory: WebAssembly.Memory;
  symmetricSeparable(
    pixels: number, height: number, width: number, channels: number,
    vertical: number, reachY: number, horizontal: number, reachX: number, rowIndex: number, columnIndex: number,
    columnsDone: number, padded: number, out: number,
  ): void;
  rowPrefixSums(image: number, height: number, width: number, channels: number, sums: number): void;
  diskRowSums(
    prefix: number, prefixStride: number, halfWidths: number, rows: number, support: number, channels: number,
    sumHeight: number, sumLength: number, weight: number, sums: number,
  ): void;
  addWeightedTaps(out: number, height: number, rowLength: number, image: number, imageStride: number, starts: number, weights: number, taps: number): void;
  shiftedCopiesSum(pixels: number, height: number, width: number, channels: number, dys: number, dxs: number, weights: number, shifts: number, sum: number): void;
  bilinearResample(
    pixels: number, width: number, channels: number,
    rowFirst: number, rowSecond: number, rowFirstWeight: number, rowSecondWeight: number, outHeight: number,
    columnFirst: number, columnSecond: number, columnFirstWeight: number, columnSecondWeight: number, outWidth: number,
    columnLo: number, columnHi: number, rowDone: number, out: number, add: number,
  ): void;
  normaliseChannels(values: number, count: number, pattern: number, out: number): void;
  normaliseToPlanes(values: number, images: number, pixels: number, pattern: number, out: number): void;
  snowBlend(pixels: number, layer: number, size: number, mix: number, out: number): void;
  displacedBilinear(pixels: number, height: number, width: number, channels: number, field: number, rowIndex: number, columnIndex: number, reach: number, out: number): void;
  truncateToLevels(values: number, count: number, out: number): void;
  upFilteredScanlines(values: number, rows: number, rowLength: number, above: number, out: number): void;
  smoothCentre(sums: number, height: number, width: number, channels: number, taps: number, tapCount: number, column: number, out: number): void;
  /** wasm/random.ts: the seeded generator's bulk draws. */
  fillUniform(state: number, out: number, count: number, lo: number, hi: number): void;
  fillInt(state: number, out: number, count: number, n: number): void;
}

let instance: WasmKernels | null = null;

/** This thread's instance of the kernels. */
export function wasmKernels(): WasmKernels {
  instance ??= new WebAssembly.Instance(new WebAssembly.Module(kernelsWasm), {}).exports as unknown as WasmKernels;
  return instance;
}

/**
 * Arrays placed one after another in the kernels' memory (16-byte aligned): reserve them all, then `views()` grows the
 * memory to hold them (which detaches views made before) and gives a view of each.
 */
export class MemoryLayout<Names extends string> {
  private readonly regions = new Map<Names, { offset: number; count: number }>();
  private end = 0;

  reserve(name: Names, count: number, type: 'f32' | 'f64' | 'i32' | 'u8'): this {
    this.regions.set(name, { offset: this.end, count });
    this.end += Math.ceil((count * (type === 'f64' ? 8 : type === 'u8' ? 1 : 4)) / 16) * 16;
    return this;
  }

  /** The byte offset of `name`, to pass to a kernel. */
  at(name: Names): number {
    const region = this.regions.get(name);
    if (!region) throw new Error(`No region ${name} was reserved.`);
    return region.offset;
  }

  /** Grows the memory of `kernels` to hold every region and returns a view of each. */
  views(kernels: WasmKernels): { f32(name: Names): Float32Array; f64(name: Names): Float64Array; i32(name: Names): Int32Array; u8(name: Names): Uint8Array } {
    const missing = this.end - kernels.memory.buffer.byteLength;
    if (missing > 0) kernels.memory.grow(Math.ceil(missing / 65536));
    const buffer = kernels.memory.buffer;
    const count = (name: Names): number => this.regions.get(name)?.count ?? 0;
    return {
      f32: (name) => new Float32Array(buffer, this.at(name), count(name)),
      f64: (name) => new Float64Array(buffer, this.at(name), count(name)),
      i32: (name) => new Int32Array(buffer, this.at(name), count(name)),
      u8: (name) => new Uint8Array(buffer, this.at(name), count(name)),
    };
  }
}
