// The NumPy .npy format for 2-D score maps: version 1.0 written as little-endian float32, versions 1–3 of <f4 / <f8 read.
import { UserFacingError } from '../errors';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface ScoreMapArray { data: Float32Array; height: number; width: number }

// .npy v1.0: magic, version (1, 0), uint16 LE header length, then the header dict as ASCII padded with spaces and
// ended with '\n' so that magic + version + length + header is a multiple of 64 bytes, then the raw data.
export function encodeNpy({ data, height, width }: ScoreMapArray): Uint8Array {
  if (data.length !== height * width) throw new RangeError(`A ${height}×${width} map needs ${height * width} values, got ${data.length}.`);
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${height}, ${width}), }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const bytes = new Uint8Array(MAGIC.length + 4 + header.length + data.length * 4);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  const dataStart = 10 + header.length;
  data.forEach((value, i) => view.setFloat32(dataStart + i * 4, value, true));
  return bytes;
}

interface NpyHeader { descr: string; fortranOrder: boolean; shape: number[] }

/** Reads the header dict's three keys; `source` names the file in error messages. */
function parseHeader(text: string, source: string): NpyHeader {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new UserFacingError(`${source} is not a valid .npy file: its header lacks descr, fortran_order or shape.`);
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new UserFacingError(`${source} has an unreadable shape (${shapeText}).`);
  return { descr, fortranOrder: fortran === 'True', shape };
}

/** Decodes a 2-D float .npy file (<f4 or <f8; C or Fortran order) into a row-major float32 map. */
export function decodeNpy(bytes: Uint8Array, source: string): ScoreMapArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new UserFacingError(`${source} is not a .npy file (it does not start with \\x93NUMPY).`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new UserFacingError(`${source} uses .npy format version ${major}.${bytes[7]}, which Robustness Lens cannot read (versions 1 to 3 are supported).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw new UserFacingError(`${source} is truncated inside its .npy header.`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (bytes.length < dataStart) throw new UserFacingError(`${source} is truncated inside its .npy header.`);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataStart));
  const { descr, fortranOrder, shape } = parseHeader(headerText, source);
  const itemSize = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (itemSize === 0) throw new UserFacingError(`${source} holds ${descr} values; score maps must be little-endian float32 (<f4) or float64 (<f8).`, 'unsupported');
  if (shape.length !== 2) throw new UserFacingError(`${source} has shape (${shape.join(', ')}); a score map must be 2-D (height, width).`);
  const [height, width] = shape;
  const count = height * width;
  if (bytes.length - dataStart < count * itemSize) throw new UserFacingError(`${source} is truncated: its header promises ${count} values of ${itemSize} bytes.`);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const offset = dataStart + i * itemSize;
    const value = itemSize === 4 ? view.getFloat32(offset, true) : view.getFloat64(offset, true);
    // Fortran order stores column by column: element (r, c) sits at c·height + r.
    const target = fortranOrder ? (i % height) * width + Math.floor(i / height) : i;
    data[target] = value;
  }
  return { data, height, width };
}
