"""Generate TF.js graph-model fixtures whose output ends ``Softmax -> Identity``, with TensorFlow oracles.

What it does
------------
* Trains one small real Keras 3 CNN (Conv-ReLU-MaxPool x2, Conv-ReLU, global average pooling, Dense(10), softmax)
  on the bundled sample set (``samples/data/images/*.png``, 250 RGB 64x64, 10 classes), seed 2019, so predictions
  differ per image.
* Freezes two classifier heads over the same trained weights into GraphDefs (``tf.function`` -> concrete function ->
  ``convert_variables_to_constants_v2``):

  - ``gap-softmax-identity``: the Keras model itself (GlobalAveragePooling2D = ``Mean`` over H, W; Dense; Softmax);
    the concrete function's output is an ``Identity`` of the Softmax, as in every graph tensorflowjs_converter writes
    from a SavedModel signature;
  - ``avgpool-squeeze-matmul``: the same feature map, then ``tf.nn.avg_pool2d`` over the whole map -> ``Squeeze``
    -> ``MatMul`` -> ``BiasAdd`` -> ``Softmax`` -> ``Identity`` (the head TF-Slim / TF-Hub style models carry).

* Optimises each GraphDef the way tensorflowjs_converter 4.x does (``tf_saved_model_conversion_v2.optimize_graph``):
  Grappler ``pruning, constfold, arithmetic, dependency`` (twice), then Conv2D/MatMul placed on CPU and Grappler
  ``remap, constfold, arithmetic, dependency`` (which fuses Conv2D+BiasAdd+Relu into ``_FusedConv2D`` and
  MatMul+BiasAdd into ``_FusedMatMul``). The converter's own passes for batch norm, PReLU and depthwise convolutions
  have nothing to do in these graphs. tensorflowjs itself is not installable here, so the converter's artifact
  writing is re-implemented: every ``Const`` node's value goes to ``group1-shard1of1.bin`` (float32/int32,
  little-endian, in node order) and is cleared from the node, ``modelTopology`` is ``MessageToDict(graph_def)``,
  ``signature`` is ``MessageToDict(signature_def)``, and ``weightsManifest`` lists ``{name, shape, dtype}``.
* Checks each written model.json by rebuilding the GraphDef from the JSON and the .bin (``ParseDict``) and running it
  in TensorFlow: its probabilities must equal the Keras model's (max abs diff <= 1e-5).
* Writes ``oracle.json``: four sample images, the first of classes 0-3 (``x01``), their labels, and per variant the logits,
  probabilities (TensorFlow's softmax), the feature node's name and shape, and Grad-CAM maps computed with
  ``tf.GradientTape`` on the Keras model (A = the feature map feeding the pooling; targets = the true labels;
  alpha = spatial mean of d logit_c / dA; map = ReLU(sum_k alpha_k A_k); no upsampling). Float arrays are
  ``{shape, base64}`` little-endian float32, as in ``test/fixtures/keras``.
* Writes ``summary.json`` (versions, ops of each graph, output tail, file sizes, the round-trip check).

How to run
----------
From the repository root::

    python3 -m venv /tmp/kvenv
    /tmp/kvenv/bin/pip install tensorflow-cpu keras numpy pillow   # local pip mirror
    /tmp/kvenv/bin/python scripts/graph-fixtures/make_graph_fixtures.py

Output: ``test/fixtures/graph-softmax-tail/`` (overwritten). Deterministic on one machine (seed 2019, 2 threads,
TF op determinism, oneDNN off).
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # plain Eigen kernels: run-to-run stable

import base64
import importlib.metadata as md
import json
import sys
import platform
import random
from pathlib import Path

import numpy as np
import tensorflow as tf
from google.protobuf.json_format import MessageToDict, ParseDict
from tensorflow.core.framework import graph_pb2
from tensorflow.core.protobuf import config_pb2, device_properties_pb2, meta_graph_pb2
from tensorflow.python.framework import convert_to_constants
from tensorflow.python.grappler import cluster as gcluster
from tensorflow.python.grappler import tf_optimizer
from tensorflow.python.training.saver import export_meta_graph

tf.config.threading.set_intra_op_parallelism_threads(2)
tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.experimental.enable_op_determinism()

import keras  # noqa: E402
from keras import layers  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from sample_set import load_sample_set  # noqa: E402  (scripts/sample_set.py, shared by the fixture scripts)
OUT = ROOT / "test" / "fixtures" / "graph-softmax-tail"
SEED = 2019
SIZE = 64
NUM_CLASSES = 10
N_ORACLE = 4
EPOCHS = 150
BATCH = 32
LR = 3e-3
ROUND_TRIP_TOL = 1e-5
SHARD = "group1-shard1of1.bin"
# The Const value fields tensorflowjs_converter clears once a value is written to the weights file.
CLEARED_TENSOR_FIELDS = (
    "tensor_content", "half_val", "float_val", "double_val", "int_val", "string_val", "scomplex_val", "int64_val",
    "bool_val", "resource_handle_val", "variant_val", "uint32_val", "uint64_val")
TFJS_DTYPES = {np.dtype("float32"): "float32", np.dtype("int32"): "int32"}


def seed_all() -> None:
    random.seed(SEED)
    np.random.seed(SEED)
    keras.utils.set_random_seed(SEED)




def oracle_indices(y: np.ndarray) -> list[int]:
    """The first sample image of each of the first N_ORACLE classes, so the oracle images differ in class."""
    return [int(np.flatnonzero(y == c)[0]) for c in range(N_ORACLE)]


def build_model() -> keras.Model:
    inp = keras.Input((SIZE, SIZE, 3), name="input")
    x = layers.Conv2D(8, 3, padding="same", activation="relu", name="conv1")(inp)
    x = layers.MaxPooling2D(2, name="pool1")(x)
    x = layers.Conv2D(16, 3, padding="same", activation="relu", name="conv2")(x)
    x = layers.MaxPooling2D(2, name="pool2")(x)
    x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv3")(x)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    x = layers.Dense(NUM_CLASSES, name="logits")(x)
    out = layers.Softmax(name="predictions")(x)
    return keras.Model(inp, out, name="smallcnn")


# --------------------------------------------------------------------------
# the two heads as TensorFlow functions of an NHWC batch
# --------------------------------------------------------------------------
def keras_head(model: keras.Model):
    """Variant (a): the Keras model as it is (GlobalAveragePooling2D -> Dense -> Softmax)."""
    return lambda x: model(x, training=False)


def avgpool_head(model: keras.Model):
    """Variant (b): the same feature map, pooled by an AvgPool over the whole map, squeezed, then MatMul + BiasAdd."""
    features = keras.Model(model.input, model.get_layer("conv3").output)
    dense = model.get_layer("logits")
    kernel = tf.Variable(dense.kernel.numpy(), name="dense_kernel")
    bias = tf.Variable(dense.bias.numpy(), name="dense_bias")
    feature_size = features.output.shape[1:3]

    def head(x):
        pooled = tf.nn.avg_pool2d(features(x, training=False), ksize=feature_size, strides=feature_size, padding="VALID")
        logits = tf.nn.bias_add(tf.matmul(tf.squeeze(pooled, axis=[1, 2]), kernel), bias)
        return tf.nn.softmax(logits)

    head.variables = [kernel, bias]  # keep the variables alive while the function is traced
    return head


# --------------------------------------------------------------------------
# freezing and the tensorflowjs_converter optimisation passes
# --------------------------------------------------------------------------
def freeze(head):
    """Concrete function with input 'input' [?, 64, 64, 3] -> frozen graph, its SignatureDef and output node names."""
    spec = tf.TensorSpec([None, SIZE, SIZE, 3], tf.float32, name="input")
    concrete = tf.function(head).get_concrete_function(spec)
    frozen = convert_to_constants.convert_variables_to_constants_v2(concrete)
    graph = frozen.graph
    inputs = [t for t in frozen.inputs if t.dtype != tf.resource]
    signature = meta_graph_pb2.SignatureDef(method_name="tensorflow/serving/predict")
    for key, tensors in (("input", inputs), ("output_0", frozen.outputs)):
        for t in tensors:
            info = signature.inputs[key] if key == "input" else signature.outputs[key]
            info.name = t.name
            info.dtype = t.dtype.as_datatype_enum
            info.tensor_shape.CopyFrom(t.shape.as_proto())
    return graph, signature


def grappler_cluster():
    """The GPU-typed cluster tensorflowjs_converter hands Grappler (tf_saved_model_conversion_v2.get_cluster)."""
    device = device_properties_pb2.NamedDevice()
    device.name = "/GPU:0"
    device.properties.type = "GPU"
    device.properties.environment["architecture"] = "4"
    return gcluster.Cluster(devices=[device])


def run_grappler(optimizers, graph_def, graph, signature):
    config = config_pb2.ConfigProto()
    config.graph_options.rewrite_options.optimizers[:] = optimizers
    meta_graph = export_meta_graph(graph_def=graph_def, graph=graph)
    meta_graph.signature_def["not_used_key"].CopyFrom(signature)
    return tf_optimizer.OptimizeGraph(config, meta_graph, cluster=grappler_cluster())


def optimize_like_converter(graph, signature) -> graph_pb2.GraphDef:
    """tensorflowjs_converter's optimize_graph for a graph without batch norm, PReLU or depthwise convolutions."""
    for output in signature.outputs.values():
        graph.add_to_collection("train_op", graph.get_operation_by_name(output.name.split(":")[0]))
    graph_def = graph.as_graph_def()
    first = ["pruning", "constfold", "arithmetic", "dependency"] * 2
    optimized = run_grappler(first, graph_def, graph, signature)
    for node in optimized.node:
        if node.op in ("Conv2D", "MatMul"):
            node.device = "/device:CPU:0"  # the remapper fuses Conv2D/MatMul only on CPU
    return run_grappler(["remap", "constfold", "arithmetic", "dependency"], optimized, graph, signature)


