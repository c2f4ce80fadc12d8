// Reads an ONNX file from disk into a plain graph: nodes in order (local functions inlined), initializers as typed
// arrays (external data files read from beside the model, never from outside its folder), inputs and outputs with shapes.
import { open, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UserFacingError, errorMessage } from '../../errors';
import {
  type AttributeProto, type FunctionProto, type GraphProto, type ModelProto, type NodeProto, OnnxAttributeType, OnnxDataType,
  type TensorProto, type ValueInfoProto, decodeModelProto, int64,
} from './onnxSchema';

/** The oldest and newest default-domain opsets whose operators the interpreter implements. */
export const SUPPORTED_OPSETS = { min: 9, max: 23 } as const;

/** A constant tensor: its shape and values (64-bit integers as numbers, half and double floats as float32). */
export interface OnnxConstant {
  dims: number[];
  values: Float32Array | Int32Array | Float64Array;
  /** 'float' for float16/32/64, 'int' for every integer type, 'bool' for booleans (stored as 0/1 in an Int32Array). */
  kind: 'float' | 'int' | 'bool';
}

export type OnnxAttribute =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: OnnxConstant }
  | { kind: 'floats'; value: number[] }
  | { kind: 'ints'; value: number[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'other' };

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  /** Value names; '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttribute>;
}

/** A graph input or output: its name, element type code and shape (null for a symbolic dimension such as the batch). */
export interface OnnxValueInfo { name: string; elemType: number; shape: (number | null)[] | null }

export interface OnnxGraph {
  path: string;
  producer: string;
  /** The default-domain ('' / 'ai.onnx') opset the graph was exported at. */
  opset: number;
  irVersion: number;
  /** Graph inputs that are not initializers: what a caller feeds. */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  initializers: Map<string, OnnxConstant>;
  /** Nodes in topological order, local functions inlined. */
  nodes: OnnxNode[];
  /** External data files read, relative to the model's folder. */
  externalDataFiles: string[];
}

const decoder = new TextDecoder();

/** IEEE half-precision bits to a float. */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** The values of a tensor's little-endian raw bytes. */
function fromRawBytes(bytes: Uint8Array, dataType: number, count: number, name: string): OnnxConstant['values'] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (width: number): void => {
    if (bytes.byteLength < count * width) throw new UserFacingError(`The ONNX tensor '${name}' holds ${bytes.byteLength} bytes, fewer than its shape needs (${count * width}); the file is damaged or truncated.`);
  };
  switch (dataType) {
    case OnnxDataType.FLOAT: { need(4); const out = new Float32Array(count); for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true); return out; }
    case OnnxDataType.DOUBLE: { need(8); const out = new Float64Array(count); for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true); return out; }
    case OnnxDataType.FLOAT16: { need(2); const out = new Float32Array(count); for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true)); return out; }
    case OnnxDataType.INT64: { need(8); const out = new Float64Array(count); for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(i * 8, true)); return out; }
    case OnnxDataType.INT32: { need(4); const out = new Int32Array(count); for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true); return out; }
    case OnnxDataType.INT8: { need(1); const out = new Int32Array(count); for (let i = 0; i < count; i++) out[i] = view.getInt8(i); return out; }
    case OnnxDataType.UINT8: case OnnxDataType.BOOL: { need(1); const out = new Int32Array(count); for (let i = 0; i < count; i++) out[i] = view.getUint8(i); return out; }
    default: throw new UserFacingError(`The ONNX tensor '${name}' has element type ${dataType}, which Robustness Lens does not read (float, double, half, int8/32/64, uint8 and bool are read).`, 'unsupported');
  }
}

function kindOf(dataType: number): OnnxConstant['kind'] {
  if (dataType === OnnxDataType.BOOL) return 'bool';
  return dataType === OnnxDataType.FLOAT || dataType === OnnxDataType.DOUBLE || dataType === OnnxDataType.FLOAT16 ? 'float' : 'int';
}

