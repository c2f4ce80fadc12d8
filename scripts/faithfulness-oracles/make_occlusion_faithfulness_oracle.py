"""Write the oracle of faithfulness measured on occlusion sensitivity maps (definitions.md §3 map, §4 faithfulness).

What it does
------------
* Rebuilds the faithfulness oracles' sharpened network (make_faithfulness_oracles.py: the CAM oracles' TwoConv, seed 16,
  last layer scaled by HEAD_SCALE; exported there as ``test/fixtures/faithfulness-oracles/sharptwoconv.onnx``) followed
  by a softmax, on the same four 24x24 images.
* Computes each image's occlusion sensitivity map by an explicit loop, without Captum: a PATCH x PATCH window filled
  with 0 slides with stride STRIDE (windows at 0, 4, …, 16 on each side); the map at a pixel is the mean, over the
  windows covering it, of p_c(x) − p_c(x occluded), c the image's top-1 class (the engine's ``--target top1``; RISE
  scores the top-1 class too). Then min-max normalises each map
  ((M − min) / (max − min), float32), as the localisation run with ``--norm minmax`` does.
* Measures those maps with the reference code, as make_faithfulness_oracles.py does: pytorch-grad-cam's
  ROADMostRelevantFirst / ROADLeastRelevantFirst (NoisyLinearImputer's noise patched to 0) at percentiles 10..90 and
  ROADCombined, DropInConfidence and IncreaseInConfidence; RISE's CausalMetric deletion (zeros) and insertion (the
  gkern(11, 5) blur) at RISE_STEP pixels, all of the top-1 class. An occlusion map is piecewise constant, so RISE's
  np.argsort would order ties arbitrarily: RISE is given the map minus 1e-12 × the pixel index (float64), which orders
  equal values by index, lowest first, as the engine does, and leaves every other order unchanged.
* Writes ``test/fixtures/faithfulness-oracles/sharptwoconv.occlusion-faithfulness.json`` (float32 arrays as base64).

How to run (from the repository root), with the references checked out as for make_faithfulness_oracles.py::

    /usr/bin/python3 -B scripts/faithfulness-oracles/make_occlusion_faithfulness_oracle.py REF

Deterministic (one thread); takes a few seconds.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import types
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "fixtures" / "faithfulness-oracles"
PATCH = 8
STRIDE = 4


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def occlusion_map(model: torch.nn.Module, image: torch.Tensor, target: int) -> np.ndarray:
    """Mean drop of the target's probability over the zero-filled windows covering each pixel, by an explicit loop."""
    _, height, width = image.shape
    with torch.no_grad():
        original = model(image[None])[0, target].item()
        total = np.zeros((height, width), dtype=np.float64)
        count = np.zeros((height, width), dtype=np.float64)
        for top in range(0, height - PATCH + 1, STRIDE):
            for left in range(0, width - PATCH + 1, STRIDE):
                occluded = image.clone()
                occluded[:, top:top + PATCH, left:left + PATCH] = 0
                total[top:top + PATCH, left:left + PATCH] += original - model(occluded[None])[0, target].item()
                count[top:top + PATCH, left:left + PATCH] += 1
    assert (count > 0).all(), "every pixel is covered"
    return total / count