# --------------------------------------------------------------------------
# the TF.js graph-model artifacts
# --------------------------------------------------------------------------
def extract_weights(graph_def: graph_pb2.GraphDef):
    """Moves every Const value out of the graph (as tensorflowjs_converter's extract_const_nodes): [(name, array)]."""
    weights = []
    for node in graph_def.node:
        if node.op != "Const":
            continue
        value = tf.make_ndarray(node.attr["value"].tensor)
        if value.dtype not in TFJS_DTYPES:
            raise ValueError(f"{node.name}: dtype {value.dtype} is not written by this script")
        weights.append((node.name, value))
        for field in CLEARED_TENSOR_FIELDS:
            node.attr["value"].tensor.ClearField(field)
    return weights


def write_graph_model(graph_def: graph_pb2.GraphDef, signature, out_dir: Path) -> dict:
    """model.json + group1-shard1of1.bin as tensorflowjs_converter's write_artifacts lays them out."""
    out_dir.mkdir(parents=True, exist_ok=True)
    graph_def = graph_pb2.GraphDef.FromString(graph_def.SerializeToString())
    weights = extract_weights(graph_def)
    (out_dir / SHARD).write_bytes(b"".join(np.ascontiguousarray(v).astype(v.dtype.newbyteorder("<")).tobytes()
                                           for _, v in weights))
    model_json = {
        "format": "graph-model",
        "generatedBy": tf.__version__,
        "convertedBy": "scripts/graph-fixtures/make_graph_fixtures.py (tensorflowjs_converter 4.x graph-model layout)",
        "signature": MessageToDict(signature),
        "modelTopology": MessageToDict(graph_def),
        "weightsManifest": [{
            "paths": [SHARD],
            "weights": [{"name": n, "shape": list(v.shape), "dtype": TFJS_DTYPES[v.dtype]} for n, v in weights],
        }],
    }
    (out_dir / "model.json").write_text(json.dumps(model_json))
    return model_json


