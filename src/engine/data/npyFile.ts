// NumPy .npy files, read without pickle: the header is parsed as the format's literal dict, and the data is read by
// byte offset, so a 150 MB array is never read whole (NumPy's "format.rst": NEP 1, versions 1.0, 2.0 and 3.0).
import { open, type FileHandle } from 'node:fs/promises';
import { UserFacingError } from '../errors';

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
/** Longest header this reader accepts (NumPy itself refuses headers over 10 000 bytes unless told otherwise). */
const MAX_HEADER_BYTES = 1 << 16;

/** The element types read here: little-endian or single-byte integers (what the released label and image arrays use). */
const DTYPES = {
  '|u1': { bytes: 1, read: (b: Buffer, o: number) => b.readUInt8(o) },
  '|i1': { bytes: 1, read: (b: Buffer, o: number) => b.readInt8(o) },
  '<u2': { bytes: 2, read: (b: Buffer, o: number) => b.readUInt16LE(o) },
  '<i2': { bytes: 2, read: (b: Buffer, o: number) => b.readInt16LE(o) },
  '<u4': { bytes: 4, read: (b: Buffer, o: number) => b.readUInt32LE(o) },
  '<i4': { bytes: 4, read: (b: Buffer, o: number) => b.readInt32LE(o) },
  '<i8': { bytes: 8, read: (b: Buffer, o: number) => Number(b.readBigInt64LE(o)) },
  '<u8': { bytes: 8, read: (b: Buffer, o: number) => Number(b.readBigUInt64LE(o)) },
} as const;
export type NpyDtype = keyof typeof DTYPES;

export interface NpyHeader {
  path: string;
  dtype: NpyDtype;
  shape: number[];
  /** Byte offset of the first element. */
  dataOffset: number;
  /** Bytes of one element. */
  itemBytes: number;
}

function badNpy(path: string, reason: string): UserFacingError {
  return new UserFacingError(`${path} is not a NumPy array this extension reads: ${reason}.`, 'bad-input');
}

/** Reads and checks the header of the .npy file at `path`: C order, a supported integer dtype, and a file as long as the shape says. */
export async function readNpyHeader(path: string): Promise<NpyHeader> {
  const file = await openForReading(path);
  try {
    const size = (await file.stat()).size;
    const lead = await readAt(file, 0, Math.min(size, 12));
    if (lead.length < 10 || !lead.subarray(0, 6).equals(MAGIC)) throw badNpy(path, 'it does not start with the .npy magic string');
    const major = lead[6];
    if (major !== 1 && major !== 2 && major !== 3) throw badNpy(path, `format version ${major}.${lead[7]} is unknown (1.0, 2.0 and 3.0 are read)`);
    const prefix = major === 1 ? 10 : 12;
    if (lead.length < prefix) throw badNpy(path, 'the header is cut short');
    const headerLength = major === 1 ? lead.readUInt16LE(8) : lead.readUInt32LE(8);
    if (headerLength > MAX_HEADER_BYTES || prefix + headerLength > size) throw badNpy(path, `the header claims ${headerLength} bytes`);
    const text = (await readAt(file, prefix, headerLength)).toString(major === 3 ? 'utf8' : 'latin1');
    const { descr, fortranOrder, shape } = parseHeaderDict(path, text);
    if (!(descr in DTYPES)) throw badNpy(path, `its dtype '${descr}' is not an integer type read here (${Object.keys(DTYPES).join(', ')}); object arrays (pickles) are never read`);
    if (fortranOrder) throw badNpy(path, 'it is stored in Fortran order; save it with numpy.ascontiguousarray first');
    const dtype = descr as NpyDtype;
    const dataOffset = prefix + headerLength;
    const itemBytes = DTYPES[dtype].bytes;
    const expected = dataOffset + shape.reduce((a, b) => a * b, 1) * itemBytes;
    if (size !== expected) throw badNpy(path, `shape (${shape.join(', ')}) of ${descr} needs ${expected} bytes but the file has ${size} (truncated or not a plain array)`);
    return { path, dtype, shape, dataOffset, itemBytes };
  } finally {
    await file.close();
  }
}

/** The literal dict NumPy writes: {'descr': '|u1', 'fortran_order': False, 'shape': (5, 4, 4, 3), } — parsed by pattern, never evaluated. */
function parseHeaderDict(path: string, text: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const order = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || order === undefined || shapeText === undefined) throw badNpy(path, `the header dict lacks 'descr', 'fortran_order' or 'shape' (${text.trim()})`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0)) throw badNpy(path, `its shape (${shapeText}) is not a tuple of whole numbers`);
  return { descr, fortranOrder: order === 'True', shape };
}

/** `count` elements from element index `start`, as numbers (the whole of a label array is a few hundred kB at most). */
export async function readNpyIntegers(header: NpyHeader, start: number, count: number): Promise<number[]> {
  const bytes = await readNpyBytes(header, start * header.itemBytes, count * header.itemBytes);
  const read = DTYPES[header.dtype].read;
  return Array.from({ length: count }, (_, i) => read(bytes, i * header.itemBytes));
}

/** `length` raw bytes from `byteOffset` into the array's data. */
export async function readNpyBytes(header: NpyHeader, byteOffset: number, length: number): Promise<Buffer> {
  const file = await openForReading(header.path);
  try {
    return await readAt(file, header.dataOffset + byteOffset, length);
  } finally {
    await file.close();
  }
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw new UserFacingError(`Cannot open ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String(err)}.`, 'not-found');
  }
}

/** Exactly `length` bytes at `position`, or fewer when the file ends first. */
export async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
