// The corruptions' SIMD WebAssembly kernels (wasm/kernels.ts): one instance per thread, its memory laid out afresh for
// each call. Each kernel gives bit-identical results to the JavaScript loops it replaced, two or four elements at a time.
import kernelsWasm from 'wasm-kernels';

interface KernelExports {
  memory: WebAssembly.Memory;
  symmetricSeparable(
    pixels: number, height: number, width: number, channels: number,
    vertical: number, reachY: number, horizontal: number, reachX: number, rowIndex: number, columnIndex: number,
    columnsDone: number, padded: number, out: number,
  ): void;
}

let instance: KernelExports | null = null;

function kernels(): KernelExports {
  instance ??= new WebAssembly.Instance(new WebAssembly.Module(kernelsWasm), {}).exports as unknown as KernelExports;
  return instance;
}

/** Typed arrays placed one after another in the module's memory (16-byte aligned), which grows to hold them all. */
class MemoryLayout {
  private end = 0;

  /** Reserves `count` elements of `bytesPerElement` and returns their byte offset. */
  reserve(count: number, bytesPerElement: number): number {
    const offset = this.end;
    this.end = offset + Math.ceil((count * bytesPerElement) / 16) * 16;
    return offset;
  }

  /** The module's memory, grown to hold every reservation (growing detaches views made before). */
  memory(module: KernelExports): ArrayBuffer {
    const missing = this.end - module.memory.buffer.byteLength;
    if (missing > 0) module.memory.grow(Math.ceil(missing / 65536));
    return module.memory.buffer;
  }
}

/**
 * One H×W×C float32 image (`pixels`) filtered by the symmetric taps w[0..reach] of each axis (`vertical`, `horizontal`,
 * centre first), positions outside the image reading `rowIndex` / `columnIndex` (sample per position −reach … n−1+reach);
 * float64 sums as scipy.ndimage, float32 out.
 */
export function symmetricSeparableInWasm(
  pixels: Float32Array, height: number, width: number, channels: number,
  vertical: Float64Array, horizontal: Float64Array, rowIndex: Int32Array, columnIndex: Int32Array,
): Float32Array {
  const module = kernels();
  const layout = new MemoryLayout();
  const size = height * width * channels;
  const at = {
    pixels: layout.reserve(size, 4), vertical: layout.reserve(vertical.length, 8), horizontal: layout.reserve(horizontal.length, 8),
    rowIndex: layout.reserve(rowIndex.length, 4), columnIndex: layout.reserve(columnIndex.length, 4),
    columnsDone: layout.reserve(size, 8), padded: layout.reserve(columnIndex.length * channels, 8), out: layout.reserve(size, 4),
  };
  const memory = layout.memory(module);
  new Float32Array(memory, at.pixels, size).set(pixels);
  new Float64Array(memory, at.vertical, vertical.length).set(vertical);
  new Float64Array(memory, at.horizontal, horizontal.length).set(horizontal);
  new Int32Array(memory, at.rowIndex, rowIndex.length).set(rowIndex);
  new Int32Array(memory, at.columnIndex, columnIndex.length).set(columnIndex);
  module.symmetricSeparable(
    at.pixels, height, width, channels, at.vertical, vertical.length - 1, at.horizontal, horizontal.length - 1,
    at.rowIndex, at.columnIndex, at.columnsDone, at.padded, at.out,
  );
  return new Float32Array(memory, at.out, size).slice();
}
