"""Write the occlusion-sensitivity oracle: Captum's Occlusion on the CAM-oracle network (test/fixtures/cam-oracles).

What it does
------------
* Rebuilds scripts/cam-oracles/make_cam_oracles.py's seeded TwoConv network (seed 16; 24x24 RGB in, 5 classes) and
  checks its logits on the fixture's images equal the stored ones, so the maps are of the network in twoconv.onnx.
* Computes, with Captum's ``captum.attr.Occlusion`` (github.com/pytorch/captum), the occlusion sensitivity of the
  softmax probability of each image's fixture class: windows of 3x8x8 (all channels), strides 3x4x4, baseline 0
  (the [0, 1] image is the network's input, so 0 is black before any normalisation). Captum averages
  p(x) - p(occluded x) over the windows covering each pixel, as definitions.md §3 defines the sensitivity map;
  (24 - 8) / 4 is whole, so Captum's windows are exactly the engine's.
* Writes ``test/fixtures/occlusion-oracles/twoconv.occlusion.json``: patch, stride, classes and the maps [N, H, W]
  (float32 little-endian, base64, as test/fixtures/oracleArrays.ts reads them).

How to run (from the repository root; Captum is not in the local mirror, so run it from a clone)::

    /usr/bin/python3 -m venv --system-site-packages /tmp/occvenv
    /tmp/occvenv/bin/pip install tqdm
    git clone https://github.com/pytorch/captum /tmp/captum   # used at faac08773131888714b15709b28494ebeea7f6eb
    PYTHONPATH=/tmp/captum /tmp/occvenv/bin/python -B scripts/occlusion-oracles/make_occlusion_oracle.py

Deterministic (float64, one thread); takes a second.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import torch
from captum.attr import Occlusion
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
CAM_ORACLE = ROOT / "test" / "fixtures" / "cam-oracles" / "twoconv.oracle.json"
OUT = ROOT / "test" / "fixtures" / "occlusion-oracles"
PATCH = 8
STRIDE = 4


class TwoConv(nn.Module):
    """scripts/cam-oracles/make_cam_oracles.py's network, built in the same order so the seed gives the same weights."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 40, 5, stride=4, padding=2)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(40, 10, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(10, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.pool(self.relu2(self.conv2(self.relu1(self.conv1(x))))).flatten(1))


def unpack(packed: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(packed["base64"]), dtype="<f4").reshape(packed["shape"])


def pack(array: np.ndarray) -> dict:
    data = np.ascontiguousarray(array, dtype="<f4")
    return {"shape": list(data.shape), "base64": base64.b64encode(data.tobytes()).decode("ascii")}


def main() -> None:
    torch.manual_seed(16)
    torch.set_num_threads(1)
    model = TwoConv().eval()
    cam = json.loads(CAM_ORACLE.read_text())
    x = torch.tensor(unpack(cam["x01"])).permute(0, 3, 1, 2).contiguous()
    with torch.no_grad():
        logit_error = np.abs(model(x).numpy() - unpack(cam["logits"])).max()
    assert logit_error < 1e-5, f"the rebuilt network differs from twoconv.onnx's logits by {logit_error}"

    model = model.double()
    probabilities = lambda inputs: torch.softmax(model(inputs), dim=1)  # noqa: E731
    occlusion = Occlusion(probabilities)
    with torch.no_grad():
        attributions = occlusion.attribute(x.double(), sliding_window_shapes=(3, PATCH, PATCH), strides=(3, STRIDE, STRIDE),
                                           baselines=0.0, target=cam["classes"], perturbations_per_eval=7)
    # Every window covers all three channels, so the channels carry the same map.
    assert torch.allclose(attributions[:, 0], attributions[:, 2])
    maps = attributions[:, 0].numpy()
    OUT.mkdir(parents=True, exist_ok=True)
    oracle = {"model": "../cam-oracles/twoconv.onnx", "patch": PATCH, "stride": STRIDE, "classes": cam["classes"], "maps": pack(maps), "torch": torch.__version__}
    (OUT / "twoconv.occlusion.json").write_text(json.dumps(oracle, indent=1) + "\n")
    print(f"wrote twoconv.occlusion.json; map range {maps.min():.4f} .. {maps.max():.4f}")


if __name__ == "__main__":
    main()
