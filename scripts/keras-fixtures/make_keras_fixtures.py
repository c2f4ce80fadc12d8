"""Generate the Keras test fixtures and their oracle files.

What it does
------------
* Reads the bundled sample set (``samples/data/images/*.png``, 250 RGB 64x64,
  10 classes) and builds seven small, real Keras 3 architectures (three from
  ``keras.applications`` constructors, four by hand with stock Keras layers),
  input 64x64x3, 10 classes, ``weights=None``.
* Trains each briefly (Adam, a few epochs, seed 2019) so weights and
  predictions are non-trivial, then re-estimates the BatchNormalization moving
  statistics on the whole set in one pass (the applications use momentum
  0.99/0.999, so a few dozen steps would leave them near their initial 0/1).
* Saves each model without optimizer state as ``<arch>.keras`` (Keras 3 native
  zip) and ``<arch>.h5`` (legacy HDF5), reloads both with Keras and checks the
  probabilities against the in-memory model (max abs diff <= 1e-5).
* Writes ``<arch>.oracle.json`` per architecture (same packed-array convention
  as ``test/fixtures/onnx``: ``{shape, base64}`` float32 little-endian):
  inputs, logits, probabilities, Grad-CAM maps (before upsampling and
  normalisation, targets = true labels), input gradients and FGSM results for
  the first four sample images, computed by Keras/TensorFlow (GradientTape).

How to run
----------
From the repository root, with a virtual environment built from the local pip
mirror::

    python3 -m venv /tmp/kvenv
    /tmp/kvenv/bin/pip install tensorflow-cpu keras h5py numpy pillow
    /tmp/kvenv/bin/python scripts/keras-fixtures/make_keras_fixtures.py [arch ...]   # named ones only, merged into summary.json

Output: ``test/fixtures/keras/`` (overwritten).  Numerically deterministic on
one machine (seed 2019, 2 threads, TF op determinism); the ``.keras`` zips
carry a save date in ``metadata.json``, so their bytes differ between runs.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # plain Eigen kernels: run-to-run stable

import base64
import importlib.metadata as md
import json
import platform
import random
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(2)
tf.config.threading.set_inter_op_parallelism_threads(1)

import keras  # noqa: E402
from keras import layers  # noqa: E402
from keras.src.applications import efficientnet as keras_efficientnet  # noqa: E402  (generic constructor)

warnings.filterwarnings("ignore")
tf.get_logger().setLevel("ERROR")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from sample_set import load_sample_set  # noqa: E402  (scripts/sample_set.py, shared by the fixture scripts)
OUT = ROOT / "test" / "fixtures" / "keras"
SEED = 2019
N_ORACLE = 4
# Epochs per architecture: the small hand-made models need more steps (250 images = 8 batches per epoch).
EPOCHS = {"mobilenetv2": 15, "mobilenettop": 15, "mobilenetv3small": 10, "efficientnet": 10, "resnetv2": 15, "densenet": 20,
          "convnext": 30, "plaincnn": 40}
BATCH = 32
LR = 2e-3
NUM_CLASSES = 10
SIZE = 64
EPS = 8.0 / 255.0
RELOAD_TOL = 1e-5


def seed_all(seed: int = SEED) -> None:
    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)


tf.config.experimental.enable_op_determinism()


# --------------------------------------------------------------------------
# models.  Each builder returns (model, meta); meta["featureLayer"] is the
# layer whose output feeds the GlobalAveragePooling2D (Grad-CAM layer) and
# meta["inputScale"] says what the model is fed: "unit" = x01, "raw255" =
# x01 * 255.
# --------------------------------------------------------------------------
def build_mobilenetv2():
    inp = keras.Input((SIZE, SIZE, 3), name="input")
    base = keras.applications.MobileNetV2(input_tensor=inp, alpha=0.35, include_top=False, weights=None)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(base.output)
    out = layers.Dense(NUM_CLASSES, name="logits")(x)
    model = keras.Model(inp, out, name="mobilenetv2")
    return model, {
        "featureLayer": "out_relu",
        "inputScale": "unit",
        "constructor": "keras.applications.MobileNetV2(input_tensor=Input((64,64,3)), alpha=0.35, "
                       "include_top=False, weights=None) + GlobalAveragePooling2D('avg_pool') + Dense(10, 'logits')",
        "inputNote": "no preprocessing layers inside; trained and evaluated on x01 in [0, 1] "
                     "(keras.applications.mobilenet_v2.preprocess_input would map to [-1, 1]; not used)",
    }


def build_mobilenetv3():
    inp = keras.Input((SIZE, SIZE, 3), name="input")
    base = keras.applications.MobileNetV3Small(input_tensor=inp, alpha=0.75, minimalistic=False, include_top=False,
                                               weights=None, include_preprocessing=True)
    feat = base.layers[-1].name  # the last hard-swish Activation (auto-named)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(base.output)
    x = layers.Dense(NUM_CLASSES, name="logits")(x)
    out = layers.Activation("softmax", name="predictions")(x)
    model = keras.Model(inp, out, name="mobilenetv3small")
    return model, {
        "featureLayer": feat,
        "inputScale": "raw255",
        "constructor": "keras.applications.MobileNetV3Small(input_tensor=Input((64,64,3)), alpha=0.75, "
                       "minimalistic=False, include_top=False, weights=None, include_preprocessing=True) + "
                       "GlobalAveragePooling2D('avg_pool') + Dense(10, 'logits') + Activation('softmax', "
                       "'predictions')",
        "inputNote": "first layer Rescaling(scale=1/127.5, offset=-1): expects raw 0..255 pixels and maps them to "
                     "[-1, 1]; the oracle feeds x01*255",
    }


EFFNET_WIDTH = 0.25
EFFNET_DEPTH = 0.5


def build_efficientnet(x01_train):
    inp = keras.Input((SIZE, SIZE, 3), name="input")
    # keras.applications.EfficientNetB0 is this constructor with width=depth=1.0
    # (4.05M parameters at 64x64 without top: ~16 MB per file, ~33 MB for both
    # formats -- over the fixture budget).  Same code, B0 block arguments,
    # width EFFNET_WIDTH / depth EFFNET_DEPTH.
    base = keras_efficientnet.EfficientNet(EFFNET_WIDTH, EFFNET_DEPTH, default_size=SIZE, input_tensor=inp,
                                           include_top=False, weights=None, name="efficientnet")
    norm = [l for l in base.layers if isinstance(l, layers.Normalization)]
    assert len(norm) == 1
    # weights=None leaves the Normalization layer at mean 0 / variance 1; adapt
    # it to the data it sees (x01, i.e. after its Rescaling(1/255)) so that it
    # does real work, as the ImageNet weights' layer does.
    norm[0].adapt(x01_train)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(base.output)
    out = layers.Dense(NUM_CLASSES, name="logits")(x)
    model = keras.Model(inp, out, name="efficientnet")
    return model, {
        "featureLayer": "top_activation",
        "inputScale": "raw255",
        "constructor": f"keras.src.applications.efficientnet.EfficientNet(width_coefficient={EFFNET_WIDTH}, "
                       f"depth_coefficient={EFFNET_DEPTH}, default_size=64, input_tensor=Input((64,64,3)), "
                       "include_top=False, weights=None) (the constructor behind EfficientNetB0..B7; B0 block "
                       "arguments, swish, SE, drop-connect) + GlobalAveragePooling2D('avg_pool') + Dense(10, "
                       "'logits'); its Normalization layer adapted on the 250 images in [0, 1]",
        "inputNote": "first layers Rescaling(scale=1/255, offset=0) then Normalization(axis=-1, mean/variance "
                     "adapted on x01 of the 250 sample images; y = (x - mean) / sqrt(variance)): expects raw "
                     "0..255 pixels; the oracle feeds x01*255",
    }


def build_resnetv2():
    """Small ResNetV2: pre-activation BN-ReLU-Conv basic blocks (Keras ResNetV2 naming style)."""
    inp = keras.Input((SIZE, SIZE, 3), name="input")
    x = layers.ZeroPadding2D(1, name="conv1_pad")(inp)
    x = layers.Conv2D(16, 3, name="conv1_conv")(x)
    x = layers.ZeroPadding2D(1, name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)  # 32x32, Keras ResNetV2 style padding

    def block(x, filters, stride, name):
        preact = layers.BatchNormalization(epsilon=1.001e-5, name=name + "_preact_bn")(x)
        preact = layers.Activation("relu", name=name + "_preact_relu")(preact)
        if stride != 1 or x.shape[-1] != filters:
            shortcut = layers.Conv2D(filters, 1, strides=stride, name=name + "_0_conv")(preact)
        else:
            shortcut = x
        y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False, name=name + "_1_conv")(preact)
        y = layers.BatchNormalization(epsilon=1.001e-5, name=name + "_1_bn")(y)
        y = layers.Activation("relu", name=name + "_1_relu")(y)
        y = layers.Conv2D(filters, 3, padding="same", name=name + "_2_conv")(y)
        return layers.Add(name=name + "_out")([shortcut, y])

    x = block(x, 16, 1, "conv2_block1")
    x = block(x, 16, 1, "conv2_block2")
    x = block(x, 32, 2, "conv3_block1")
    x = block(x, 64, 2, "conv4_block1")
    x = layers.BatchNormalization(epsilon=1.001e-5, name="post_bn")(x)
    x = layers.Activation("relu", name="post_relu")(x)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    out = layers.Dense(NUM_CLASSES, name="logits")(x)
    model = keras.Model(inp, out, name="resnetv2")
    return model, {
        "featureLayer": "post_relu",
        "inputScale": "unit",
        "constructor": "by hand: ZeroPadding2D+Conv2D 3x3 stem, ZeroPadding2D(1)+MaxPooling2D(3, strides 2) "
                       "(Keras ResNetV2 stem style), 4 pre-activation basic blocks (BN-ReLU-Conv3x3-BN-ReLU-Conv3x3 "
                       "+ Add; projection shortcut Conv1x1 on the pre-activation), post BN-ReLU, "
                       "GlobalAveragePooling2D, Dense(10) logits",
        "inputNote": "no preprocessing layers; takes x01 in [0, 1]",
    }


def build_densenet():
    """Small DenseNet: BN-ReLU-Conv1x1-BN-ReLU-Conv3x3 + Concatenate, transition with AveragePooling2D."""
    growth = 12
    inp = keras.Input((SIZE, SIZE, 3), name="input")
    x = layers.ZeroPadding2D(3, name="zero_padding2d")(inp)
    x = layers.Conv2D(24, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(epsilon=1.001e-5, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(1, name="zero_padding2d_1")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)  # 16x16

    def conv_block(x, name):
        y = layers.BatchNormalization(epsilon=1.001e-5, name=name + "_0_bn")(x)
        y = layers.Activation("relu", name=name + "_0_relu")(y)
        y = layers.Conv2D(4 * growth, 1, use_bias=False, name=name + "_1_conv")(y)
        y = layers.BatchNormalization(epsilon=1.001e-5, name=name + "_1_bn")(y)
        y = layers.Activation("relu", name=name + "_1_relu")(y)
        y = layers.Conv2D(growth, 3, padding="same", use_bias=False, name=name + "_2_conv")(y)
        return layers.Concatenate(axis=3, name=name + "_concat")([x, y])

    def transition(x, name):
        x = layers.BatchNormalization(epsilon=1.001e-5, name=name + "_bn")(x)
        x = layers.Activation("relu", name=name + "_relu")(x)
        x = layers.Conv2D(int(x.shape[-1] * 0.5), 1, use_bias=False, name=name + "_conv")(x)
        return layers.AveragePooling2D(2, strides=2, name=name + "_pool")(x)

    for i in range(3):
        x = conv_block(x, f"conv2_block{i + 1}")
    x = transition(x, "pool2")  # 8x8
    for i in range(3):
        x = conv_block(x, f"conv3_block{i + 1}")
    x = layers.BatchNormalization(epsilon=1.001e-5, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    out = layers.Dense(NUM_CLASSES, name="logits")(x)
    model = keras.Model(inp, out, name="densenet")
    return model, {
        "featureLayer": "relu",
        "inputScale": "unit",
        "constructor": "by hand, Keras DenseNet naming: ZeroPadding2D(3)+Conv2D 7x7/2, BN, ReLU, "
                       "ZeroPadding2D(1)+MaxPooling2D(3, strides 2); 2 dense blocks of 3 conv blocks (growth 12, "
                       "BN-ReLU-Conv1x1-BN-ReLU-Conv3x3 + Concatenate) with a BN-ReLU-Conv1x1-AveragePooling2D(2) "
                       "transition; final BN-ReLU, GlobalAveragePooling2D, Dense(10) logits",
        "inputNote": "no preprocessing layers; takes x01 in [0, 1]",
    }


def build_convnext():
    """Small ConvNeXt: 4x4/4 patchify stem + LayerNorm, blocks DWConv7x7-LN-Dense-GELU-Dense + Add."""
    inp = keras.Input((SIZE, SIZE, 3), name="input")
    x = layers.Conv2D(32, 4, strides=4, name="stem_conv")(inp)  # 16x16
    x = layers.LayerNormalization(epsilon=1e-6, name="stem_layernorm")(x)

    def block(x, name):
        c = x.shape[-1]
        y = layers.DepthwiseConv2D(7, padding="same", name=name + "_depthwise_conv")(x)
        y = layers.LayerNormalization(epsilon=1e-6, name=name + "_layernorm")(y)
        y = layers.Dense(4 * c, name=name + "_pointwise_conv_1")(y)
        y = layers.Activation("gelu", name=name + "_gelu")(y)
        y = layers.Dense(c, name=name + "_pointwise_conv_2")(y)
        return layers.Add(name=name + "_add")([x, y])

    x = block(x, "stage_0_block_0")
    x = block(x, "stage_0_block_1")
    x = layers.LayerNormalization(epsilon=1e-6, name="downsampling_layernorm_1")(x)
    x = layers.Conv2D(64, 2, strides=2, name="downsampling_conv_1")(x)  # 8x8
    x = block(x, "stage_1_block_0")
    x = layers.GlobalAveragePooling2D(name="head_gap")(x)
    x = layers.LayerNormalization(epsilon=1e-6, name="head_layernorm")(x)
    out = layers.Dense(NUM_CLASSES, name="head_dense")(x)
    model = keras.Model(inp, out, name="convnext")
    return model, {
        "featureLayer": "stage_1_block_0_add",
        "inputScale": "unit",
        "constructor": "by hand, Keras ConvNeXt naming (without LayerScale, a custom layer): Conv2D 4x4/4 + "
                       "LayerNormalization stem; blocks DepthwiseConv2D 7x7 same, LayerNormalization(eps 1e-6), "
                       "Dense(4C), Activation('gelu') (exact erf GELU, keras.activations.gelu approximate=False), "
                       "Dense(C), Add; LayerNormalization + Conv2D 2x2/2 downsampling; GlobalAveragePooling2D, "
                       "LayerNormalization, Dense(10) logits",
        "inputNote": "no preprocessing layers; takes x01 in [0, 1]",
    }


def build_plaincnn():
    inp = keras.Input((SIZE, SIZE, 3), name="input")
    x = layers.Rescaling(1.0 / 255, name="rescaling")(inp)
    x = layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1")(x)
    x = layers.MaxPooling2D(2, name="pool1")(x)
    x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2")(x)
    x = layers.MaxPooling2D(2, name="pool2")(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu", name="conv3")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    out = layers.Dense(NUM_CLASSES, activation="softmax", name="predictions")(x)
    model = keras.Model(inp, out, name="plaincnn")
    return model, {
        "featureLayer": "conv3",
        "inputScale": "raw255",
        "constructor": "by hand: Rescaling(1/255), Conv2D(16,3,relu)+MaxPooling2D(2), Conv2D(32,3,relu)+"
                       "MaxPooling2D(2), Conv2D(64,3,relu), GlobalAveragePooling2D, Dense(10, activation='softmax')",
        "inputNote": "first layer Rescaling(scale=1/255, offset=0): expects raw 0..255 pixels; the oracle feeds "
                     "x01*255",
    }


def build_mobilenet_top():
    # keras.applications.MobileNet's own classifier head: GlobalAveragePooling2D(keepdims=True) -> Dropout ->
    # Conv2D(classes, 1x1, 'conv_preds') -> Reshape((classes,)) -> Activation('softmax', 'predictions'), whose
    # 1x1 maps must not be taken for the Grad-CAM layer.
    model = keras.applications.MobileNet(input_shape=(SIZE, SIZE, 3), alpha=0.25, include_top=True, weights=None,
                                         classes=NUM_CLASSES, dropout=1e-3)
    return model, {
        "featureLayer": "conv_pw_13_relu",
        "inputScale": "unit",
        "constructor": "keras.applications.MobileNet(input_shape=(64,64,3), alpha=0.25, include_top=True, "
                       "weights=None, classes=10): its own head, GlobalAveragePooling2D(keepdims=True) + Dropout + "
                       "Conv2D 1x1 'conv_preds' + Reshape + Activation('softmax')",
        "inputNote": "no preprocessing layers inside; trained and evaluated on x01 in [0, 1]",
    }


ARCHS = {
    "mobilenetv2": build_mobilenetv2,
    "mobilenettop": build_mobilenet_top,
    "mobilenetv3small": build_mobilenetv3,
    "efficientnet": build_efficientnet,
    "resnetv2": build_resnetv2,
    "densenet": build_densenet,
    "convnext": build_convnext,
    "plaincnn": build_plaincnn,
}


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def b64(a) -> dict:
    a = np.ascontiguousarray(np.asarray(a, dtype="<f4"))
    return {"shape": list(a.shape), "base64": base64.b64encode(a.tobytes()).decode("ascii")}


def softmax64(logits: np.ndarray) -> np.ndarray:
    z = logits.astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def scale_of(meta) -> float:
    return 255.0 if meta["inputScale"] == "raw255" else 1.0


def output_kind(model):
    """How the model's output relates to logits: 'logits', 'activation-softmax' or 'dense-softmax'."""
    last = model.layers[-1]
    act = last.get_config().get("activation")
    if isinstance(last, layers.Activation) and act == "softmax":
        return "activation-softmax"
    if isinstance(last, layers.Dense) and act == "softmax":
        return "dense-softmax"
    assert act in (None, "linear"), f"unexpected final activation {act}"
    return "logits"