def read_back(out_dir: Path) -> graph_pb2.GraphDef:
    """Rebuilds the GraphDef from model.json and the shard, the way a TF.js loader sees them."""
    model_json = json.loads((out_dir / "model.json").read_text())
    graph_def = ParseDict(model_json["modelTopology"], graph_pb2.GraphDef())
    data = (out_dir / SHARD).read_bytes()
    offset = 0
    values = {}
    for entry in model_json["weightsManifest"][0]["weights"]:
        count = int(np.prod(entry["shape"], dtype=np.int64))
        values[entry["name"]] = np.frombuffer(data, dtype="<" + entry["dtype"][0] + "4", count=count,
                                              offset=offset).reshape(entry["shape"])
        offset += 4 * count
    assert offset == len(data), "weights manifest does not cover the shard"
    for node in graph_def.node:
        if node.op == "Const":
            node.attr["value"].tensor.CopyFrom(tf.make_tensor_proto(values[node.name]))
    return graph_def


def run_graph_def(graph_def: graph_pb2.GraphDef, signature, x: np.ndarray) -> np.ndarray:
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
    with tf.compat.v1.Session(graph=graph) as session:
        return session.run(signature.outputs["output_0"].name, {signature.inputs["input"].name: x})


def head_nodes(graph_def: graph_pb2.GraphDef, signature) -> dict:
    """The output tail (ops from the output back to the pooling) and the names of its softmax, logits, dense, pooling and
    feature nodes."""
    by_name = {n.name: n for n in graph_def.node}
    node = by_name[signature.outputs["output_0"].name.split(":")[0]]
    names = {"outputNode": node.name}
    tail = []
    while node.op not in ("Mean", "AvgPool"):
        tail.append(node.op)
        data_inputs = [i for i in node.input if not i.startswith("^") and by_name[i.split(":")[0]].op != "Const"]
        child, node = node, by_name[data_inputs[0].split(":")[0]]
        if child.op == "Softmax":
            names.update(softmaxNode=child.name, logitsNode=node.name)
        if node.op in ("MatMul", "_FusedMatMul"):
            names["denseNode"] = node.name
    tail.append(node.op)
    return {"outputTail": tail, **names, "poolingNode": node.name, "featureNode": node.input[0].split(":")[0]}


