"""Generate the ONNX test fixtures and their oracle files.

What it does
------------
* Reads the bundled sample set (``samples/data/images/*.png``, 250 RGB 64x64,
  10 classes) and trains four small, real architectures on it for a few epochs
  (ResNet-style, MobileNetV3-style with normalisation baked into the graph,
  ConvNeXt-style and a tiny ViT).  The point is real, non-trivial weights and
  BatchNorm statistics, not accuracy.
* Exports every model with both PyTorch ONNX exporters (TorchScript, opset 13
  (17 for the ViT); torch.export/"dynamo", opset 18), dynamic batch axis.
  ``resnet-dynamo.onnx`` is saved with its weights in an external data file.
* Validates every file with ``onnx.checker`` and onnxruntime against torch.
* Writes ``<arch>.oracle.json`` per architecture: inputs, logits,
  probabilities, Grad-CAM maps (before upsampling/normalisation), input
  gradients and FGSM results for the first four sample images, plus the ONNX
  value name of the Grad-CAM feature map in each exported file (verified by
  running onnxruntime with that value exposed as an extra output).
* Writes tiny "bad input" models into ``test/fixtures/onnx/bad/``.

How to run
----------
From the repository root, with a virtual environment built from a local pip
mirror::

    python -m venv /tmp/venv
    /tmp/venv/bin/pip install torch torchvision onnx onnxscript onnxruntime numpy pillow
    /tmp/venv/bin/python scripts/onnx-fixtures/make_onnx_fixtures.py

torchvision itself is not imported (only its version is recorded), so a
torchvision wheel that does not match the installed torch does not matter.
Output: ``test/fixtures/onnx/`` (overwritten).  Deterministic on one machine
(seed 2019, 2 threads); takes a couple of minutes on 2 CPU cores.
"""

from __future__ import annotations

import base64
import importlib.metadata as md
import json
import sys
import platform
import random
import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from sample_set import load_sample_set  # noqa: E402  (scripts/sample_set.py, shared by the fixture scripts)
OUT = ROOT / "test" / "fixtures" / "onnx"
SEED = 2019
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
N_ORACLE = 4
EPOCHS = 8
BATCH = 32


def seed_all(seed: int = SEED) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


torch.set_num_threads(2)
seed_all()


MEAN_T = torch.tensor(MEAN, dtype=torch.float32).view(1, 3, 1, 1)
STD_T = torch.tensor(STD, dtype=torch.float32).view(1, 3, 1, 1)


def normalise(x01_nchw: torch.Tensor) -> torch.Tensor:
    return (x01_nchw - MEAN_T) / STD_T


# --------------------------------------------------------------------------
# models.  Each has forward_features (-> Grad-CAM feature map A) and
# forward_head (A -> logits); forward = head(features(x)).
# --------------------------------------------------------------------------
# The torchvision-style residual block, shared with the ResNet-18 bench export.
from resnet18_arch import BasicBlock  # noqa: E402


