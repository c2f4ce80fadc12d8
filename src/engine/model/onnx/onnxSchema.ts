// The part of ONNX's protobuf schema (onnx/onnx.proto, IR version ≤ 11) a classifier needs, decoded with protobufjs.
// Field numbers are onnx.proto's; fields left out (training info, sparse tensors, sharding) are skipped by the decoder.
import * as protobuf from 'protobufjs/light';

const repeated = 'repeated';

const onnxDescriptor = {
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        TensorProto: {
          fields: {
            dims: { rule: repeated, type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: repeated, type: 'float', id: 4 },
            int32Data: { rule: repeated, type: 'int32', id: 5 },
            int64Data: { rule: repeated, type: 'int64', id: 7 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            doubleData: { rule: repeated, type: 'double', id: 10 },
            uint64Data: { rule: repeated, type: 'uint64', id: 11 },
            externalData: { rule: repeated, type: 'StringStringEntryProto', id: 13 },
            dataLocation: { type: 'int32', id: 14 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            g: { type: 'GraphProto', id: 6 },
            floats: { rule: repeated, type: 'float', id: 7 },
            ints: { rule: repeated, type: 'int64', id: 8 },
            strings: { rule: repeated, type: 'bytes', id: 9 },
            type: { type: 'int32', id: 20 },
            refAttrName: { type: 'string', id: 21 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: repeated, type: 'Dimension', id: 1 } },
          nested: { Dimension: { fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } } },
        },
        TypeProto: {
          fields: { tensorType: { type: 'Tensor', id: 1 } },
          nested: { Tensor: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } } },
        },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        NodeProto: {
          fields: {
            input: { rule: repeated, type: 'string', id: 1 },
            output: { rule: repeated, type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: repeated, type: 'AttributeProto', id: 5 },
            domain: { type: 'string', id: 7 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: repeated, type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: repeated, type: 'TensorProto', id: 5 },
            input: { rule: repeated, type: 'ValueInfoProto', id: 11 },
            output: { rule: repeated, type: 'ValueInfoProto', id: 12 },
            valueInfo: { rule: repeated, type: 'ValueInfoProto', id: 13 },
          },
        },
        FunctionProto: {
          fields: {
            name: { type: 'string', id: 1 },
            input: { rule: repeated, type: 'string', id: 4 },
            output: { rule: repeated, type: 'string', id: 5 },
            attribute: { rule: repeated, type: 'string', id: 6 },
            node: { rule: repeated, type: 'NodeProto', id: 7 },
            opsetImport: { rule: repeated, type: 'OperatorSetIdProto', id: 9 },
            domain: { type: 'string', id: 10 },
            attributeProto: { rule: repeated, type: 'AttributeProto', id: 11 },
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: repeated, type: 'OperatorSetIdProto', id: 8 },
            functions: { rule: repeated, type: 'FunctionProto', id: 25 },
          },
        },
      },
    },
  },
};

/** An int64 field as protobufjs hands it back: a number, or a Long (protobufjs's 64-bit integer) beyond 32 bits. */
export type Int64 = number | { toNumber(): number };

export interface StringStringEntryProto { key: string; value: string }
export interface OperatorSetIdProto { domain: string; version: Int64 }
export interface TensorProto {
  dims: Int64[]; dataType: number; floatData: number[]; int32Data: number[]; int64Data: Int64[]; name: string;
  rawData: Uint8Array; doubleData: number[]; uint64Data: Int64[]; externalData: StringStringEntryProto[]; dataLocation: number;
}
export interface AttributeProto {
  name: string; f: number; i: Int64; s: Uint8Array; t: TensorProto | null; g: GraphProto | null;
  floats: number[]; ints: Int64[]; strings: Uint8Array[]; type: number; refAttrName: string;
}
export interface DimensionProto { dimValue: Int64; dimParam: string }
export interface ValueInfoProto { name: string; type: { tensorType: { elemType: number; shape: { dim: DimensionProto[] } | null } | null } | null }
export interface NodeProto { input: string[]; output: string[]; name: string; opType: string; attribute: AttributeProto[]; domain: string }
export interface GraphProto { node: NodeProto[]; name: string; initializer: TensorProto[]; input: ValueInfoProto[]; output: ValueInfoProto[]; valueInfo: ValueInfoProto[] }
export interface FunctionProto {
  name: string; input: string[]; output: string[]; attribute: string[]; node: NodeProto[]; opsetImport: OperatorSetIdProto[];
  domain: string; attributeProto: AttributeProto[];
}
export interface ModelProto { irVersion: Int64; producerName: string; producerVersion: string; graph: GraphProto | null; opsetImport: OperatorSetIdProto[]; functions: FunctionProto[] }

/** ONNX TensorProto.DataType codes the interpreter reads. */
export const OnnxDataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10, DOUBLE: 11 } as const;

/** ONNX AttributeProto.AttributeType codes. */
export const OnnxAttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

const modelType = protobuf.Root.fromJSON(onnxDescriptor).lookupType('onnx.ModelProto');

/** Decodes an ONNX model file's bytes; throws protobufjs's error for bytes that are not one. */
export function decodeModelProto(bytes: Uint8Array): ModelProto {
  return modelType.decode(bytes) as unknown as ModelProto;
}

/** An int64 field as a JavaScript number (exact below 2^53, which shapes, axes and opsets are). */
export function int64(value: Int64): number {
  return typeof value === 'number' ? value : value.toNumber();
}