# --------------------------------------------------------------------------
# oracles
# --------------------------------------------------------------------------
def pack(a: np.ndarray) -> dict:
    a = np.ascontiguousarray(a, dtype="<f4")
    return {"shape": list(a.shape), "base64": base64.b64encode(a.tobytes()).decode("ascii")}


def softmax64(z: np.ndarray) -> np.ndarray:
    z = z.astype(np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def gradcam_maps(model: keras.Model, x: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Grad-CAM at conv3 (the map feeding the pooling): ReLU(sum_k mean_ij(d logit_c / dA_k) A_k), [N, H, W]."""
    split = keras.Model(model.input, [model.get_layer("conv3").output, model.get_layer("logits").output])
    with tf.GradientTape() as tape:
        a, z = split(tf.constant(x), training=False)
        score = tf.reduce_sum(tf.gather(z, tf.constant(targets), axis=1, batch_dims=1))
    g = tape.gradient(score, a).numpy()
    alpha = g.mean(axis=(1, 2), keepdims=True)
    return np.maximum((alpha * a.numpy()).sum(axis=3), 0.0)


def versions() -> dict:
    def version(name):
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return None
    return {"python": platform.python_version(), "tensorflow": tf.__version__, "tensorflow-cpu": version("tensorflow-cpu"),
            "keras": keras.__version__, "numpy": np.__version__, "pillow": version("pillow"),
            "protobuf": version("protobuf"), "tensorflowjs": version("tensorflowjs")}


def main() -> None:
    seed_all()
    ids, x01, y = load_sample_set()
    model = build_model()
    model.compile(optimizer=keras.optimizers.Adam(LR), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x01, y, epochs=EPOCHS, batch_size=BATCH, shuffle=True, verbose=0)
    train_accuracy = float((model.predict(x01, verbose=0).argmax(axis=1) == y).mean())

    picked = oracle_indices(y)
    x = x01[picked]
    labels = y[picked]
    logits_model = keras.Model(model.input, model.get_layer("logits").output)
    logits = logits_model(x, training=False).numpy()
    probabilities = model(x, training=False).numpy()
    maps = gradcam_maps(model, x, labels)

    OUT.mkdir(parents=True, exist_ok=True)
    oracle = {"versions": versions(), "imageIds": [ids[i] for i in picked], "labels": labels.tolist(), "x01": pack(x),
              "gradcamTargets": "labels", "variants": {}}
    summary = {"versions": versions(), "model": "smallcnn", "parameters": int(model.count_params()),
               "epochs": EPOCHS, "trainAccuracy": round(train_accuracy, 4), "variants": {}}
    for name, head in (("gap-softmax-identity", keras_head(model)), ("avgpool-squeeze-matmul", avgpool_head(model))):
        graph, signature = freeze(head)
        optimized = optimize_like_converter(graph, signature)
        write_graph_model(optimized, signature, OUT / name)
        round_trip = run_graph_def(read_back(OUT / name), signature, x)
        round_trip_diff = float(np.abs(round_trip - probabilities).max())
        assert round_trip_diff <= ROUND_TRIP_TOL, f"{name}: written graph differs from Keras by {round_trip_diff}"
        nodes = head_nodes(optimized, signature)
        assert nodes["outputTail"][:2] == ["Identity", "Softmax"], f"{name}: tail {nodes['outputTail']}"
        feature_shape = list(maps.shape[1:]) + [int(model.get_layer("conv3").output.shape[-1])]
        oracle["variants"][name] = {
            **nodes, "featureShape": feature_shape,
            "logits": pack(logits),
            "probabilities": pack(softmax64(logits)),
            "gradcam": pack(maps),
        }
        files = {f.name: f.stat().st_size for f in sorted((OUT / name).iterdir())}
        summary["variants"][name] = {
            **nodes, "ops": sorted({n.op for n in optimized.node}), "nodeCount": len(optimized.node),
            "files": files, "roundTripMaxAbsDiff": round_trip_diff,
            "roundTripCheck": "GraphDef rebuilt from model.json + shard (ParseDict), run in TensorFlow, "
                              "compared with the Keras model's probabilities",
        }
        print(f"{name}: tail {' <- '.join(nodes['outputTail'])}, feature {nodes['featureNode']}, "
              f"round trip {round_trip_diff:.2e}, files {files}")
    (OUT / "oracle.json").write_text(json.dumps(oracle, indent=1))
    summary["oracleBytes"] = (OUT / "oracle.json").stat().st_size
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1))
    print("probabilities (max per image):", probabilities.max(axis=1).round(4).tolist(),
          "predicted:", probabilities.argmax(axis=1).tolist(), "labels:", labels.tolist(),
          "train accuracy:", round(train_accuracy, 4))


if __name__ == "__main__":
    main()