/** Reads `external_data` of a tensor from its file, which must lie inside the model's own folder (checked by real path). */
async function readExternal(tensor: TensorProto, modelDir: string, files: Set<string>): Promise<Uint8Array> {
  const entries = new Map(tensor.externalData.map((e) => [e.key, e.value]));
  const location = entries.get('location');
  if (!location) throw new UserFacingError(`The ONNX tensor '${tensor.name}' says its data is external but names no file.`);
  const path = resolve(modelDir, location);
  const real = await realpath(path).catch(() => null);
  if (real === null) throw new UserFacingError(`The weights of '${tensor.name}' are in the external data file '${location}', which is missing: keep it beside the .onnx file (torch.onnx.export writes both).`, 'not-found');
  const realDir = await realpath(modelDir);
  const inside = relative(realDir, real);
  if (isAbsolute(location) || inside.startsWith('..') || isAbsolute(inside)) {
    throw new UserFacingError(`The ONNX tensor '${tensor.name}' points at external data outside the model's folder ('${location}'); Robustness Lens reads weights only from beside the model.`);
  }
  files.add(inside.split(sep).join('/'));
  const offset = Number(entries.get('offset') ?? 0);
  const size = await stat(real).then((s) => s.size);
  const length = entries.has('length') ? Number(entries.get('length')) : size - offset;
  if (!(offset >= 0 && length >= 0 && offset + length <= size)) {
    throw new UserFacingError(`The external data file '${location}' is ${size} bytes, too short for '${tensor.name}' (bytes ${offset}–${offset + length}); it is truncated or belongs to another export.`);
  }
  const handle = await open(real, 'r');
  try {
    const bytes = new Uint8Array(length);
    await handle.read(bytes, 0, length, offset);
    return bytes;
  } finally {
    await handle.close();
  }
}

async function toConstant(tensor: TensorProto, modelDir: string, files: Set<string>): Promise<OnnxConstant> {
  const dims = tensor.dims.map(int64);
  const count = dims.reduce((a, b) => a * b, 1);
  const kind = kindOf(tensor.dataType);
  let values: OnnxConstant['values'];
  if (tensor.dataLocation === 1) values = fromRawBytes(await readExternal(tensor, modelDir, files), tensor.dataType, count, tensor.name);
  else if (tensor.rawData && tensor.rawData.byteLength > 0) values = fromRawBytes(tensor.rawData, tensor.dataType, count, tensor.name);
  else if (tensor.floatData.length > 0) values = Float32Array.from(tensor.floatData);
  else if (tensor.doubleData.length > 0) values = Float64Array.from(tensor.doubleData);
  else if (tensor.int64Data.length > 0) values = Float64Array.from(tensor.int64Data.map(int64));
  else if (tensor.int32Data.length > 0) values = tensor.dataType === OnnxDataType.FLOAT16 ? Float32Array.from(tensor.int32Data.map(halfToFloat)) : Int32Array.from(tensor.int32Data);
  else if (tensor.uint64Data.length > 0) values = Float64Array.from(tensor.uint64Data.map(int64));
  else values = kind === 'float' ? new Float32Array(count) : new Int32Array(count);
  if (values.length !== count) throw new UserFacingError(`The ONNX tensor '${tensor.name}' has ${values.length} values for shape [${dims.join(', ')}]; the file is damaged.`);
  return { dims, values, kind };
}

async function toAttribute(attribute: AttributeProto, modelDir: string, files: Set<string>): Promise<OnnxAttribute> {
  switch (attribute.type) {
    case OnnxAttributeType.FLOAT: return { kind: 'float', value: attribute.f };
    case OnnxAttributeType.INT: return { kind: 'int', value: int64(attribute.i) };
    case OnnxAttributeType.STRING: return { kind: 'string', value: decoder.decode(attribute.s) };
    case OnnxAttributeType.TENSOR: return attribute.t ? { kind: 'tensor', value: await toConstant(attribute.t, modelDir, files) } : { kind: 'other' };
    case OnnxAttributeType.FLOATS: return { kind: 'floats', value: [...attribute.floats] };
    case OnnxAttributeType.INTS: return { kind: 'ints', value: attribute.ints.map(int64) };
    case OnnxAttributeType.STRINGS: return { kind: 'strings', value: attribute.strings.map((s) => decoder.decode(s)) };
    default: return { kind: 'other' };
  }
}

function toValueInfo(info: ValueInfoProto): OnnxValueInfo {
  const tensorType = info.type?.tensorType ?? null;
  const shape = tensorType?.shape ? tensorType.shape.dim.map((d) => (d.dimParam ? null : int64(d.dimValue) > 0 ? int64(d.dimValue) : null)) : null;
  return { name: info.name, elemType: tensorType?.elemType ?? 0, shape };
}

interface FunctionBody { fn: FunctionProto; defaults: Map<string, AttributeProto> }

/**
 * Expands calls of local functions (what PyTorch's dynamo exporter may emit) into their nodes: the function's inner
 * values get a prefix unique to the call, its formal inputs and outputs become the call's, and attributes that refer to
 * the call's attributes (ref_attr_name) take their values from it.
 */