class LogitsModel:
    """Callable x -> (feature map A, logits) built from the trained model's own layers/weights."""

    def __init__(self, model, feature_layer: str):
        self.kind = output_kind(model)
        last = model.layers[-1]
        pre = model.output if self.kind == "logits" else last.input
        self.sub = keras.Model(model.inputs, [model.get_layer(feature_layer).output, pre])
        self.dense = last if self.kind == "dense-softmax" else None

    def __call__(self, x):
        a, z = self.sub(x, training=False)
        if self.dense is not None:  # pre-activation of Dense(activation='softmax')
            z = tf.matmul(z, self.dense.kernel) + self.dense.bias
        return a, z


def logits_source(model) -> str:
    kind = output_kind(model)
    last = model.layers[-1].name
    return {
        "logits": f"model output (layer '{last}', linear)",
        "activation-softmax": f"input of the final Activation('softmax') layer '{last}'",
        "dense-softmax": f"pre-activation of the final Dense(activation='softmax') layer '{last}' "
                         "(input @ kernel + bias)",
    }[kind]


def bn_recalibrate(model, x):
    """One training-mode pass over all images with momentum 0: moving stats = population stats."""
    saved = []
    for l in model.layers:
        if isinstance(l, layers.BatchNormalization):
            saved.append((l, "momentum", l.momentum))
            l.momentum = 0.0
        elif isinstance(l, layers.Dropout):
            saved.append((l, "rate", l.rate))
            l.rate = 0.0
    if not any(isinstance(l, layers.BatchNormalization) for l, _, _ in saved):
        return 0
    model(tf.constant(x), training=True)
    for l, attr, v in saved:
        setattr(l, attr, v)
    return sum(1 for l, a, _ in saved if a == "momentum")


