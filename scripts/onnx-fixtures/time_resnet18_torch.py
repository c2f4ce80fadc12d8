"""Time PyTorch eager inference of resnet18 (random init, eval) at 224x224.

Usage: python scripts/onnx-fixtures/time_resnet18_torch.py --batch 32 --threads T --seconds S
Prints one JSON line: {"imagesPerSecond", "torch", "threads", "batch"}.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resnet18_arch import resnet18  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--seconds", type=float, default=5.0)
args = ap.parse_args()
torch.set_num_threads(args.threads)
model, _ = resnet18()
x = torch.randn(args.batch, 3, 224, 224)
with torch.inference_mode():
    model(x)  # warm-up
    n, t0 = 0, time.perf_counter()
    while True:
        model(x)
        n += args.batch
        dt = time.perf_counter() - t0
        if dt >= args.seconds:
            break
print(json.dumps({"imagesPerSecond": n / dt, "torch": torch.__version__, "threads": args.threads, "batch": args.batch}))
