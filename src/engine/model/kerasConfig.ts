// Turns a Keras model config (Keras 2 `{class_name, config}` or Keras 3 `{module, class_name, config, registered_name}`)
// into the Keras-2-style topology that tfjs-layers deserialises, refusing layers that tfjs lacks or that would run checkpoint code.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import { KEEPDIMS_POOLING_CLASS, NORMALIZATION_CLASS, SCALAR_OPERATION_CLASS, type ScalarOperation, keras3Activations } from './kerasExtraLayers';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject { [key: string]: JsonValue }

/** Keys that only matter for training or re-saving; every weight is overwritten after building, so they are dropped. */
const droppedKeyPattern = /(_initializer|_regularizer|_constraint)$|^(module|registered_name|build_config|compile_config|shared_object_id)$/;

/** Keras activation names that tfjs spells differently (Keras 2's hard_sigmoid is tfjs's clip(0.2·x + 0.5, 0, 1)). */
const activationAliases: Record<string, string> = { silu: 'swish', hard_sigmoid: 'hardSigmoid', log_softmax: 'logSoftmax' };

/** How a file's Keras version changes the meaning of its config: Keras 3 redefined hard_sigmoid and added hard_silu. */
export interface KerasDialect { keras3: boolean }

/** The dialect of a file saved by Keras `version` ('3.15.1', '2.15.0'; unknown counts as Keras 2). */
export function kerasDialect(version: string | null): KerasDialect {
  return { keras3: version !== null && /^3\./.test(version) };
}

/** Keras 3 operation nodes (keras.src.ops.numpy) with one tensor and one number, as the scalar operation they perform. */
const scalarOperations: Record<string, ScalarOperation> = { Add: 'add', Subtract: 'subtract', Multiply: 'multiply', Divide: 'divide', TrueDivide: 'divide' };

/** Keras 3 operation nodes on two tensors, as the tfjs merge layer doing the same. */
const tensorOperations: Record<string, string> = { Add: 'Add', Subtract: 'Subtract', Multiply: 'Multiply' };

/** Key marking a Keras 3 operation node (module keras.src.ops…, not a layer) once the module key is dropped. */
const operationMarker = 'is_keras_operation';

const modelClasses = new Set(['Sequential', 'Functional', 'Model']);

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Class names tfjs can deserialise (layers, initialisers, activations…), from its serialisation registry. */
function registeredClassNames(): Set<string> {
  return new Set(Object.keys(tf.serialization.SerializationMap.getMap().classNameMap));
}

/** Strips Keras 3 / newer Keras 2 serialisation wrappers and turns dtype policies into plain dtype strings. */
function stripSerialisationWrappers(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripSerialisationWrappers);
  if (!isJsonObject(value)) return value;
  if ((value.class_name === 'DTypePolicy' || value.class_name === 'Policy') && isJsonObject(value.config)) {
    const name = value.config.name;
    return typeof name === 'string' && name.startsWith('mixed_') ? 'float32' : name;
  }
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (!droppedKeyPattern.test(key)) out[key] = stripSerialisationWrappers(item);
  }
  if (typeof value.module === 'string' && value.module.startsWith('keras.src.ops')) out[operationMarker] = true;
  return out;
}

/** Keras 3 inbound node `{args, kwargs}` → Keras 2 `[[layer, nodeIndex, tensorIndex, {}], …]`, from each tensor's keras_history. */
function kerasHistories(value: JsonValue, found: JsonValue[][] = []): JsonValue[][] {
  if (Array.isArray(value)) value.forEach((v) => kerasHistories(v, found));
  else if (isJsonObject(value)) {
    if (value.class_name === '__keras_tensor__' && isJsonObject(value.config) && Array.isArray(value.config.keras_history)) {
      const [layer, nodeIndex, tensorIndex] = value.config.keras_history;
      found.push([layer, nodeIndex, tensorIndex, {}]);
    } else Object.values(value).forEach((v) => kerasHistories(v, found));
  }
  return found;
}