def train(model, meta, x01, y, name):
    kind = output_kind(model)
    xin = x01 * np.float32(scale_of(meta))
    model.compile(optimizer=keras.optimizers.Adam(LR),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=(kind == "logits")),
                  metrics=["accuracy"])
    epochs = EPOCHS[name]
    hist = model.fit(xin, y, batch_size=BATCH, epochs=epochs, shuffle=True, verbose=0)
    for e, (l, a) in enumerate(zip(hist.history["loss"], hist.history["accuracy"])):
        if e == 0 or (e + 1) % 5 == 0 or e + 1 == epochs:
            print(f"  [{name}] epoch {e + 1}/{epochs} loss {l:.3f} fit-acc {a:.3f}")
    n_bn = bn_recalibrate(model, xin)
    out = model.predict(xin, batch_size=BATCH, verbose=0)
    acc = float((out.argmax(1) == y).mean())
    print(f"  [{name}] {n_bn} BatchNormalization layers re-estimated; inference-mode accuracy on the 250 images "
          f"{acc:.3f}")
    return acc, float(hist.history["accuracy"][-1])


def strip_optimizer(model):
    """Uncompiled copy with the same config and weights (so no optimizer state is saved)."""
    fresh = keras.Model.from_config(model.get_config())
    fresh.set_weights(model.get_weights())
    for l in fresh.layers:
        if isinstance(l, layers.Normalization):
            l.finalize_state()  # its mean/variance tensors are snapshots of the weights
    return fresh