class TinyResNet(nn.Module):
    bakedIn = False

    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = BasicBlock(16, 16)
        self.layer2 = BasicBlock(16, 32, 2)
        self.layer3 = BasicBlock(32, 64, 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, num_classes)

    def forward_features(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        return self.layer3(self.layer2(self.layer1(x)))

    def forward_head(self, a):
        return self.fc(torch.flatten(self.avgpool(a), 1))

    def forward(self, x):
        return self.forward_head(self.forward_features(x))


class SqueezeExcite(nn.Module):
    def __init__(self, c: int, r: int = 4):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(c, c // r, 1)
        self.relu = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(c // r, c, 1)
        self.gate = nn.Hardsigmoid()

    def forward(self, x):
        s = self.gate(self.fc2(self.relu(self.fc1(self.pool(x)))))
        return x * s


class InvertedResidual(nn.Module):
    def __init__(self, cin: int, exp: int, cout: int, k: int, stride: int, se: bool):
        super().__init__()
        self.use_res = stride == 1 and cin == cout
        layers = [nn.Conv2d(cin, exp, 1, bias=False), nn.BatchNorm2d(exp), nn.Hardswish(),
                  nn.Conv2d(exp, exp, k, stride, k // 2, groups=exp, bias=False), nn.BatchNorm2d(exp), nn.Hardswish()]
        if se:
            layers.append(SqueezeExcite(exp))
        layers += [nn.Conv2d(exp, cout, 1, bias=False), nn.BatchNorm2d(cout)]
        self.block = nn.Sequential(*layers)

    def forward(self, x):
        y = self.block(x)
        return x + y if self.use_res else y


class TinyMobileNetV3(nn.Module):
    bakedIn = True

    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.register_buffer("mean", MEAN_T.clone())
        self.register_buffer("std", STD_T.clone())
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1, bias=False), nn.BatchNorm2d(16), nn.Hardswish())
        self.blocks = nn.Sequential(
            InvertedResidual(16, 32, 16, 3, 1, True),    # residual add
            InvertedResidual(16, 48, 24, 3, 2, False),
            InvertedResidual(24, 72, 24, 5, 1, True),    # residual add
            InvertedResidual(24, 96, 40, 5, 2, True),
        )
        self.last = nn.Sequential(nn.Conv2d(40, 96, 1, bias=False), nn.BatchNorm2d(96), nn.Hardswish())
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(96, num_classes)

    def forward_features(self, x):
        x = (x - self.mean) / self.std
        return self.last(self.blocks(self.stem(x)))

    def forward_head(self, a):
        return self.classifier(torch.flatten(self.avgpool(a), 1))

    def forward(self, x):
        return self.forward_head(self.forward_features(x))


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over channels of an NCHW tensor (torchvision ConvNeXt style)."""

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


class ConvNeXtBlock(nn.Module):
    def __init__(self, c: int):
        super().__init__()
        self.dwconv = nn.Conv2d(c, c, 7, padding=3, groups=c)
        self.norm = nn.LayerNorm(c, eps=1e-6)
        self.pwconv1 = nn.Linear(c, 4 * c)
        self.act = nn.GELU()  # exact (erf)
        self.pwconv2 = nn.Linear(4 * c, c)
        self.gamma = nn.Parameter(torch.full((c,), 1e-1))

    def forward(self, x):
        y = self.dwconv(x).permute(0, 2, 3, 1)
        y = self.pwconv2(self.act(self.pwconv1(self.norm(y))))
        y = (self.gamma * y).permute(0, 3, 1, 2)
        return x + y


class TinyConvNeXt(nn.Module):
    bakedIn = False

    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 32, 4, 4), LayerNorm2d(32, eps=1e-6))
        self.stage1 = nn.Sequential(ConvNeXtBlock(32), ConvNeXtBlock(32))
        self.down = nn.Sequential(LayerNorm2d(32, eps=1e-6), nn.Conv2d(32, 64, 2, 2))
        self.stage2 = nn.Sequential(ConvNeXtBlock(64))
        self.norm = nn.LayerNorm(64, eps=1e-6)
        self.head = nn.Linear(64, num_classes)

    def forward_features(self, x):
        return self.stage2(self.down(self.stage1(self.stem(x))))

    def forward_head(self, a):
        return self.head(self.norm(a.mean([-2, -1])))

    def forward(self, x):
        return self.forward_head(self.forward_features(x))


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.hd = dim // heads
        self.scale = self.hd ** -0.5
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        q = self.q(x).reshape(b, n, self.heads, self.hd).transpose(1, 2)
        k = self.k(x).reshape(b, n, self.heads, self.hd).transpose(1, 2)
        v = self.v(x).reshape(b, n, self.heads, self.hd).transpose(1, 2)
        attn = torch.softmax(torch.matmul(q, k.transpose(-2, -1)) * self.scale, dim=-1)
        out = torch.matmul(attn, v).transpose(1, 2).reshape(b, n, c)
        return self.proj(out)


class ViTBlock(nn.Module):
    def __init__(self, dim: int, heads: int, mlp: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp), nn.GELU(), nn.Linear(mlp, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class TinyViT(nn.Module):
    bakedIn = False
    grid = 8

    def __init__(self, num_classes: int = 10, dim: int = 64, depth: int = 2, heads: int = 4, mlp: int = 128):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, 8, 8)
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.pos_embed = nn.Parameter(torch.randn(1, 1 + self.grid * self.grid, dim) * 0.02)
        self.blocks = nn.Sequential(*[ViTBlock(dim, heads, mlp) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, num_classes)

    def forward_features(self, x):
        x = self.patch_embed(x).flatten(2).transpose(1, 2)  # [B, 64, C]
        cls = self.cls_token.expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1) + self.pos_embed
        return self.blocks(x)  # tokens [B, 65, C]

    def forward_head(self, a):
        return self.head(self.norm(a)[:, 0])

    def forward(self, x):
        return self.forward_head(self.forward_features(x))


def vit_reshape_transform(tokens: torch.Tensor, grid: int = 8) -> torch.Tensor:
    """pytorch-grad-cam's reshape_transform: drop class token, [B,HW,C] -> [B,C,H,W]."""
    r = tokens[:, 1:, :].reshape(tokens.size(0), grid, grid, tokens.size(2))
    return r.transpose(2, 3).transpose(1, 2)


ARCHS = {
    "resnet": TinyResNet,
    "mobilenetv3": TinyMobileNetV3,
    "convnext": TinyConvNeXt,
    "vit": TinyViT,
}
TS_OPSET = {"resnet": 13, "mobilenetv3": 13, "convnext": 13, "vit": 17}
DYNAMO_OPSET = 18


def model_input(model, x01_nchw):
    return x01_nchw if model.bakedIn else normalise(x01_nchw)


def train(model, x01, y, name):
    xs = torch.from_numpy(x01).permute(0, 3, 1, 2).contiguous()
    ys = torch.from_numpy(y)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3)
    g = torch.Generator().manual_seed(SEED)
    n = xs.shape[0]
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(n, generator=g)
        correct = 0
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            xb = xs[idx]
            shift = int(torch.randint(-4, 5, (1,), generator=g))
            if shift:
                xb = torch.roll(xb, shifts=shift, dims=3)
            logits = model(model_input(model, xb))
            loss = F.cross_entropy(logits, ys[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            correct += int((logits.argmax(1) == ys[idx]).sum())
        print(f"  [{name}] epoch {epoch + 1}/{EPOCHS} loss {loss.item():.3f} train-acc {correct / n:.3f}")
    model.eval()
    with torch.no_grad():
        acc = float((model(model_input(model, xs)).argmax(1) == ys).float().mean())
    print(f"  [{name}] eval-mode accuracy on the 250 sample images: {acc:.3f}")
    return acc


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


def graph_ops(model: onnx.ModelProto) -> list[str]:
    ops = set()

    def walk(graph):
        for node in graph.node:
            ops.add(node.op_type)
            for attr in node.attribute:
                if attr.type == onnx.AttributeProto.GRAPH:
                    walk(attr.g)
                elif attr.type == onnx.AttributeProto.GRAPHS:
                    for sg in attr.graphs:
                        walk(sg)

    walk(model.graph)
    for fn in model.functions:
        for node in fn.node:
            ops.add(node.op_type)
    return sorted(ops)


def const_ints(model: onnx.ModelProto, name: str):
    """Integer values of an initializer or Constant node output, or None."""
    for init in model.graph.initializer:
        if init.name == name:
            return [int(v) for v in onnx.numpy_helper.to_array(init).reshape(-1)]
    for node in model.graph.node:
        if node.op_type == "Constant" and node.output[0] == name:
            for attr in node.attribute:
                if attr.name == "value":
                    return [int(v) for v in onnx.numpy_helper.to_array(attr.t).reshape(-1)]
                if attr.name == "value_ints":
                    return list(attr.ints)
                if attr.name == "value_int":
                    return [attr.i]
    return None


def const_value(model: onnx.ModelProto, name: str):
    """Scalar value of an initializer or Constant node output, or None."""
    for init in model.graph.initializer:
        if init.name == name:
            return onnx.numpy_helper.to_array(init).reshape(-1)[0].item()
    for node in model.graph.node:
        if node.op_type == "Constant" and node.output[0] == name:
            for attr in node.attribute:
                if attr.name == "value":
                    return onnx.numpy_helper.to_array(attr.t).reshape(-1)[0].item()
    return None


def reduce_axes(model, node):
    for attr in node.attribute:
        if attr.name == "axes":
            return list(attr.ints)
    if len(node.input) > 1 and node.input[1]:
        return const_ints(model, node.input[1])
    return None


def find_feature_tensor(model: onnx.ModelProto, arch: str) -> str:
    """Structural search for the value that feeds the global pooling / final norm."""
    nodes = list(model.graph.node)
    if arch == "vit":
        # Final LayerNormalization (or the first node of its decomposition,
        # ReduceMean over the last axis) that is followed by the head.
        for node in reversed(nodes):
            if node.op_type == "LayerNormalization":
                return node.input[0]
            if node.op_type == "ReduceMean" and reduce_axes(model, node) in ([-1], [2]):
                return node.input[0]
        raise RuntimeError("vit: no final LayerNorm found")
    for node in reversed(nodes):
        if node.op_type == "GlobalAveragePool":
            return node.input[0]
        if node.op_type == "ReduceMean" and sorted(reduce_axes(model, node) or []) in ([-2, -1], [2, 3]):
            return node.input[0]
    raise RuntimeError(f"{arch}: no global pooling found")


def run_ort(model_or_path, x: np.ndarray, extra_output: str | None = None):
    if extra_output is None:
        sess = ort.InferenceSession(str(model_or_path), providers=["CPUExecutionProvider"])
    else:
        m = onnx.load(str(model_or_path))  # loads external data too
        m.graph.output.append(onnx.helper.make_tensor_value_info(extra_output, onnx.TensorProto.FLOAT, None))
        sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    batch = sess.get_inputs()[0].shape[0]
    if not isinstance(batch, int) or batch == x.shape[0]:
        return sess.run(None, {"input": x})
    # An export with a fixed batch runs in chunks of that batch.
    assert x.shape[0] % batch == 0, f"{x.shape[0]} images do not split into batches of {batch}"
    chunks = [sess.run(None, {"input": x[i:i + batch]}) for i in range(0, x.shape[0], batch)]
    return [np.concatenate(parts, axis=0) for parts in zip(*chunks)]


def model_file_size(path: Path, ext: str | None) -> int:
    return path.stat().st_size + ((path.parent / ext).stat().st_size if ext else 0)


# --------------------------------------------------------------------------
# per-architecture work
# --------------------------------------------------------------------------
def export_all(arch: str, model: nn.Module):
    example = torch.zeros(2, 3, 64, 64)
    out = []
    # TorchScript exporter
    ts_path = OUT / f"{arch}-torchscript.onnx"
    torch.onnx.export(model, (example,), str(ts_path), dynamo=False, opset_version=TS_OPSET[arch],
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    out.append(("torchscript", ts_path, TS_OPSET[arch], None))
    if arch == "vit":
        # torch.onnx.export's default: no dynamic_axes, so the batch of the example (2) is baked into the graph,
        # down to the constant shapes of the attention's Reshape nodes.
        fixed_path = OUT / f"{arch}-fixedbatch.onnx"
        torch.onnx.export(model, (example,), str(fixed_path), dynamo=False, opset_version=TS_OPSET[arch],
                          input_names=["input"], output_names=["logits"])
        out.append(("torchscript-fixed-batch", fixed_path, TS_OPSET[arch], None))
    # torch.export ("dynamo") exporter
    dy_path = OUT / f"{arch}-dynamo.onnx"
    ext = arch == "resnet"
    data_name = f"{dy_path.name}.data"
    if (OUT / data_name).exists():
        (OUT / data_name).unlink()
    prog = torch.onnx.export(model, (example,), str(dy_path), dynamo=True, opset_version=DYNAMO_OPSET,
                             dynamic_shapes=({0: torch.export.Dim("batch", min=1, max=1024)},),
                             input_names=["input"], output_names=["logits"], external_data=ext)
    # The dynamo exporter stores a Python stack trace (absolute paths, line
    # numbers) in every node's metadata_props; drop it so the fixtures do not
    # depend on the checkout location or on edits to this script.  The other
    # metadata (namespace, class_hierarchy, fx_node, name_scopes) is kept.
    stripped = onnx.load(str(dy_path), load_external_data=False)
    for node in stripped.graph.node:
        keep = [(q.key, q.value) for q in node.metadata_props if q.key != "pkg.torch.onnx.stack_trace"]
        del node.metadata_props[:]
        for k, v in keep:
            node.metadata_props.add(key=k, value=v)
    onnx.save(stripped, str(dy_path))  # external references (resnet) are kept as they are
    if ext:
        assert (OUT / data_name).exists(), "external data file was not written"
        m = onnx.load(str(dy_path), load_external_data=False)
        n_ext = sum(1 for t in m.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL)
        locs = {e.value for t in m.graph.initializer for e in t.external_data if e.key == "location"}
        print(f"  [{arch}] dynamo external data: {n_ext}/{len(m.graph.initializer)} initializers in {sorted(locs)}; "
              f".onnx {dy_path.stat().st_size} B, .data {(OUT / data_name).stat().st_size} B")
        assert n_ext > 0 and locs == {data_name}
    else:
        m = onnx.load(str(dy_path), load_external_data=False)
        assert not any(t.data_location == onnx.TensorProto.EXTERNAL for t in m.graph.initializer)
    out.append(("dynamo", dy_path, DYNAMO_OPSET, data_name if ext else None))
    return out


def oracle_for(arch: str, model: nn.Module, ids, x01_all, y_all, train_acc: float):
    x01 = x01_all[:N_ORACLE]
    labels = y_all[:N_ORACLE]
    x_nchw = torch.from_numpy(x01).permute(0, 3, 1, 2).contiguous()
    x_in = model_input(model, x_nchw)

    with torch.no_grad():
        logits = model(x_in).numpy()
        feat_t = model.forward_features(x_in).numpy()
    probs = softmax64(logits)

    # Grad-CAM (pytorch-grad-cam definition, before upsampling / normalisation)
    targets = logits.argmax(1)
    # Like pytorch-grad-cam: take activation and gradient of the target layer
    # output, apply reshape_transform (vit) to both.  Images are independent in
    # eval mode, so the per-image target logits can be summed.
    a = model.forward_features(x_in.detach())
    out = model.forward_head(a)
    score = out[torch.arange(N_ORACLE), torch.from_numpy(targets)].sum()
    (grads,) = torch.autograd.grad(score, a)
    a_cam, grads = a.detach(), grads.detach()
    if arch == "vit":
        a_cam, grads = vit_reshape_transform(a_cam), vit_reshape_transform(grads)
    alpha = grads.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((alpha * a_cam).sum(1)).numpy()

    # ViT only: with A = last block output the map is identically zero (the
    # head reads only the class token after a per-token LayerNorm, so
    # dy_c/dA is zero on every patch token).  pytorch-grad-cam's README uses
    # target_layers=[model.blocks[-1].norm1] for ViTs; compute that too.
    cam_norm1 = None
    if arch == "vit":
        store = {}
        h = model.blocks[-1].norm1.register_forward_hook(lambda mod, inp, out: store.__setitem__("a", out))
        out = model(x_in.detach())
        h.remove()
        score = out[torch.arange(N_ORACLE), torch.from_numpy(targets)].sum()
        (g1,) = torch.autograd.grad(score, store["a"])
        a1 = vit_reshape_transform(store["a"].detach())
        g1 = vit_reshape_transform(g1.detach())
        cam_norm1 = torch.relu((g1.mean(dim=(2, 3), keepdim=True) * a1).sum(1)).numpy()
        feat_norm1 = store["a"].detach().numpy()

    # input gradients w.r.t. x01 (before normalisation)
    xg = x_nchw.clone().requires_grad_(True)
    loss = F.cross_entropy(model(model_input(model, xg)), torch.from_numpy(labels), reduction="sum")
    (gx,) = torch.autograd.grad(loss, xg)
    gx_nhwc = gx.permute(0, 2, 3, 1).contiguous().numpy()
    eps = 8.0 / 255.0
    x_adv = torch.clamp(x_nchw + eps * torch.sign(gx), 0.0, 1.0)
    with torch.no_grad():
        adv_logits = model(model_input(model, x_adv)).numpy()
    adv_probs = softmax64(adv_logits)

    # exports + ORT validation
    x_ort = x_in.detach().numpy()
    exports = []
    for exporter, path, opset, ext in export_all(arch, model):
        onnx.checker.check_model(str(path))  # path form handles external data
        m = onnx.load(str(path))
        ops = graph_ops(m)
        (ort_logits,) = run_ort(path, x_ort)
        diff = float(np.abs(softmax64(ort_logits) - probs).max())
        ldiff = float(np.abs(ort_logits - logits).max())
        assert diff < 1e-5, f"{path.name}: ORT vs torch probabilities differ by {diff}"
        fname = find_feature_tensor(m, arch)
        _, ort_feat = run_ort(path, x_ort, extra_output=fname)
        fdiff = float(np.abs(ort_feat - feat_t).max()) if ort_feat.shape == feat_t.shape else float("inf")
        assert fdiff < 1e-4, f"{path.name}: feature tensor {fname} shape {ort_feat.shape} vs {feat_t.shape}, diff {fdiff}"
        print(f"  [{arch}] {path.name}: opset {opset}, {len(m.graph.node)} nodes, {len(m.functions)} local functions, "
              f"ORT max|dp| {diff:.2e} max|dlogit| {ldiff:.2e}; feature '{fname}' {list(ort_feat.shape)} max|d| {fdiff:.2e}")
        print(f"      ops: {', '.join(ops)}")
        extra = {}
        if arch == "vit":
            # input of blocks[-1].norm1 = output of the 3rd LayerNorm in graph order
            lns = [n for n in m.graph.node if n.op_type == "LayerNormalization"]
            assert len(lns) == 5, f"expected 5 LayerNormalization nodes, got {len(lns)}"
            n1 = lns[2].output[0]
            _, ort_n1 = run_ort(path, x_ort, extra_output=n1)
            d1 = float(np.abs(ort_n1 - feat_norm1).max())
            assert d1 < 1e-4, f"{path.name}: norm1 tensor {n1} differs by {d1}"
            print(f"      blocks[-1].norm1 output '{n1}' {list(ort_n1.shape)} max|d| {d1:.2e}")
            extra = {"featureTensorNorm1": n1, "featureNorm1MaxAbsDiff": d1}
        exports.append({
            "file": path.name, "exporter": exporter, "opset": opset, "externalData": ext, "ops": ops,
            "featureTensor": fname, "featureMaxAbsDiff": fdiff, **extra,
            "ortMaxAbsDiff": diff, "ortLogitsMaxAbsDiff": ldiff,
            "bytes": model_file_size(path, ext), "localFunctions": len(m.functions),
        })

    n_params = sum(p.numel() for p in model.parameters())
    norm1 = {}
    if cam_norm1 is not None:
        norm1 = {"gradcamNorm1": {
            "note": "A = output of blocks[-1].norm1 (pytorch-grad-cam's documented ViT target layer), same "
                    "reshape_transform and formula as gradcam; the feature value in each export is "
                    "exports[].featureTensorNorm1. gradcam.maps (A = last block output) is all zeros by "
                    "construction: the head reads only the class token.",
            "targetClasses": [int(v) for v in targets],
            "featureShape": [int(feat_norm1.shape[2]), 8, 8],
            "maps": b64(cam_norm1),
        }}
    feat_layout = ("tokens [N, 1+H*W, C] (class token first); Grad-CAM drops the class token and reshapes to "
                   "[N, C, H, W] = tokens[:, 1:, :].reshape(N, H, W, C).permute(0, 3, 1, 2)"
                   if arch == "vit" else "NCHW")
    return {
        "versions": versions(),
        "architecture": arch,
        "parameters": int(n_params),
        "trainAccuracy": round(train_acc, 4),
        "inputSize": [64, 64],
        "normalisation": {"mean": MEAN, "std": STD, "bakedIn": bool(model.bakedIn)},
        "exports": exports,
        "imageIds": ids[:N_ORACLE],
        "labels": [int(v) for v in labels],
        "x01": b64(x01),
        "logits": b64(logits),
        "probabilities": b64(probs),
        "gradcam": {
            "definition": "A = feature map, y_c = target logit, alpha_k = mean_{h,w} dy_c/dA_k, "
                          "map = ReLU(sum_k alpha_k A_k); no upsampling, no normalisation",
            "featureLayout": feat_layout,
            "targetClasses": [int(v) for v in targets],
            "featureShape": list(a_cam.shape[1:]),
            "maps": b64(cam),
        },
        **norm1,
        "inputGradients": {
            "loss": "sum over images of cross-entropy of the logits w.r.t. labels",
            "wrt": "x01 NHWC (before normalisation)",
            "values": b64(gx_nhwc),
        },
        "fgsm": {
            "epsilon": eps,
            "predictions": [int(v) for v in adv_logits.argmax(1)],
            "probabilities": b64(adv_probs),
            "signZeros": int((gx_nhwc == 0).sum()),
        },
    }


def versions() -> dict:
    def v(pkg):
        try:
            return md.version(pkg)
        except md.PackageNotFoundError:
            return None

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torchvision": v("torchvision"),
        "onnx": onnx.__version__,
        "onnxruntime": ort.__version__,
        "onnxscript": v("onnxscript"),
        "numpy": np.__version__,
    }


# --------------------------------------------------------------------------
# bad-input fixtures
# --------------------------------------------------------------------------
class TwoInputs(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 3, padding=1)
        self.b = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(8, 10)

    def forward(self, x, y):
        z = torch.cat([self.a(x), self.b(y)], 1).mean([-2, -1])
        return self.fc(z)


class TrainingMode(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.drop = nn.Dropout(0.5)
        self.fc = nn.Linear(4, 10)

    def forward(self, x):
        z = torch.relu(self.bn(self.conv(x))).mean([-2, -1])
        return self.fc(self.drop(z))


class UnsupportedOp(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4, 10)

    def forward(self, x):
        z = torch.cumsum(self.conv(x), dim=3)  # CumSum
        return self.fc(z.mean([-2, -1]))


class NoImage(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 10))

    def forward(self, x):
        return self.net(x)


def write_bad():
    bad = OUT / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    dyn = {0: "batch"}
    img = torch.rand(2, 3, 16, 16)
    info = []

    m = TwoInputs().eval()
    torch.onnx.export(m, (img, img), str(bad / "two-inputs.onnx"), dynamo=False, opset_version=13,
                      input_names=["input", "input2"], output_names=["logits"],
                      dynamic_axes={"input": dyn, "input2": dyn, "logits": dyn})
    info.append(("two-inputs.onnx", 13))

    m = TrainingMode().train()
    torch.onnx.export(m, (img,), str(bad / "training-mode.onnx"), dynamo=False, opset_version=14,
                      training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False,
                      input_names=["input"], output_names=["logits"], dynamic_axes={"input": dyn, "logits": dyn})
    info.append(("training-mode.onnx", 14))

    m = UnsupportedOp().eval()
    torch.onnx.export(m, (img,), str(bad / "unsupported-op.onnx"), dynamo=False, opset_version=13,
                      input_names=["input"], output_names=["logits"], dynamic_axes={"input": dyn, "logits": dyn})
    info.append(("unsupported-op.onnx", 13))

    m = NoImage().eval()
    torch.onnx.export(m, (torch.rand(2, 20),), str(bad / "no-image-input.onnx"), dynamo=False, opset_version=13,
                      input_names=["input"], output_names=["logits"], dynamic_axes={"input": dyn, "logits": dyn})
    info.append(("no-image-input.onnx", 13))

    result = []
    for name, opset in info:
        m = onnx.load(str(bad / name))
        onnx.checker.check_model(m)
        ops = graph_ops(m)
        inputs = [(i.name, [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim]) for i in m.graph.input]
        print(f"  bad/{name}: opset {opset}, inputs {inputs}, ops {ops}")
        extra = {}
        if name == "training-mode.onnx":
            for node in m.graph.node:
                if node.op_type in ("BatchNormalization", "Dropout"):
                    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
                    if node.op_type == "Dropout":  # ratio / training_mode are inputs 1 and 2
                        for key, inp in zip(("ratio", "training_mode"), node.input[1:]):
                            val = const_value(m, inp)
                            attrs[f"{key} (input)"] = val
                    print(f"      {node.op_type} inputs={list(node.input)} outputs={list(node.output)} attrs={attrs}")
                    extra.setdefault("nodes", []).append(
                        {"op": node.op_type, "inputs": list(node.input), "outputs": list(node.output),
                         "attrs": {k: (v if isinstance(v, (int, float)) else str(v)) for k, v in attrs.items()}})
        result.append({"file": f"bad/{name}", "opset": opset, "ops": ops,
                       "inputs": [{"name": n, "shape": s} for n, s in inputs], **extra,
                       "bytes": (bad / name).stat().st_size})
    return result


# --------------------------------------------------------------------------
README_HEAD = """# ONNX fixtures

Generated by `scripts/onnx-fixtures/make_onnx_fixtures.py` -- do not edit by hand.
Regenerate from the repository root (deterministic; ~40 s on 2 CPU cores):

```
/tmp/venv/bin/python scripts/onnx-fixtures/make_onnx_fixtures.py
```

(venv from a local pip mirror: `pip install torch torchvision onnx onnxscript onnxruntime numpy pillow`;
torchvision is not imported, only its version is recorded.)

Four small architectures, input `input` [batch, 3, 64, 64] NCHW float32, output `logits` [batch, 10],
dynamic batch axis, trained for %(epochs)d epochs (AdamW 2e-3, batch 32) on the 250 sample images in
`samples/data` (real weights and BatchNorm statistics; not an accuracy claim). Each is exported with the
TorchScript exporter (`dynamo=False`) and the torch.export exporter (`dynamo=True`); the ViT also as
`vit-fixedbatch.onnx`, TorchScript without `dynamic_axes` (the exporter's default), so its batch is fixed at 2 down
to the constant shapes of its Reshape nodes (tools run it in chunks of 2). Every file passes
`onnx.checker` and matches torch in onnxruntime (probabilities within 1e-5; see `ortMaxAbsDiff`).

`<arch>.oracle.json` holds, for the first 4 sample images: `x01` (NHWC, k/255), `logits`, `probabilities`,
Grad-CAM maps before upsampling/normalisation (`gradcam`), d(sum CE)/d x01 (`inputGradients`) and FGSM
(eps 8/255) results, plus per export the ONNX value name of the Grad-CAM feature map (`featureTensor`,
verified in onnxruntime, `featureMaxAbsDiff`). Float arrays are `{shape, base64}` little-endian float32.
`normalisation.bakedIn` is true only for mobilenetv3 (its graph starts with (x-mean)/std and takes x01);
the others expect (x01-mean)/std with torchvision's mean/std.

Notes
- vit: `featureTensor` is the token tensor [N, 65, 64] (class token first); Grad-CAM drops the class token
  and reshapes to [64, 8, 8] (pytorch-grad-cam's reshape_transform). With that layer (last block output)
  the map is identically zero, because the head reads only the class token after a per-token LayerNorm;
  `gradcamNorm1` / `exports[].featureTensorNorm1` give the non-degenerate variant with
  A = output of `blocks[-1].norm1`, the layer pytorch-grad-cam documents for ViTs.
- dynamo exports: no local functions (the exporter's optimiser inlines them); GlobalAveragePool comes out
  as ReduceMean and flatten as Reshape; LayerNorm stays one LayerNormalization node; exact GELU is
  decomposed into Div/Erf/Add/Mul (ONNX Gelu needs opset 20); Hardswish is HardSwish (the TorchScript
  opset-13 export writes HardSigmoid+Mul). TorchScript opset 13 decomposes LayerNorm into
  ReduceMean/Sub/Pow/Sqrt/Div (convnext); vit uses opset 17, so LayerNormalization is native there.
- Both exporters fold eval-mode BatchNorm into the preceding Conv: no BatchNormalization node appears in
  any of the model exports (only in `bad/training-mode.onnx`).
- dynamo exports: the per-node `pkg.torch.onnx.stack_trace` metadata (absolute paths) is stripped; the
  other node metadata the exporter writes is kept.
- `resnet-dynamo.onnx` keeps its large initializers in `resnet-dynamo.onnx.data` (external data; the
  small ones stay inline). All other files are self-contained.
- `summary.json`: machine-readable summary of everything below.

"""


def write_readme(summary: dict) -> None:
    lines = [README_HEAD % {"epochs": EPOCHS}]
    lines.append("## Models\n")
    lines.append("| file | exporter | opset | params | bytes | featureTensor | ORT max abs diff (probs) | ops |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for arch, info in summary["architectures"].items():
        for e in info["exports"]:
            f = e["file"] + (f" + {e['externalData']}" if e["externalData"] else "")
            ft = f"`{e['featureTensor']}`" + (f" (norm1: `{e['featureTensorNorm1']}`)" if "featureTensorNorm1" in e else "")
            lines.append(f"| {f} | {e['exporter']} | {e['opset']} | {info['parameters']} | {e['bytes']} | {ft} | "
                         f"{e['ortMaxAbsDiff']:.1e} | {', '.join(e['ops'])} |")
    lines.append("")
    lines.append("| oracle | baked-in normalisation | Grad-CAM feature shape | eval accuracy on the 250 images |")
    lines.append("|---|---|---|---|")
    for arch, info in summary["architectures"].items():
        lines.append(f"| {arch}.oracle.json | {info['normalisation']['bakedIn']} | {info['gradcamFeatureShape']} | "
                     f"{info['trainAccuracy']} |")
    lines.append("\n## Bad-input models (`bad/`, TorchScript exporter, dynamic batch)\n")
    lines.append("| file | opset | inputs | ops | what is wrong |")
    lines.append("|---|---|---|---|---|")
    why = {
        "bad/two-inputs.onnx": "two image inputs",
        "bad/training-mode.onnx": "exported with TrainingMode.TRAINING, no constant folding: BatchNormalization "
                                  "training_mode=1 (3 outputs), Dropout with training_mode input = true",
        "bad/unsupported-op.onnx": "CumSum before the head",
        "bad/no-image-input.onnx": "MLP on [batch, 20], no image input",
    }
    for b in summary["bad"]:
        ins = "; ".join(f"{i['name']} {i['shape']}" for i in b["inputs"])
        lines.append(f"| {b['file']} | {b['opset']} | {ins} | {', '.join(b['ops'])} | {why[b['file']]} |")
    lines.append("\n## Versions\n")
    lines.append(", ".join(f"{k} {v}" for k, v in summary["versions"].items()))
    lines.append("")
    (OUT / "README.md").write_text("\n".join(lines))


# --------------------------------------------------------------------------
def main():
    OUT.mkdir(parents=True, exist_ok=True)
    ids, x01, y = load_sample_set()
    print(f"loaded {len(ids)} images, x01 {x01.shape}, classes {sorted(set(y.tolist()))}")
    summary = {"versions": versions(), "architectures": {}, "bad": None}
    for arch, cls in ARCHS.items():
        seed_all()
        model = cls()
        n_params = sum(p.numel() for p in model.parameters())
        print(f"== {arch}: {n_params} parameters")
        acc = train(model, x01, y, arch)
        oracle = oracle_for(arch, model, ids, x01, y, acc)
        (OUT / f"{arch}.oracle.json").write_text(json.dumps(oracle, indent=1) + "\n")
        summary["architectures"][arch] = {
            k: oracle[k] for k in ("parameters", "trainAccuracy", "normalisation")
        } | {"exports": oracle["exports"], "gradcamFeatureShape": oracle["gradcam"]["featureShape"]}
    seed_all()
    summary["bad"] = write_bad()
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    write_readme(summary)
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"total size of {OUT.relative_to(ROOT)}: {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