async function inlineNodes(nodes: NodeProto[], functions: Map<string, FunctionBody>, modelDir: string, files: Set<string>, prefix: string, depth: number): Promise<OnnxNode[]> {
  const out: OnnxNode[] = [];
  for (const [index, node] of nodes.entries()) {
    const body = functions.get(`${node.domain}::${node.opType}`);
    if (!body) {
      const attributes = new Map<string, OnnxAttribute>();
      for (const a of node.attribute) attributes.set(a.name, await toAttribute(a, modelDir, files));
      out.push({ name: node.name || `${prefix}${node.opType}_${index}`, opType: node.opType, domain: node.domain === 'ai.onnx' ? '' : node.domain, inputs: [...node.input], outputs: [...node.output], attributes });
      continue;
    }
    if (depth > 16) throw new UserFacingError(`The ONNX function '${node.opType}' calls itself too deeply to inline.`, 'unsupported');
    const callPrefix = `${prefix}${node.name || node.opType}_${index}/`;
    const rename = new Map<string, string>();
    body.fn.input.forEach((formal, i) => rename.set(formal, node.input[i] ?? ''));
    body.fn.output.forEach((formal, i) => rename.set(formal, node.output[i] ?? `${callPrefix}${formal}`));
    const callAttributes = new Map(node.attribute.map((a) => [a.name, a]));
    const renamed: NodeProto[] = body.fn.node.map((inner) => ({
      ...inner,
      input: inner.input.map((v) => (v === '' ? '' : rename.get(v) ?? `${callPrefix}${v}`)),
      output: inner.output.map((v) => rename.get(v) ?? `${callPrefix}${v}`),
      attribute: inner.attribute.flatMap((a) => {
        if (!a.refAttrName) return [a];
        const given = callAttributes.get(a.refAttrName) ?? body.defaults.get(a.refAttrName);
        return given ? [{ ...given, name: a.name }] : [];
      }),
    }));
    out.push(...await inlineNodes(renamed, functions, modelDir, files, callPrefix, depth + 1));
  }
  return out;
}

function defaultOpset(model: ModelProto): number | null {
  const entry = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  return entry ? int64(entry.version) : null;
}

/** Decodes the bytes of an ONNX file, turning protobuf's complaint into a message about the file. */
function decodeOrExplain(bytes: Uint8Array, path: string): ModelProto {
  const name = basename(path);
  let model: ModelProto;
  try {
    model = decodeModelProto(bytes);
  } catch (err) {
    throw new UserFacingError(`${name} is not a readable ONNX model (${errorMessage(err)}); the file may be truncated or not ONNX at all. Export it again with torch.onnx.export.`);
  }
  if (!model.graph || model.graph.node.length === 0) throw new UserFacingError(`${name} is not an ONNX model: it holds no graph. Export it again with torch.onnx.export.`);
  return model;
}

/** Reads and checks the ONNX model at `path`. */
export async function readOnnxGraph(path: string): Promise<OnnxGraph> {
  const bytes = await readFile(path).catch((err: unknown) => {
    throw new UserFacingError(`${path} could not be read: ${errorMessage(err)}.`, 'not-found');
  });
  const model = decodeOrExplain(bytes, path);
  const graph = model.graph as GraphProto;
  const opset = defaultOpset(model);
  if (opset === null) throw new UserFacingError(`${basename(path)} imports no standard ONNX opset, so its operators cannot be interpreted.`, 'unsupported');
  if (opset < SUPPORTED_OPSETS.min || opset > SUPPORTED_OPSETS.max) {
    throw new UserFacingError(`${basename(path)} uses ONNX opset ${opset}; Robustness Lens reads opsets ${SUPPORTED_OPSETS.min}–${SUPPORTED_OPSETS.max}. Export again with torch.onnx.export(…, opset_version=17) (or 18 with the dynamo exporter).`, 'unsupported');
  }
  const modelDir = dirname(resolve(path));
  const files = new Set<string>();
  const initializers = new Map<string, OnnxConstant>();
  for (const tensor of graph.initializer) initializers.set(tensor.name, await toConstant(tensor, modelDir, files));
  const functions = new Map<string, FunctionBody>(model.functions.map((fn) => [`${fn.domain}::${fn.name}`, { fn, defaults: new Map(fn.attributeProto.map((a) => [a.name, a])) }]));
  const nodes = await inlineNodes(graph.node, functions, modelDir, files, '', 0);
  return {
    path, opset, irVersion: int64(model.irVersion),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    inputs: graph.input.filter((i) => !initializers.has(i.name)).map(toValueInfo),
    outputs: graph.output.map(toValueInfo),
    initializers, nodes, externalDataFiles: [...files].sort(),
  };
}