def config_classes(model) -> list[str]:
    """module.class_name of every entry of the functional config (what a reader of the file sees)."""
    return sorted({f"{l.get('module')}.{l['class_name']}" for l in model.get_config()["layers"]})


def activations_used(model) -> list[str]:
    acts = set()
    for l in model.layers:
        a = l.get_config().get("activation")
        if isinstance(a, str):
            acts.add(a)
    return sorted(acts)


def first_layers(model, n: int = 3) -> list[dict]:
    res = []
    for l in model.layers[1:1 + n]:
        cfg = l.get_config()
        entry = {"name": l.name, "class": type(l).__name__}
        if isinstance(l, layers.Rescaling):
            entry["scale"] = cfg["scale"]
            entry["offset"] = cfg["offset"]
        elif isinstance(l, layers.Normalization):
            entry["axis"] = cfg["axis"]
            entry["mean"] = [float(v) for v in np.asarray(l.adapt_mean.numpy()).reshape(-1)]
            entry["variance"] = [float(v) for v in np.asarray(l.adapt_variance.numpy()).reshape(-1)]
            entry["formula"] = "(x - mean) / sqrt(variance) (Keras 3 Normalization; epsilon-clamped sqrt)"
        res.append(entry)
    return res


def versions() -> dict:
    def v(pkg):
        try:
            return md.version(pkg)
        except md.PackageNotFoundError:
            return None

    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "tensorflow-cpu": v("tensorflow-cpu"),
        "keras": keras.__version__,
        "kerasBackend": keras.backend.backend(),
        "h5py": v("h5py"),
        "numpy": np.__version__,
        "pillow": v("pillow"),
    }


