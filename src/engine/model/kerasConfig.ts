// Turns a Keras model config (Keras 2 `{class_name, config}` or Keras 3 `{module, class_name, config, registered_name}`)
// into the Keras-2-style topology that tfjs-layers deserialises, refusing layers that tfjs lacks or that would run checkpoint code.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject { [key: string]: JsonValue }

/** Keys that only matter for training or re-saving; every weight is overwritten after building, so they are dropped. */
const droppedKeyPattern = /(_initializer|_regularizer|_constraint)$|^(module|registered_name|build_config|compile_config|shared_object_id)$/;

/** Keras activation names that tfjs spells differently. */
const activationAliases: Record<string, string> = { silu: 'swish', hard_sigmoid: 'hardSigmoid', log_softmax: 'logSoftmax' };

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

function checkActivation(layerName: string, className: string, config: JsonObject, known: Set<string>): void {
  const activation = config.activation;
  if (typeof activation !== 'string') return;
  const name = activationAliases[activation] ?? activation;
  if (!known.has(name)) {
    throw new UserFacingError(`Layer '${layerName}' (class ${className}) uses the activation '${activation}', which TensorFlow.js does not implement.`, 'unsupported');
  }
  config.activation = name;
}

/** Refuses layers that cannot be rebuilt safely, then returns the layer entry in the form tfjs expects. */
function convertLayer(layer: JsonObject, known: Set<string>): JsonObject {
  const className = String(layer.class_name);
  const config = isJsonObject(layer.config) ? layer.config : {};
  const name = String(layer.name ?? config.name ?? className);
  if (className === 'Lambda' || className === 'TFOpLambda' || className === 'SlicingOpLambda') {
    throw new UserFacingError(`Layer '${name}' (class ${className}) runs Python code or TensorFlow ops stored in the checkpoint, and Robustness Lens never executes code from a checkpoint. Replace it with built-in Keras layers and save the model again.`, 'unsupported');
  }
  if (modelClasses.has(className)) return { ...convertModelConfig(layer, known), name, inbound_nodes: convertInboundNodes(layer.inbound_nodes) };
  if (!known.has(className)) {
    throw new UserFacingError(`Layer '${name}' (class ${className}) is not supported by TensorFlow.js layers, so this model cannot be analysed. Export it without that layer, or convert it to a graph model with tensorflowjs_converter.`, 'unsupported');
  }
  const converted: JsonObject = { ...config };
  if ('batch_shape' in converted) {
    converted.batch_input_shape = converted.batch_shape;
    delete converted.batch_shape;
  }
  checkActivation(name, className, converted, known);
  const entry: JsonObject = { class_name: className, config: converted, name };
  if ('inbound_nodes' in layer) entry.inbound_nodes = convertInboundNodes(layer.inbound_nodes);
  return entry;
}

function convertModelConfig(model: JsonObject, known: Set<string>): JsonObject {
  const className = String(model.class_name);
  const config = isJsonObject(model.config) ? model.config : {};
  const layers = Array.isArray(config.layers) ? config.layers.filter(isJsonObject) : [];
  const converted: JsonObject = { ...config, layers: layers.map((layer) => convertLayer(layer, known)) };
  if (className !== 'Sequential') {
    converted.input_layers = asTensorRefList(config.input_layers);
    converted.output_layers = asTensorRefList(config.output_layers);
  }
  return { class_name: className === 'Model' ? 'Functional' : className, config: converted };
}

/** The tfjs-layers topology for a Keras model config; `source` names the file in error messages. */
export function toTfjsTopology(modelConfig: JsonValue, source: string): JsonObject {
  const cleaned = stripSerialisationWrappers(modelConfig);
  if (!isJsonObject(cleaned) || typeof cleaned.class_name !== 'string' || !modelClasses.has(cleaned.class_name)) {
    const found = isJsonObject(cleaned) ? String(cleaned.class_name) : typeof cleaned;
    throw new UserFacingError(`${source} does not describe a Keras Sequential or Functional model (found ${found}). Subclassed models cannot be rebuilt without their Python code; save a Functional or Sequential model instead.`, 'unsupported');
  }
  return convertModelConfig(cleaned, registeredClassNames());
}
