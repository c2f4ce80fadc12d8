"""Export resnet18 (random init, seed 2019, eval) at 224x224, dynamic batch, to ONNX.

Usage: python scripts/onnx-fixtures/export_resnet18.py OUT.onnx [--batch N]
TorchScript exporter, opset 13.  --batch is the example batch used for tracing
(the batch axis stays dynamic).
"""

import argparse
import inspect
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resnet18_arch import resnet18  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--batch", type=int, default=2)
args = ap.parse_args()
torch.set_num_threads(2)
model, source = resnet18()
x = torch.randn(args.batch, 3, 224, 224)
# PyTorch 2.x defaults to the dynamo exporter; 1.13 has only the TorchScript one and no `dynamo` argument.
legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
torch.onnx.export(model, (x,), args.out, opset_version=13, input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, **legacy)
print(f"wrote {args.out} (resnet18 from {source}, torch {torch.__version__})")