# --------------------------------------------------------------------------
# per-architecture work
# --------------------------------------------------------------------------
def oracle_for(arch, model, meta, ids, x01_all, y_all, train_acc, fit_acc, files, reload):
    x01 = x01_all[:N_ORACLE]
    labels = y_all[:N_ORACLE]
    scale = np.float32(scale_of(meta))
    lm = LogitsModel(model, meta["featureLayer"])

    x_t = tf.constant(x01)
    a, logits = lm(x_t * scale)
    logits = logits.numpy()
    probs = softmax64(logits)
    out = model(x_t * scale, training=False).numpy()
    model_probs = out if lm.kind != "logits" else softmax64(out)
    d_probs = float(np.abs(model_probs - probs).max())
    assert d_probs < 1e-5, f"{arch}: logits route and model output disagree ({d_probs})"

    # Grad-CAM, targets = true labels
    targets = labels.astype(np.int64)
    with tf.GradientTape() as tape:
        a, z = lm(x_t * scale)
        score = tf.reduce_sum(tf.gather(z, targets, axis=1, batch_dims=1))
    grads = tape.gradient(score, a)
    assert grads is not None, f"{arch}: no gradient at the feature layer"
    a_np, g_np = a.numpy(), grads.numpy()  # NHWC
    alpha = g_np.mean(axis=(1, 2), keepdims=True)
    cam = np.maximum((alpha * a_np).sum(axis=3), 0.0)
    feat_layer = model.get_layer(meta["featureLayer"])
    gap_layers = [l for l in model.layers if isinstance(l, layers.GlobalAveragePooling2D)]
    assert gap_layers and gap_layers[-1].input._keras_history[0] is feat_layer, \
        f"{arch}: feature layer does not feed the GlobalAveragePooling2D"

    # input gradients w.r.t. x01 (before the x255 this script applies for raw255 models)
    xg = tf.Variable(x01)
    with tf.GradientTape() as tape:
        _, z = lm(xg * scale)
        loss = tf.reduce_sum(keras.losses.sparse_categorical_crossentropy(tf.constant(labels), z, from_logits=True))
    gx = tape.gradient(loss, xg).numpy()
    x_adv = np.clip(x01 + np.float32(EPS) * np.sign(gx), 0.0, 1.0).astype(np.float32)
    _, adv_logits = lm(tf.constant(x_adv) * scale)
    adv_probs = softmax64(adv_logits.numpy())

    return {
        "versions": versions(),
        "architecture": arch,
        "modelName": model.name,
        "constructor": meta["constructor"],
        "parameters": int(model.count_params()),
        "trainAccuracy": round(train_acc, 4),
        "trainAccuracyNote": f"inference-mode accuracy on the 250 sample images after {EPOCHS[arch]} epochs of Adam "
                             f"(lr {LR}, batch {BATCH}) and a BatchNormalization re-estimation pass; "
                             f"last-epoch fit accuracy {fit_acc:.4f}",
        "layerCount": len(model.layers),
        "layerCountNote": "len(model.layers), InputLayer included; the functional config may also hold "
                          "keras.src.ops.* operation nodes (see configClasses)",
        "layerClasses": sorted({type(l).__name__ for l in model.layers}),
        "configClasses": config_classes(model),
        "activations": activations_used(model),
        "files": files,
        "reload": reload,
        "inputSize": [SIZE, SIZE],
        "inputLayout": "NHWC",
        "inputScale": meta["inputScale"],
        "inputNote": meta["inputNote"],
        "firstLayers": first_layers(model),
        "outputKind": lm.kind,
        "logitsSource": logits_source(model),
        "imageIds": ids[:N_ORACLE],
        "labels": [int(v) for v in labels],
        "x01": b64(x01),
        "logits": b64(logits),
        "probabilities": b64(probs),
        "predictions": [int(v) for v in logits.argmax(1)],
        "gradcam": {
            "definition": "A = output of featureLayer (the input of the GlobalAveragePooling2D), y_c = target logit, "
                          "alpha_k = mean_{h,w} dy_c/dA_k, map = ReLU(sum_k alpha_k A_k); no upsampling, no "
                          "normalisation; tf.GradientTape, inference mode",
            "featureLayer": meta["featureLayer"],
            "featureLayerClass": type(feat_layer).__name__,
            "featureLayout": "NHWC",
            "featureShape": [int(v) for v in a_np.shape[1:]],
            "targetClasses": [int(v) for v in targets],
            "maps": b64(cam),
        },
        "inputGradients": {
            "loss": "sum over images of softmax cross-entropy of the logits w.r.t. labels",
            "wrt": "x01 NHWC in [0, 1], before the x255 applied outside the model for raw255 models",
            "values": b64(gx),
        },
        "fgsm": {
            "epsilon": EPS,
            "definition": "x_adv = clip(x01 + epsilon * sign(inputGradients), 0, 1), fed like x01",
            "predictions": [int(v) for v in adv_logits.numpy().argmax(1)],
            "probabilities": b64(adv_probs),
            "signZeros": int((gx == 0).sum()),
        },
    }


