// PNG files of corrupted copies, written straight from the [0, 1] floats: the bytes and the PNG filter in one pass (a
// SIMD kernel), then zlib's deflate and the chunks put together here. Every row uses filter Up (the byte minus the one
// above it) and zlib's run-length strategy: over the bench's 722 corrupted PNGs that is 1.0–1.5 ms and 47.3 KiB per
// 224² file, where the default strategy at level 2 took 2.0–2.3 ms for 46.9 KiB, level 6 5.3–6.4 ms for 42.8 KiB, and
// sharp's PNG (no filter, level 6), used before, 4.3–4.6 ms for more bytes. The deflate runs on the calling thread:
// corrupt-dataset keeps every core busy with its workers, and a deflate on libuv's pool costs a third of a millisecond
// more per file in stream bookkeeping.
import { constants, deflateSync } from 'node:zlib';
import { MemoryLayout, wasmKernels } from '../simd/wasmKernels';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// The PNG specification's CRC (section 5.5): CRC-32 of ISO 3309, polynomial 0xEDB88320 (reflected), over a chunk's type and data.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * The byte of every value, Math.round(clip(v)·255) as unitFloatsToBytes gives it, laid out as PNG scanlines with
 * filter Up: each row starts with the filter type, then each byte minus the byte above it, mod 256 (the SIMD kernel
 * upFilteredScanlines, sixteen values a step; a loop in JavaScript took 0.6–0.8 ms a 224² image). The result is a
 * view of the kernels' memory, valid until their next call.
 */
function unitFloatScanlines(values: Float32Array, width: number, height: number): Uint8Array {
  const rowLength = width * 3;
  const kernels = wasmKernels();
  const layout = new MemoryLayout<'values' | 'above' | 'lines'>()
    .reserve('values', values.length, 'f32').reserve('above', rowLength, 'u8').reserve('lines', height * (rowLength + 1), 'u8');
  const views = layout.views(kernels);
  views.f32('values').set(values);
  kernels.upFilteredScanlines(layout.at('values'), height, rowLength, layout.at('above'), layout.at('lines'));
  return views.u8('lines');
}

/** An 8-bit RGB PNG of [0, 1] floats, row-major H × W × 3. */
export function encodeUnitFloatsPng(values: Float32Array, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  // Bit depth 8; colour type 2 (RGB); deflate; adaptive filtering method 0; no interlace.
  header.set([8, 2, 0, 0, 0], 8);
  const scanlines = unitFloatScanlines(values, width, height);
  // One output chunk of at least the input's size: zlib's default 16 KiB chunks cost a round of copies each.
  const compressed = deflateSync(scanlines, { strategy: constants.Z_RLE, chunkSize: Math.max(16384, scanlines.length) });
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', compressed), chunk('IEND', new Uint8Array(0))]);
}