function convertInboundNodes(nodes: JsonValue | undefined): JsonValue {
  if (!Array.isArray(nodes)) return [];
  return nodes.map((node) => (isJsonObject(node) && ('args' in node || 'kwargs' in node) ? kerasHistories(node.args ?? []) : node));
}

/** Keras 3 writes a single model input or output as `[name, 0, 0]`; tfjs wants a list of those. */
function asTensorRefList(refs: JsonValue | undefined): JsonValue {
  if (Array.isArray(refs) && typeof refs[0] === 'string') return [refs];
  return refs ?? [];
}

function checkActivation(layerName: string, className: string, config: JsonObject, known: Set<string>, dialect: KerasDialect): void {
  const activation = config.activation;
  if (typeof activation !== 'string') return;
  const name = (dialect.keras3 ? keras3Activations[activation] : undefined) ?? activationAliases[activation] ?? activation;
  if (!known.has(name)) {
    throw new UserFacingError(`Layer '${layerName}' (class ${className}) uses the activation '${activation}', which TensorFlow.js does not implement.`, 'unsupported');
  }
  config.activation = name;
}

/** The inbound node's arguments of a Keras 3 operation node: its tensors (as tensor refs) and its numbers, in order. */
function operationArguments(layer: JsonObject): (JsonValue[] | number)[] {
  const node = Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes[0] : undefined;
  const args = isJsonObject(node) && Array.isArray(node.args) ? node.args : [];
  return args.flatMap((arg): (JsonValue[] | number)[] => (typeof arg === 'number' ? [arg] : kerasHistories(arg)));
}

/**
 * Whether `layer` is a Keras 3 operation node: marked so by its module in a .keras config; in a Keras 3 .h5 config,
 * which has no module, an arithmetic class whose config is only a name, called with several arguments (a layer is
 * called with one: a tensor or a list of tensors).
 */
function isOperationNode(layer: JsonObject): boolean {
  if (layer[operationMarker] === true) return true;
  const className = String(layer.class_name);
  const config = isJsonObject(layer.config) ? Object.keys(layer.config) : [];
  const node = Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes[0] : undefined;
  const argCount = isJsonObject(node) && Array.isArray(node.args) ? node.args.length : 0;
  return (className in scalarOperations || className in tensorOperations) && config.length === 1 && config[0] === 'name' && argCount > 1;
}

/**
 * A Keras 3 operation node (`x + 3.0`, `x * y` written in a functional model) as a layer doing the same arithmetic;
 * other operations are refused by name.
 */
function convertOperation(layer: JsonObject, name: string): JsonObject {
  const className = String(layer.class_name);
  const args = operationArguments(layer);
  const tensors = args.filter((arg): arg is JsonValue[] => Array.isArray(arg));
  const numbers = args.filter((arg): arg is number => typeof arg === 'number');
  if (tensors.length === 1 && numbers.length === 1 && scalarOperations[className]) {
    const config: JsonObject = { name, operation: scalarOperations[className], constant: numbers[0], constantFirst: typeof args[0] === 'number' };
    return { class_name: SCALAR_OPERATION_CLASS, config, name, inbound_nodes: [[...tensors]] };
  }
  if (tensors.length === 2 && numbers.length === 0 && tensorOperations[className]) {
    return { class_name: tensorOperations[className], config: { name }, name, inbound_nodes: [[...tensors]] };
  }
  throw new UserFacingError(`The model applies the operation '${className}' ('${name}') to ${tensors.length} tensor(s) and ${numbers.length} number(s) in its graph, which Robustness Lens cannot rebuild. Only addition, subtraction, multiplication and division are supported as operations; use Keras layers for the rest.`, 'unsupported');
}