def save_and_reload(arch, model, meta, x01):
    """Save both formats, reload each with Keras and compare probabilities on the oracle images."""
    scale = np.float32(scale_of(meta))
    kind = output_kind(model)
    ref = model(tf.constant(x01) * scale, training=False).numpy()
    ref = ref if kind != "logits" else softmax64(ref)
    files, reload = {}, {}
    for fmt in ("keras", "h5"):
        path = OUT / f"{arch}.{fmt}"
        if path.exists():
            path.unlink()
        model.save(str(path))
        files[fmt] = {"file": path.name, "bytes": path.stat().st_size}
        entry = {}
        try:
            back = keras.models.load_model(str(path), compile=False)
            entry["method"] = "keras.models.load_model(path, compile=False)"
        except Exception as exc:  # noqa: BLE001
            # Only tolerated for the legacy format: Keras 3's HDF5 model loader cannot rebuild
            # keras.src.ops.* operation nodes that take a constant positional argument (e.g.
            # MobileNetV3's `x + 3.0`).  The weights are still checked, loaded into a model
            # rebuilt from the same config.
            assert fmt == "h5", f"{path.name}: load_model failed: {exc}"
            msg = str(exc).strip().splitlines()[0]
            print(f"  [{arch}] {path.name}: keras.models.load_model FAILED: {msg}")
            entry["loadModelError"] = f"{type(exc).__name__}: {msg}"
            back = keras.Model.from_config(model.get_config())
            back.load_weights(str(path))
            entry["method"] = "load_model failed; keras.Model.from_config(model config) + load_weights(path)"
        got = back(tf.constant(x01) * scale, training=False).numpy()
        got = got if kind != "logits" else softmax64(got)
        d = float(np.abs(got - ref).max())
        n_w = len(back.weights)
        assert n_w == len(model.weights), f"{path.name}: {n_w} weights after reload vs {len(model.weights)}"
        assert d <= RELOAD_TOL, f"{path.name}: reloaded probabilities differ by {d}"
        entry["loadModelOk"] = "loadModelError" not in entry
        entry["maxAbsDiffProbabilities"] = d
        reload[fmt] = entry
        print(f"  [{arch}] {path.name}: {path.stat().st_size} B, reload ({entry['method']}) max|dp| {d:.2e}")
    return files, reload


