"""Write the faithfulness oracles: ROAD, deletion / insertion and average drop / increase computed by the reference code.

What it does
------------
* Rebuilds the CAM oracles' network (scripts/cam-oracles/make_cam_oracles.py: seed 16, exported there as
  ``test/fixtures/cam-oracles/twoconv.onnx``) and checks its logits on that oracle's four images against the recorded
  ones. Its logits are nearly equal (softmax close to uniform), so this script scales the last layer by
  ``HEAD_SCALE`` and exports the sharper network as ``test/fixtures/faithfulness-oracles/sharptwoconv.onnx``
  (TorchScript exporter, opset 13, dynamic batch), which both sides run. The model scored is that network followed by a
  softmax: every score is a softmax probability; RISE scores the image's top-1 class, pytorch-grad-cam's metrics the
  class of ``EXPLAINED`` (target ``lambda out: out[c]`` on the probabilities, as its ClassifierOutputTarget reads the
  output it is given).
* Makes one saliency map per image: smooth random values in [0, 1] (float32, no two equal, so RISE's order by
  decreasing saliency has no ties to break).
* Runs pytorch-grad-cam's own metric classes (github.com/jacobgil/pytorch-grad-cam, pytorch_grad_cam/metrics:
  road.py, perturbation_confidence.py, cam_mult_image.py) on them:
  - NoisyLinearImputer with noise 0 (its default, 0.01, patched to 0): the imputed images of RemoveMostRelevantFirst
    and RemoveLeastRelevantFirst at percentiles 10, 50, 90, and ROADMostRelevantFirst / ROADLeastRelevantFirst scores
    (return_diff=False) at every percentile 10..90, and ROADCombined per image;
  - with the default noise 0.01: ROADCombined per image over 40 torch seeds (mean and standard deviation), for a
    statistical comparison of the noisy path;
  - DropInConfidence and IncreaseInConfidence (the image times the map).
* Runs RISE's own CausalMetric (github.com/eclique/RISE, evaluation.py; HW set to 24*24, .cuda() made a no-op,
  its plotting imports stubbed) for deletion (substrate torch.zeros_like) and insertion (substrate the blur of
  Evaluation.ipynb: conv2d with gkern(11, 5), padding 5) at step 53 pixels (11 steps, the last one partial),
  with its auc(); records gkern(11, 5)'s 11x11 kernel and the blurred images.
* Writes ``test/fixtures/faithfulness-oracles/sharptwoconv.faithfulness.json`` (float32 arrays as base64, as
  test/fixtures/oracleArrays.ts reads them; images NHWC).

How to run (from the repository root)::

    python3 -m venv /tmp/venv-faith
    /tmp/venv-faith/bin/pip install --index-url file:///opt/pypi/simple --extra-index-url file:///opt/pypi-more/simple \\
        torch numpy scipy onnx opencv-python-headless
    # a checkout of both references side by side, e.g. from git archives of the two repositories:
    #   REF/pytorch_grad_cam/...   (jacobgil/pytorch-grad-cam at 084273b3f30b54ad0c64cf8020a4337d979a66e0)
    #   REF/evaluation.py          (eclique/RISE at d91ea006d4bb9b7990347fe97086bdc0f5c1fe10)
    /tmp/venv-faith/bin/python -B scripts/faithfulness-oracles/make_faithfulness_oracles.py REF

Deterministic (seeds fixed, one thread); takes a few seconds.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import sys
import types
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "fixtures" / "faithfulness-oracles"
CAM_ORACLE = ROOT / "test" / "fixtures" / "cam-oracles" / "twoconv.oracle.json"
PERCENTILES = [10, 20, 30, 40, 50, 60, 70, 80, 90]
IMPUTED_PERCENTILES = [10, 50, 90]
RISE_STEP = 53
NOISY_SEEDS = 40
HEAD_SCALE = 40.0
# The class each image's map explains in pytorch-grad-cam's metrics (as with --target gt); RISE always scores the top-1 class.
EXPLAINED = [0, 1, 2, 3]


def pack(array: np.ndarray) -> dict:
    a = np.ascontiguousarray(array, dtype="<f4")
    return {"shape": list(a.shape), "base64": base64.b64encode(a.tobytes()).decode("ascii")}


def unpack(packed: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(packed["base64"]), dtype="<f4").reshape(packed["shape"])


def load_module(name: str, path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def references(ref: Path) -> tuple[types.ModuleType, types.ModuleType, types.ModuleType, types.ModuleType]:
    """pytorch-grad-cam's metric modules (its package __init__, which imports every CAM, skipped) and RISE's evaluation.py."""
    package = types.ModuleType("pytorch_grad_cam")
    package.__path__ = [str(ref / "pytorch_grad_cam")]
    sys.modules["pytorch_grad_cam"] = package
    metrics = types.ModuleType("pytorch_grad_cam.metrics")
    metrics.__path__ = [str(ref / "pytorch_grad_cam" / "metrics")]
    sys.modules["pytorch_grad_cam.metrics"] = metrics
    perturbation = load_module("pytorch_grad_cam.metrics.perturbation_confidence", ref / "pytorch_grad_cam/metrics/perturbation_confidence.py")
    road = load_module("pytorch_grad_cam.metrics.road", ref / "pytorch_grad_cam/metrics/road.py")
    cam_mult = load_module("pytorch_grad_cam.metrics.cam_mult_image", ref / "pytorch_grad_cam/metrics/cam_mult_image.py")
    # RISE's evaluation.py takes numpy and torch from its utils.py (which also loads torchvision and matplotlib for
    # plotting) and imports tqdm; CausalMetric.single_run at verbose=0 needs only numpy and torch.
    sys.modules["utils"] = types.SimpleNamespace(np=np, torch=torch)
    sys.modules["tqdm"] = types.SimpleNamespace(tqdm=lambda x, **_: x)
    rise = load_module("rise_evaluation", ref / "evaluation.py")
    rise.HW = 24 * 24
    torch.Tensor.cuda = lambda self, *args, **kwargs: self
    return perturbation, road, cam_mult, rise


def smooth_maps(generator: torch.Generator, count: int, size: int) -> np.ndarray:
    coarse = torch.rand(count, 1, 5, 5, generator=generator, dtype=torch.float64)
    fine = torch.nn.functional.interpolate(coarse, size=(size, size), mode="bicubic", align_corners=False)[:, 0]
    fine = fine + 1e-3 * torch.rand(fine.shape, generator=generator, dtype=torch.float64)
    flat = fine.flatten(1)
    fine = (fine - flat.min(1)[0][:, None, None]) / (flat.max(1)[0] - flat.min(1)[0])[:, None, None]
    maps = fine.numpy().astype(np.float32)
    for m in maps:
        assert len(np.unique(m)) == m.size, "a map has ties"
    return maps


def main() -> None:
    ref = Path(sys.argv[1]).resolve()
    torch.set_num_threads(1)
    perturbation, road, cam_mult, rise = references(ref)
    cam_oracles = load_module("make_cam_oracles", ROOT / "scripts" / "cam-oracles" / "make_cam_oracles.py")
    torch.manual_seed(16)
    network = cam_oracles.TwoConv().eval()
    oracle = json.loads(CAM_ORACLE.read_text())
    x_nhwc = unpack(oracle["x01"]).copy()
    x = torch.from_numpy(x_nhwc).permute(0, 3, 1, 2).contiguous()
    with torch.no_grad():
        logits = network(x)
    assert np.abs(logits.numpy() - unpack(oracle["logits"])).max() < 1e-5, "not the network of twoconv.onnx"
    count, size = x.shape[0], x.shape[-1]
    with torch.no_grad():
        network.fc.weight.mul_(HEAD_SCALE)
        network.fc.bias.mul_(HEAD_SCALE)
    OUT.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(network, (torch.rand(2, 3, size, size),), str(OUT / "sharptwoconv.onnx"), dynamo=False, opset_version=13,
                      input_names=["input"], output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    model = torch.nn.Sequential(network, torch.nn.Softmax(dim=1)).eval()
    with torch.no_grad():
        probabilities = model(x)
    classes = probabilities.argmax(1).tolist()
    targets = [lambda out, c=c: out[c] for c in EXPLAINED]
    maps = smooth_maps(torch.Generator().manual_seed(16), count, size)

    # pytorch-grad-cam without noise: NoisyLinearImputer's default noise patched to 0.
    road.NoisyLinearImputer.__init__.__defaults__ = (0.0, road.neighbors_weights)
    imputed = {}
    for order, cls in (("morf", perturbation.RemoveMostRelevantFirst), ("lerf", perturbation.RemoveLeastRelevantFirst)):
        imputed[order] = np.stack([
            np.stack([cls(p, road.NoisyLinearImputer())(x[i], torch.from_numpy(maps[i])).permute(1, 2, 0).numpy() for p in IMPUTED_PERCENTILES])
            for i in range(count)])
    curves = {
        order: np.stack([cls(p)(x, maps, targets, model, return_diff=False) for p in PERCENTILES], axis=1)
        for order, cls in (("morf", road.ROADMostRelevantFirst), ("lerf", road.ROADLeastRelevantFirst))
    }
    combined = road.ROADCombined(PERCENTILES)(x, maps, targets, model)

    # With the default noise (0.01), over many seeds.
    road.NoisyLinearImputer.__init__.__defaults__ = (0.01, road.neighbors_weights)
    noisy = []
    for seed in range(NOISY_SEEDS):
        torch.manual_seed(seed)
        noisy.append(road.ROADCombined(PERCENTILES)(x, maps, targets, model))
    noisy = np.stack(noisy)

    drop = cam_mult.DropInConfidence()(x, maps, targets, model)
    increase = cam_mult.IncreaseInConfidence()(x, maps, targets, model)

    kernel = rise.gkern(11, 5)
    blur = lambda image: torch.nn.functional.conv2d(image, kernel, padding=11 // 2)  # RISE Evaluation.ipynb
    deletion_metric = rise.CausalMetric(model, "del", RISE_STEP, torch.zeros_like)
    insertion_metric = rise.CausalMetric(model, "ins", RISE_STEP, blur)
    with torch.no_grad():
        deletion = np.stack([deletion_metric.single_run(x[i:i + 1].clone(), maps[i]) for i in range(count)])
        insertion = np.stack([insertion_metric.single_run(x[i:i + 1].clone(), maps[i]) for i in range(count)])
        blurred = blur(x).permute(0, 2, 3, 1).numpy()

    result = {
        "model": "sharptwoconv.onnx",
        "references": {"pytorch-grad-cam": "084273b3f30b54ad0c64cf8020a4337d979a66e0", "RISE": "d91ea006d4bb9b7990347fe97086bdc0f5c1fe10"},
        "x01": oracle["x01"],
        "classes": classes,
        "explained": EXPLAINED,
        "probabilities": pack(probabilities.numpy()),
        "maps": pack(maps),
        "percentiles": PERCENTILES,
        "imputedPercentiles": IMPUTED_PERCENTILES,
        "imputedMorf": pack(imputed["morf"]),
        "imputedLerf": pack(imputed["lerf"]),
        "roadMorf": pack(curves["morf"]),
        "roadLerf": pack(curves["lerf"]),
        "roadCombined": pack(combined),
        "noisyRoadCombinedMean": pack(noisy.mean(0)),
        "noisyRoadCombinedStd": pack(noisy.std(0)),
        "dropInConfidence": pack(drop),
        "increaseInConfidence": pack(increase),
        "riseStep": RISE_STEP,
        "gkern": pack(kernel[0, 0].numpy()),
        "blurred": pack(blurred),
        "deletion": pack(deletion),
        "insertion": pack(insertion),
        "deletionAuc": pack(np.array([rise.auc(s) for s in deletion])),
        "insertionAuc": pack(np.array([rise.auc(s) for s in insertion])),
    }
    (OUT / "sharptwoconv.faithfulness.json").write_text(json.dumps(result, indent=1) + "\n")
    print("classes", classes, "probabilities", probabilities.numpy().max(1), "combined", combined, "noisy std", noisy.std(0), "drop", drop, "increase", increase)


if __name__ == "__main__":
    main()
