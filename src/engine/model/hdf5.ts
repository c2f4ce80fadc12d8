// Read-only access to HDF5 files through h5wasm (an ESM-only package, so it is imported dynamically).
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserFacingError, errorMessage, firstLine, isUserFacingError } from '../errors';

type H5wasmApi = typeof import('h5wasm').default;

let api: Promise<H5wasmApi> | null = null;
let readyApi: H5wasmApi | null = null;
/** How many h5wasm instances were started: each after an abort gets a module URL of its own, hence a new wasm heap. */
let instances = 0;

/**
 * The file URL of h5wasm's Node build. Its package exports it for `import` only, so require.resolve cannot find it: it is
 * looked up in the folders Node searches for packages.
 */
function h5wasmNodeBuildUrl(): string {
  for (const folder of require.resolve.paths('h5wasm') ?? []) {
    const file = join(folder, 'h5wasm', 'dist', 'node', 'hdf5_hl.js');
    if (existsSync(file)) return pathToFileURL(file).href;
  }
  throw new Error('h5wasm is not installed: no node_modules/h5wasm/dist/node/hdf5_hl.js');
}

/**
 * The initialised h5wasm Node build. A fresh import (a new URL, so a new module and wasm instance) follows an abort, since
 * an abort inside HDF5 leaves its heap and open objects in an unknown state; the dropped instance stays in Node's module
 * map (ES modules are never unloaded), a heap lost per damaged file read.
 */
export function h5wasmApi(): Promise<H5wasmApi> {
  if (!api) {
    const url = `${h5wasmNodeBuildUrl()}${instances++ === 0 ? '' : `?instance=${instances}`}`;
    api = (import(url) as Promise<{ default: H5wasmApi }>).then(async (mod) => {
      const library = await mod.default.ready;
      // HDF5 errors become exceptions instead of diagnostics printed on stderr; withHdf5File turns them into messages.
      library.activate_throwing_error_handler();
      readyApi = mod.default;
      return mod.default;
    });
    api.catch(() => { api = null; });
  }
  return api;
}

/** Drops the current h5wasm instance after an abort inside it: the next file is read by a fresh one. */
function discardH5wasmInstance(): void {
  api = null;
  readyApi = null;
}

// HDF5 file format specification 3.0, section II.A: the superblock's signature sits at byte 0, 512, 1024, 2048, …
const hdf5Signature = Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a);

/** Where the superblock's end-of-file address lies: after the fields of version 0, 1 or 2/3 and two addresses of `offsetSize` bytes. */
function endOfFileFieldOffset(version: number, offsetSize: number): number | null {
  if (version === 0) return 24 + 2 * offsetSize;
  if (version === 1) return 28 + 2 * offsetSize;
  if (version === 2 || version === 3) return 12 + 2 * offsetSize;
  return null;
}

/** A little-endian unsigned address of 2, 4 or 8 bytes; null for the undefined address (all bits set) or another size. */
function readAddress(bytes: Uint8Array, at: number, size: number): number | null {
  if (size !== 2 && size !== 4 && size !== 8) return null;
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[at + i]);
  return value === (1n << BigInt(size * 8)) - 1n ? null : Number(value);
}

/**
 * Checks that `path` starts like an HDF5 file and is as long as its superblock says, so that neither a foreign file
 * nor a truncated download reaches HDF5 (which reports both only as diagnostics about missing names).
 */
export async function checkHdf5File(path: string, label: string): Promise<void> {
  const handle = await open(path, 'r').catch((err: unknown) => {
    throw new UserFacingError(`Cannot read ${label}: ${errorMessage(err)}`, 'not-found');
  });
  try {
    const { size } = await handle.stat();
    const superblock = new Uint8Array(64);
    for (let base = 0; base + hdf5Signature.length <= size; base = base === 0 ? 512 : base * 2) {
      const { bytesRead } = await handle.read(superblock, 0, superblock.length, base);
      if (!hdf5Signature.every((byte, i) => superblock[i] === byte)) continue;
      const version = superblock[8];
      const offsetSize = version <= 1 ? superblock[13] : superblock[9];
      const field = endOfFileFieldOffset(version, offsetSize);
      const storedEnd = field !== null && field + offsetSize <= bytesRead ? readAddress(superblock, field, offsetSize) : null;
      if (storedEnd !== null && size < storedEnd) {
        throw new UserFacingError(`${label} is truncated: it holds ${size} bytes of the ${storedEnd} its HDF5 header records. Copy or download it again completely.`);
      }
      return;
    }
    throw new UserFacingError(`${label} is not an HDF5 file (no HDF5 signature in its ${size} bytes). A Keras .h5 checkpoint is written by model.save('model.h5').`);
  } finally {
    await handle.close();
  }
}