def main() -> None:
    ref = Path(sys.argv[1]).resolve()
    torch.set_num_threads(1)
    base = load("make_faithfulness_oracles", ROOT / "scripts" / "faithfulness-oracles" / "make_faithfulness_oracles.py")
    perturbation, road, cam_mult, rise = base.references(ref)
    # make_cam_oracles.py imports onnx to export its network; nothing is exported here, so a missing onnx is stubbed.
    sys.modules.setdefault("onnx", types.ModuleType("onnx"))
    cam_oracles = load("make_cam_oracles", ROOT / "scripts" / "cam-oracles" / "make_cam_oracles.py")
    torch.manual_seed(16)
    network = cam_oracles.TwoConv().eval()
    oracle = json.loads(base.CAM_ORACLE.read_text())
    x = torch.from_numpy(base.unpack(oracle["x01"]).copy()).permute(0, 3, 1, 2).contiguous()
    with torch.no_grad():
        assert np.abs(network(x).numpy() - base.unpack(oracle["logits"])).max() < 1e-5, "not the network of twoconv.onnx"
        network.fc.weight.mul_(base.HEAD_SCALE)
        network.fc.bias.mul_(base.HEAD_SCALE)
    model = torch.nn.Sequential(network, torch.nn.Softmax(dim=1)).eval()
    count, size = x.shape[0], x.shape[-1]
    with torch.no_grad():
        explained = model(x).argmax(1).tolist()

    raw = np.stack([occlusion_map(model, x[i], explained[i]) for i in range(count)])
    low = raw.reshape(count, -1).min(1)[:, None, None]
    high = raw.reshape(count, -1).max(1)[:, None, None]
    assert (high > low).all(), "no occlusion map is constant"
    maps = ((raw - low) / (high - low)).astype(np.float32)
    targets = [lambda out, c=c: out[c] for c in explained]

    road.NoisyLinearImputer.__init__.__defaults__ = (0.0, road.neighbors_weights)
    curves = {
        order: np.stack([cls(p)(x, maps, targets, model, return_diff=False) for p in base.PERCENTILES], axis=1)
        for order, cls in (("morf", road.ROADMostRelevantFirst), ("lerf", road.ROADLeastRelevantFirst))
    }
    combined = road.ROADCombined(base.PERCENTILES)(x, maps, targets, model)
    drop = cam_mult.DropInConfidence()(x, maps, targets, model)
    increase = cam_mult.IncreaseInConfidence()(x, maps, targets, model)

    kernel = rise.gkern(11, 5)
    blur = lambda image: torch.nn.functional.conv2d(image, kernel, padding=11 // 2)  # RISE Evaluation.ipynb
    tie_break = np.arange(size * size, dtype=np.float64).reshape(size, size) * 1e-12
    deletion_metric = rise.CausalMetric(model, "del", base.RISE_STEP, torch.zeros_like)
    insertion_metric = rise.CausalMetric(model, "ins", base.RISE_STEP, blur)
    deletion, insertion = [], []
    with torch.no_grad():
        for i in range(count):
            ordered = maps[i].astype(np.float64) - tie_break
            deletion.append(deletion_metric.single_run(x[i:i + 1].clone(), ordered))
            insertion.append(insertion_metric.single_run(x[i:i + 1].clone(), ordered))
    deletion = np.stack(deletion)
    insertion = np.stack(insertion)

    result = {
        "model": "sharptwoconv.onnx",
        "references": {"pytorch-grad-cam": "084273b3f30b54ad0c64cf8020a4337d979a66e0", "RISE": "d91ea006d4bb9b7990347fe97086bdc0f5c1fe10"},
        "patch": PATCH,
        "stride": STRIDE,
        "explained": explained,
        "maps": base.pack(maps),
        "percentiles": base.PERCENTILES,
        "roadMorf": base.pack(curves["morf"]),
        "roadLerf": base.pack(curves["lerf"]),
        "roadCombined": base.pack(combined),
        "dropInConfidence": base.pack(drop),
        "increaseInConfidence": base.pack(increase),
        "riseStep": base.RISE_STEP,
        "deletion": base.pack(deletion),
        "insertion": base.pack(insertion),
        "deletionAuc": base.pack(np.array([rise.auc(curve) for curve in deletion])),
        "insertionAuc": base.pack(np.array([rise.auc(curve) for curve in insertion])),
        "torch": torch.__version__,
    }
    (OUT / "sharptwoconv.occlusion-faithfulness.json").write_text(json.dumps(result, indent=1) + "\n")
    print("wrote", OUT / "sharptwoconv.occlusion-faithfulness.json")


if __name__ == "__main__":
    main()
