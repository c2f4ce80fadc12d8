// Read-only access to HDF5 files through h5wasm (an ESM-only package, so it is imported dynamically).
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { UserFacingError, errorMessage } from '../errors';

type H5wasmApi = typeof import('h5wasm').default;

let api: Promise<H5wasmApi> | null = null;
let readyApi: H5wasmApi | null = null;

/** The initialised h5wasm Node build; the specifier is a variable so the CommonJS bundle keeps a real import(). */
export function h5wasmApi(): Promise<H5wasmApi> {
  if (!api) {
    const specifier = 'h5wasm/node';
    api = (import(specifier) as Promise<{ default: H5wasmApi }>).then(async (mod) => {
      await mod.default.ready;
      readyApi = mod.default;
      return mod.default;
    });
  }
  return api;
}

/** Opens an HDF5 file read-only, runs `body`, and closes the file whatever happens. */
export async function withHdf5File<T>(path: string, label: string, body: (file: H5File) => T): Promise<T> {
  const h5 = await h5wasmApi();
  let file: H5File;
  try {
    file = new h5.File(path, 'r');
  } catch (err) {
    throw new UserFacingError(`${label} is not a readable HDF5 file (${errorMessage(err)}). Check that it was saved completely.`);
  }
  try {
    return body(file);
  } finally {
    file.close();
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
