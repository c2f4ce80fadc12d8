"""Write the CAM-method oracles: a small fixed PyTorch network exported to ONNX, and every method's maps on it.

What it does
------------
* Builds a seeded two-convolution network (24x24 RGB in, 5 classes):
  conv 5x5/4 (40 channels) -> ReLU -> conv 3x3 (10 channels) -> ReLU -> global average pooling -> linear,
  and exports it to ``test/fixtures/cam-oracles/twoconv.onnx`` (TorchScript exporter, opset 13, dynamic batch).
  Its input is the [0, 1] image itself (no normalisation), so a profile with ``unit`` scaling feeds it as PyTorch does.
* Computes, independently of the engine, the maps of every CAM method as pytorch-grad-cam defines it
  (github.com/jacobgil/pytorch-grad-cam: base_cam.py, grad_cam*.py, xgrad_cam.py, layer_cam.py, hirescam.py,
  score_cam.py, eigen_cam.py + utils/svd_on_activations.py, ablation_cam.py + ablation_layer.py), written here in
  PyTorch/NumPy because pytorch-grad-cam is not in the local mirror. The target of every method is the chosen class's
  logit. Maps are the raw ones after each method's ReLU, at the feature map's resolution, before any resize or scaling.
  Eigen-CAM's sign, which pytorch-grad-cam leaves to the SVD, is fixed as the engine fixes it: |max| >= |min|.
* Maps at both ReLU outputs (the second is the default layer: 6x6 positions, 10 channels; the first has more channels
  than positions, so both of Eigen-CAM's Gram matrices are exercised); classic CAM only at the second.
* Writes ``test/fixtures/cam-oracles/twoconv.oracle.json``: images (NHWC float32), target classes, logits, the ONNX value
  name of each layer, and each method's maps (float32 little-endian, base64, as test/fixtures/oracleArrays.ts reads them).

How to run (from the repository root)::

    python3 -m venv /tmp/camvenv
    /tmp/camvenv/bin/pip install --index-url file:///opt/pypi/simple --extra-index-url file:///opt/pypi-more/simple torch numpy onnx
    /tmp/camvenv/bin/python -B scripts/cam-oracles/make_cam_oracles.py

Deterministic (seed 16, one thread, float64 references); takes a few seconds.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from torch import nn

OUT = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "cam-oracles"
SIZE = 24
CLASSES = 5
IMAGES = 4


class TwoConv(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 40, 5, stride=4, padding=2)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(40, 10, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(10, CLASSES)

    def features(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        a1 = self.relu1(self.conv1(x))
        return a1, self.relu2(self.conv2(a1))

    def head_from(self, layer: str, a: torch.Tensor) -> torch.Tensor:
        a2 = self.relu2(self.conv2(a)) if layer == "relu1" else a
        return self.fc(torch.flatten(self.pool(a2), 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head_from("relu2", self.features(x)[1])


def pack(array: np.ndarray) -> dict:
    a = np.ascontiguousarray(array, dtype="<f4")
    return {"shape": list(a.shape), "base64": base64.b64encode(a.tobytes()).decode("ascii")}


def images(generator: torch.Generator) -> torch.Tensor:
    """Smooth random images with a bright blob each, NCHW in [0, 1]."""
    coarse = torch.rand(IMAGES, 3, 6, 6, generator=generator, dtype=torch.float64)
    x = F.interpolate(coarse, size=(SIZE, SIZE), mode="bilinear", align_corners=False) * 0.6
    yy, xx = torch.meshgrid(torch.arange(SIZE, dtype=torch.float64), torch.arange(SIZE, dtype=torch.float64), indexing="ij")
    for n, (cy, cx) in enumerate([(6, 7), (16, 5), (12, 17), (18, 18)]):
        x[n] += 0.4 * torch.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 18.0)
    return x.clamp(0, 1)


def selected(logits: torch.Tensor, classes: list[int]) -> torch.Tensor:
    return logits[torch.arange(len(classes)), classes]


def relu_sum(weights: torch.Tensor, a: torch.Tensor) -> np.ndarray:
    """base_cam.get_cam_image then np.maximum(cam, 0): ReLU(sum_k weights * A_k), weights [N,K] or [N,K,h,w]."""
    w = weights[:, :, None, None] if weights.dim() == 2 else weights
    return torch.relu((w * a).sum(1)).numpy()


def gradient_maps(model: TwoConv, x: torch.Tensor, layer: str, classes: list[int]) -> dict[str, np.ndarray]:
    a1, a2 = model.features(x)
    a = (a1 if layer == "relu1" else a2).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(selected(model.head_from(layer, a), classes).sum(), a)
    a = a.detach()
    maps = {"gradcam": relu_sum(g.mean((2, 3)), a)}  # grad_cam.py
    # grad_cam_plusplus.py (eq. 19) without its eps = 1e-6 in the denominator: the engine keeps the paper's scale-free
    # alpha (0 where the denominator is 0), since with this network's small first-layer gradients that eps alone moves
    # the map by 40% of its maximum. Where g = 0 both give alpha * ReLU(g) = 0.
    g2, g3 = g ** 2, g ** 3
    denominator = 2 * g2 + a.sum((2, 3))[:, :, None, None] * g3
    aij = g2 / torch.where(denominator == 0, torch.ones_like(denominator), denominator)
    maps["gradcam++"] = relu_sum((torch.relu(g) * aij).sum((2, 3)), a)
    maps["xgradcam"] = relu_sum((g * a / (a.sum((2, 3))[:, :, None, None] + 1e-7)).sum((2, 3)), a)  # xgrad_cam.py
    maps["layercam"] = relu_sum(torch.relu(g), a)  # layer_cam.py
    maps["hirescam"] = relu_sum(g, a)  # hirescam.py
    return maps


def score_cam(model: TwoConv, x: torch.Tensor, a: torch.Tensor, classes: list[int]) -> np.ndarray:
    """score_cam.py: channels upsampled (align_corners=True), min-max scaled, multiplied into the input; softmax of the logits."""
    up = F.interpolate(a, size=x.shape[-2:], mode="bilinear", align_corners=True)
    flat = up.flatten(2)
    up = (up - flat.min(-1)[0][:, :, None, None]) / (flat.max(-1)[0][:, :, None, None] - flat.min(-1)[0][:, :, None, None] + 1e-8)
    scores = torch.stack([model(x[n:n + 1] * up[n][:, None])[:, classes[n]] for n in range(x.shape[0])])
    return relu_sum(torch.softmax(scores, -1), a)


def eigen_cam(a: torch.Tensor) -> np.ndarray:
    """svd_on_activations.get_2d_projection, with the sign fixed so that |max| >= |min|, then ReLU."""
    out = []
    for act in a.numpy():
        flat = act.reshape(act.shape[0], -1).T
        flat = flat - flat.mean(axis=0)
        _, _, vt = np.linalg.svd(flat, full_matrices=True)
        projection = (flat @ vt[0]).reshape(act.shape[1:])
        if abs(projection.min()) > abs(projection.max()):
            projection = -projection
        out.append(np.maximum(projection, 0))
    return np.array(out)


def ablation_cam(model: TwoConv, layer: str, a: torch.Tensor, classes: list[int]) -> np.ndarray:
    """ablation_cam.py with ablation_layer.py: channel k set to 0 (the map's minimum is 0 after the ReLU); w = (y - y_k) / y."""
    assert float(a.min()) == 0.0
    original = selected(model.head_from(layer, a), classes)
    weights = torch.zeros(a.shape[:2], dtype=a.dtype)
    for n in range(a.shape[0]):
        ablated = a[n].repeat(a.shape[1], 1, 1, 1)
        ablated[torch.arange(a.shape[1]), torch.arange(a.shape[1])] = 0
        weights[n] = (original[n] - model.head_from(layer, ablated)[:, classes[n]]) / original[n]
    return relu_sum(weights, a)


def onnx_value_names(path: Path) -> dict[str, str]:
    """The ONNX value each ReLU writes, in graph order: relu1, relu2."""
    graph = onnx.load(str(path)).graph
    relus = [node.output[0] for node in graph.node if node.op_type == "Relu"]
    assert len(relus) == 2, relus
    return {"relu1": relus[0], "relu2": relus[1]}


def main() -> None:
    torch.manual_seed(16)
    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    model = TwoConv().eval()
    onnx_path = OUT / "twoconv.onnx"
    torch.onnx.export(model, (torch.rand(2, 3, SIZE, SIZE),), str(onnx_path), dynamo=False, opset_version=13,
                      input_names=["input"], output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    onnx.checker.check_model(onnx.load(str(onnx_path)))
    names = onnx_value_names(onnx_path)

    model = model.double()
    x = images(torch.Generator().manual_seed(16))
    with torch.no_grad():
        logits = model(x)
    top1 = logits.argmax(1).tolist()
    # Two top-1 classes and two others (whose logit may be negative: Ablation-CAM's map then flips, as in pytorch-grad-cam).
    classes = [top1[0], (top1[1] + 1) % CLASSES, top1[2], (top1[3] + 2) % CLASSES]

    layers = {}
    for layer in ("relu1", "relu2"):
        with torch.no_grad():
            a = model.features(x)[0 if layer == "relu1" else 1]
        maps = gradient_maps(model, x, layer, classes)
        with torch.no_grad():
            maps["scorecam"] = score_cam(model, x, a, classes)
            maps["eigencam"] = eigen_cam(a)
            maps["ablationcam"] = ablation_cam(model, layer, a, classes)
            if layer == "relu2":  # CAM (Zhou et al.): sum_k w_{k,c} A_k with the linear layer's weights, no ReLU.
                maps["cam"] = torch.einsum("nk,nkhw->nhw", model.fc.weight[classes], a).numpy()
        layers[layer] = {"onnxValue": names[layer], "featureShape": list(a.shape[1:]), "maps": {m: pack(v) for m, v in sorted(maps.items())}}

    oracle = {
        "model": onnx_path.name,
        "x01": pack(x.permute(0, 2, 3, 1).numpy()),
        "classes": classes,
        "logits": pack(logits.numpy()),
        "layers": layers,
        "torch": torch.__version__,
    }
    (OUT / "twoconv.oracle.json").write_text(json.dumps(oracle, indent=1) + "\n")
    print(f"wrote {onnx_path} and twoconv.oracle.json; classes {classes}; top-1 {top1}")


if __name__ == "__main__":
    main()