/** Keras layers tfjs lacks or spells differently, as the registered layers of kerasExtraLayers; null for the rest. */
function substituteLayer(className: string, config: JsonObject): { className: string; config: JsonObject } | null {
  const pooling = className === 'GlobalAveragePooling2D' ? 'average' : className === 'GlobalMaxPooling2D' ? 'max' : null;
  if (pooling && config.keepdims === true) {
    const { keepdims: _keepdims, data_format: _dataFormat, ...rest } = config;
    return { className: KEEPDIMS_POOLING_CLASS, config: { ...rest, mode: pooling } };
  }
  if (className === 'Normalization') {
    const list = (value: JsonValue | undefined): JsonValue => (typeof value === 'number' ? [value] : value ?? null);
    const axis = config.axis === null || config.axis === undefined ? [-1] : list(config.axis);
    return { className: NORMALIZATION_CLASS, config: { ...config, axis, invert: config.invert === true, mean: list(config.mean), variance: list(config.variance) } };
  }
  return null;
}

/** Refuses layers that cannot be rebuilt safely, then returns the layer entry in the form tfjs expects. */
function convertLayer(layer: JsonObject, known: Set<string>, dialect: KerasDialect): JsonObject {
  const className = String(layer.class_name);
  const config = isJsonObject(layer.config) ? layer.config : {};
  const name = String(layer.name ?? config.name ?? className);
  if (className === 'Lambda' || className === 'TFOpLambda' || className === 'SlicingOpLambda') {
    throw new UserFacingError(`Layer '${name}' (class ${className}) runs Python code or TensorFlow ops stored in the checkpoint, and Robustness Lens never executes code from a checkpoint. Replace it with built-in Keras layers and save the model again.`, 'unsupported');
  }
  if (isOperationNode(layer)) return convertOperation(layer, name);
  if (modelClasses.has(className)) return { ...convertModelConfig(layer, known, dialect), name, inbound_nodes: convertInboundNodes(layer.inbound_nodes) };
  const substitute = substituteLayer(className, config);
  if (substitute) return convertLayer({ ...layer, class_name: substitute.className, config: substitute.config }, known, dialect);
  if (!known.has(className)) {
    throw new UserFacingError(`Layer '${name}' (class ${className}) is not supported by TensorFlow.js layers, so this model cannot be analysed. Export it without that layer, or convert it to a graph model with tensorflowjs_converter.`, 'unsupported');
  }
  const converted: JsonObject = { ...config };
  if ('batch_shape' in converted) {
    converted.batch_input_shape = converted.batch_shape;
    delete converted.batch_shape;
  }
  checkActivation(name, className, converted, known, dialect);
  const entry: JsonObject = { class_name: className, config: converted, name };
  if ('inbound_nodes' in layer) entry.inbound_nodes = convertInboundNodes(layer.inbound_nodes);
  return entry;
}

function convertModelConfig(model: JsonObject, known: Set<string>, dialect: KerasDialect): JsonObject {
  const className = String(model.class_name);
  const config = isJsonObject(model.config) ? model.config : {};
  const layers = Array.isArray(config.layers) ? config.layers.filter(isJsonObject) : [];
  const converted: JsonObject = { ...config, layers: layers.map((layer) => convertLayer(layer, known, dialect)) };
  if (className !== 'Sequential') {
    converted.input_layers = asTensorRefList(config.input_layers);
    converted.output_layers = asTensorRefList(config.output_layers);
  }
  return { class_name: className === 'Model' ? 'Functional' : className, config: converted };
}

/** The tfjs-layers topology for a Keras model config written in `dialect`; `source` names the file in error messages. */
export function toTfjsTopology(modelConfig: JsonValue, source: string, dialect: KerasDialect): JsonObject {
  const cleaned = stripSerialisationWrappers(modelConfig);
  if (!isJsonObject(cleaned) || typeof cleaned.class_name !== 'string' || !modelClasses.has(cleaned.class_name)) {
    const found = isJsonObject(cleaned) ? String(cleaned.class_name) : typeof cleaned;
    throw new UserFacingError(`${source} does not describe a Keras Sequential or Functional model (found ${found}). Subclassed models cannot be rebuilt without their Python code; save a Functional or Sequential model instead.`, 'unsupported');
  }
  return convertModelConfig(cleaned, registeredClassNames(), dialect);
}