# --------------------------------------------------------------------------
README_HEAD = """# Keras fixtures

Generated by `scripts/keras-fixtures/make_keras_fixtures.py` -- do not edit by hand.
Regenerate from the repository root (~%(seconds)d s on 2 CPU cores):

```
python3 -m venv /tmp/kvenv
/tmp/kvenv/bin/pip install tensorflow-cpu keras h5py numpy pillow   # local pip mirror
/tmp/kvenv/bin/python scripts/keras-fixtures/make_keras_fixtures.py
```

Seven small, real Keras 3 functional models (input `input` [batch, 64, 64, 3] NHWC float32, 10 classes,
`weights=None`), trained for 10-40 epochs (column `epochs`; Adam %(lr)s, batch %(batch)d) on the 250 sample images in
`samples/data`, then one training-mode pass with BatchNormalization momentum 0 (moving statistics = statistics of
the 250 images; the applications use momentum 0.99/0.999, which a few dozen steps would leave near 0/1).
Not an accuracy claim. Every model is saved without optimizer state in two formats:

- `<arch>.keras` -- Keras 3 native format (zip: `config.json`, `metadata.json`, `model.weights.h5`);
- `<arch>.h5` -- legacy HDF5 (`model.save('x.h5')`: `model_config` attribute + `model_weights` group).

Both are reloaded with `keras.models.load_model(path, compile=False)` in the script and give the same
probabilities as the trained model on the oracle images (max abs diff <= 1e-5, `reload` in the oracle) -- except
`mobilenetv3small.h5`, which Keras 3 itself cannot load as a model (see Notes); its weights are checked by
`keras.Model.from_config(config)` + `load_weights('mobilenetv3small.h5')` instead. The functional models are flat
(no nested Model). Numerically deterministic on one machine (seed 2019, 2 threads, TF op determinism, oneDNN
off); the `.keras` bytes differ between runs (save date in `metadata.json`).

`<arch>.oracle.json` (computed by Keras/TensorFlow, tf.GradientTape) holds, for the first 4 sample images:
`x01` (NHWC, k/255), `labels`, `inputScale`, `logits`, `probabilities` (float64 softmax of the logits, stored as
float32), `gradcam` (A = output of `featureLayer`, the layer feeding GlobalAveragePooling2D; targets = the TRUE
labels; alpha = spatial mean of d logit_c / dA; map = ReLU(sum_k alpha_k A_k); no upsampling/normalisation;
maps [N, H, W]), `inputGradients` (d sum-CE / d x01 -- with respect to x01 even where the model is fed x01*255),
`fgsm` (eps 8/255 on x01), plus `versions`, `architecture`, `parameters`, `trainAccuracy`, `layerCount`
(len(model.layers), InputLayer included), `layerClasses` (sorted Keras layer classes), `configClasses`
(`module.class_name` of the entries in the saved functional config -- includes `keras.src.ops.numpy.*` operation
nodes where the constructor applies `+`/`*` to tensors, e.g. MobileNetV3's hard-sigmoid), `activations` (activation
strings in layer configs), `firstLayers` (Rescaling/Normalization parameters), `files`, `reload`.
Float arrays are `{shape, base64}` little-endian float32, as in `test/fixtures/onnx`.

`inputScale`: `unit` = the model takes x01 in [0, 1]; `raw255` = the model's first layer is a Rescaling and it
expects raw 0..255 pixels (the oracle feeds x01*255). Where the model ends in softmax (`outputKind`
`activation-softmax` or `dense-softmax`), `logits` is the input of that softmax (`logitsSource`).
`summary.json` is a machine-readable summary of the table below.

"""