/** The innermost cause HDF5 reports ("truncated file: …", "bad object header version number"), for a one-line message. */
function hdf5Cause(message: string): string {
  const minors = [...message.matchAll(/ in \w+\(\): ([^\n]+)/g)].map((match) => match[1].trim());
  return minors.at(-1) ?? message.split('\n')[0];
}

/** An HDF5 library error as a message about the file; other errors pass unchanged. */
function damagedFileError(err: unknown, label: string): unknown {
  if (isUserFacingError(err) || !errorMessage(err).includes('HDF5-DIAG')) return err;
  return new UserFacingError(`${label} is damaged: HDF5 cannot read it (${hdf5Cause(errorMessage(err))}). Save or copy the model again.`);
}

/**
 * Runs `work` on h5wasm. A trap inside its wasm module (HDF5's abort() on a damaged structure, an out-of-bounds access) is
 * about the file, not the tfjs backend's memory: it drops the instance, so the next file gets a fresh one, and says the file
 * is damaged.
 */
function insideH5wasm<T>(label: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof WebAssembly.RuntimeError)) throw err;
    discardH5wasmInstance();
    throw new UserFacingError(`${label} is damaged: HDF5 could not read it (${firstLine(err)}). Save or copy the model again.`);
  }
}

/** The file opened read-only; HDF5's refusal (a damaged superblock) as a message. */
function openReadOnly(h5: H5wasmApi, path: string, label: string): H5File {
  try {
    return new h5.File(path, 'r');
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) throw err;
    throw new UserFacingError(`${label} is not a readable HDF5 file (${hdf5Cause(errorMessage(err))}). Check that it was saved completely.`);
  }
}

/** Opens an HDF5 file read-only after checking it, runs `body`, and closes the file whatever happens. */
export async function withHdf5File<T>(path: string, label: string, body: (file: H5File) => T): Promise<T> {
  await checkHdf5File(path, label);
  const h5 = await h5wasmApi();
  const file = insideH5wasm(label, () => openReadOnly(h5, path, label));
  try {
    return insideH5wasm(label, () => {
      try {
        return body(file);
      } catch (err) {
        throw damagedFileError(err, label);
      }
    });
  } finally {
    // After an abort the instance is dropped with the file; closing inside it could abort again.
    if (readyApi === h5) insideH5wasm(label, () => file.close());
  }
}

/** The h5wasm classes; only called on objects read from a file, which exist only once h5wasm is ready. */
function classes(): H5wasmApi {
  if (!readyApi) throw new Error('h5wasm used before it was ready');
  return readyApi;
}

/** The group at `path` (the root itself for ''), or null when it is absent or not a group. */
export function groupAt(root: Group, path: string): Group | null {
  const entity = path === '' ? root : root.get(path);
  return entity instanceof classes().Group ? entity : null;
}

/** The dataset at `path`, or null when it is absent or not a dataset. */
export function datasetAt(root: Group, path: string): Dataset | null {
  const entity = root.get(path);
  return entity instanceof classes().Dataset ? entity : null;
}

/** A string attribute (HDF5 fixed or variable length, or bytes), or null when absent. */
export function stringAttribute(node: Group | Dataset, name: string): string | null {
  const attr = node.attrs[name];
  if (!attr) return null;
  const value = attr.value;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return null;
}

/** A list-of-strings attribute such as Keras's layer_names or weight_names; empty when absent. */
export function stringListAttribute(node: Group | Dataset, name: string): string[] {
  const attr = node.attrs[name];
  if (!attr) return [];
  const value = attr.value;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v)));
  return [];
}

/** A numeric dataset as float32 values with its shape. */
export function floatDataset(dataset: Dataset, label: string): { shape: number[]; values: Float32Array } {
  const value = dataset.value;
  const shape = dataset.shape ?? [];
  if (value instanceof Float32Array) return { shape, values: value };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array)) {
    return { shape, values: Float32Array.from(value as ArrayLike<number>) };
  }
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return { shape, values: Float32Array.from(value, Number) };
  if (typeof value === 'number' || typeof value === 'bigint') return { shape, values: Float32Array.of(Number(value)) };
  throw new UserFacingError(`${label} does not hold numbers (HDF5 type ${JSON.stringify(dataset.dtype)}), so it cannot be a weight.`);
}