def write_readme(summary: dict, seconds: float) -> None:
    lines = [README_HEAD % {"lr": LR, "batch": BATCH, "seconds": round(seconds, -1)}]
    lines.append("## Models\n")
    lines.append("| arch | params | .keras bytes | .h5 bytes | inputScale | output | featureLayer (shape HWC) | "
                 "epochs | train acc | layers | layer classes |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for arch, i in summary["architectures"].items():
        lines.append(f"| {arch} | {i['parameters']} | {i['files']['keras']['bytes']} | {i['files']['h5']['bytes']} | "
                     f"{i['inputScale']} | {i['outputKind']} | `{i['featureLayer']}` {i['featureShape']} | "
                     f"{EPOCHS[arch]} | {i['trainAccuracy']} | {i['layerCount']} | {', '.join(i['layerClasses'])} |")
    lines.append("")
    lines.append("## How each model was built\n")
    for arch, i in summary["architectures"].items():
        lines.append(f"- **{arch}**: {i['constructor']}. Input: {i['inputNote']}.")
    lines.append("")
    lines.append("## Notes\n")
    lines.append("- EfficientNet: `keras.applications.EfficientNetB0` itself has 4.05M parameters at 64x64 without "
                 "top (about 16 MB per file, 33 MB for both formats, over the ~15 MB budget of this folder), so "
                 f"`efficientnet` is the same Keras constructor (`EfficientNet(width_coefficient={EFFNET_WIDTH}, "
                 f"depth_coefficient={EFFNET_DEPTH})`, B0 block arguments): same layer types, Rescaling + "
                 "Normalization inside. Its Normalization layer is adapted on the images in [0, 1] "
                 "(weights=None would leave it at mean 0 / variance 1); values in `firstLayers`.")
    lines.append("- MobileNetV3Small: `include_top=False` with its own GlobalAveragePooling2D + Dense + separate "
                 "Activation('softmax') head (the applications top adds a 432->1024 1x1 conv, 440k parameters). "
                 "hard-swish is built as `Activation('hard_swish')` but serialised with `\"activation\": \"hard_silu\"` "
                 "(the Keras 3 alias); hard-sigmoid in the squeeze-excite is `ReLU(max_value=6)(x + 3) * (1/6)`, "
                 "whose `+ 3` and `* 1/6` are `keras.src.ops.numpy.Add`/`Multiply` operation nodes in the "
                 "functional config (constant operand in the node's args), not layers. Keras 3's legacy HDF5 "
                 "loader cannot rebuild those nodes: `keras.models.load_model('mobilenetv3small.h5')` raises "
                 "`ValueError: Only input tensors may be passed as positional arguments ... 3.0` (the .keras file "
                 "loads fine). The .h5 is kept as a real-world file a reader has to handle.")
    lines.append("- EfficientNet: swish is serialised as `\"activation\": \"silu\"`, the SE gate as `sigmoid`; "
                 "drop-connect is `Dropout(noise_shape=(None, 1, 1, 1))` (identity at inference). Keras 3 "
                 "Normalization computes `(x - mean) / max(sqrt(variance), 1e-7)`.")
    lines.append("- MobileNetV2 has no preprocessing layer; it was trained on x01 (`unit`).")
    lines.append("- ConvNeXt: no LayerScale (a custom layer in keras.applications); GELU is exact (erf).")
    lines.append("")
    total = summary["totalBytes"]
    oracle_bytes = sum(i["files"]["oracle"]["bytes"] for i in summary["architectures"].values())
    model_bytes = sum(i["files"][f]["bytes"] for i in summary["architectures"].values() for f in ("keras", "h5"))
    lines.append(f"Total size of this folder: {total} bytes ({total / 1e6:.2f} MB): model files {model_bytes} bytes, "
                 f"oracles {oracle_bytes} bytes (each carries x01 and inputGradients, 4x64x64x3 float32 in base64).\n")
    lines.append("## Versions\n")
    lines.append(", ".join(f"{k} {v}" for k, v in summary["versions"].items()))
    lines.append("")
    (OUT / "README.md").write_text("\n".join(lines))


# --------------------------------------------------------------------------
def main():
    t0 = time.time()
    OUT.mkdir(parents=True, exist_ok=True)
    ids, x01, y = load_sample_set()
    print(f"loaded {len(ids)} images, x01 {x01.shape}, classes {sorted(set(y.tolist()))}")
    print("versions:", versions())
    # Named architectures (arguments) are rebuilt alone and merged into the existing summary; none rebuilds all.
    only = sys.argv[1:]
    unknown = [a for a in only if a not in ARCHS]
    assert not unknown, f"unknown architectures {unknown}; known: {list(ARCHS)}"
    summary = {"versions": versions(), "architectures": {}}
    if only and (OUT / "summary.json").exists():
        summary["architectures"] = json.loads((OUT / "summary.json").read_text())["architectures"]
    for arch, builder in ARCHS.items():
        if only and arch not in only:
            continue
        t1 = time.time()
        keras.backend.clear_session()  # deterministic auto-generated layer names
        seed_all()
        model, meta = builder(x01) if arch == "efficientnet" else builder()
        print(f"== {arch}: {model.count_params()} parameters, {len(model.layers)} layers")
        acc, fit_acc = train(model, meta, x01, y, arch)
        clean = strip_optimizer(model)
        files, reload = save_and_reload(arch, clean, meta, x01[:N_ORACLE])
        oracle = oracle_for(arch, clean, meta, ids, x01, y, acc, fit_acc, files, reload)
        (OUT / f"{arch}.oracle.json").write_text(json.dumps(oracle, indent=1) + "\n")
        files["oracle"] = {"file": f"{arch}.oracle.json", "bytes": (OUT / f"{arch}.oracle.json").stat().st_size}
        summary["architectures"][arch] = {k: oracle[k] for k in (
            "modelName", "constructor", "parameters", "trainAccuracy", "layerCount", "layerClasses", "configClasses",
            "activations", "inputScale", "inputNote", "firstLayers", "outputKind", "logitsSource", "reload")} | {
            "files": files,
            "featureLayer": oracle["gradcam"]["featureLayer"],
            "featureShape": oracle["gradcam"]["featureShape"],
            "predictions": oracle["predictions"],
            "fgsmPredictions": oracle["fgsm"]["predictions"],
            "seconds": round(time.time() - t1, 1),
        }
        print(f"  [{arch}] featureLayer {oracle['gradcam']['featureLayer']} {oracle['gradcam']['featureShape']}, "
              f"predictions {oracle['predictions']} (labels {oracle['labels']}), fgsm {oracle['fgsm']['predictions']}, "
              f"{time.time() - t1:.1f} s")
    seconds = time.time() - t0
    summary["seconds"] = round(seconds, 1)
    # sizes: everything except README/summary first, then the two of them
    summary["totalBytes"] = 0
    for _ in range(2):  # README/summary sizes feed back into the total; two passes settle it
        (OUT / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
        write_readme(summary, seconds)
        summary["totalBytes"] = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    write_readme(summary, seconds)
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"total size of {OUT.relative_to(ROOT)}: {total / 1e6:.2f} MB; {seconds:.0f} s")


if __name__ == "__main__":
    main()
