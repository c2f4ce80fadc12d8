"""PyTorch eager reference for `npm run bench`: the ResNet-18 of scripts/bench/resnet18.ts in plain torch.nn.

Random weights, fp32 (TF32 off), torch.no_grad(), eval mode, 224x224 inputs. Measures images/s on CUDA when available
and on the CPU with one thread and with one per core, for each batch size given, and prints one JSON line.
Usage: python3 pytorch_resnet18.py --batches 1,8 --seconds 3
"""
import argparse
import json
import os
import time

import torch
from torch import nn


def conv_bn(cin, cout, kernel, stride):
    # tfjs: conv2d without bias, padding 'same', then batchNormalization (epsilon 1e-3).
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=False),
        nn.BatchNorm2d(cout, eps=1e-3),
    )


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.a = conv_bn(cin, cout, 3, stride)
        self.b = conv_bn(cout, cout, 3, 1)
        # As in resnet18.ts: a 1x1 conv + BN shortcut where the stride or the width changes, else identity.
        self.down = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        y = self.b(torch.relu(self.a(x)))
        return torch.relu(y + self.down(x))


class ResNet18(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.stem = conv_bn(3, 64, 7, 2)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        blocks, cin = [], 64
        for stage, width in enumerate([64, 128, 256, 512]):
            blocks += [BasicBlock(cin, width, 1 if stage == 0 else 2), BasicBlock(width, width, 1)]
            cin = width
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = self.blocks(self.pool(torch.relu(self.stem(x))))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


def images_per_second(model, batch, device, seconds):
    """Mean images/s over at least `seconds` after warm-up; waits for every batch, as the tfjs bench reads each back."""
    x = torch.rand(batch, 3, 224, 224, device=device)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    with torch.no_grad():
        for _ in range(3):
            model(x)
        sync()
        images, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds or images == 0:
            model(x)
            sync()
            images += batch
    return images / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", default="1,8")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.manual_seed(0)
    model = ResNet18().eval()
    results = []
    if torch.cuda.is_available():
        cuda = torch.device("cuda")
        model.to(cuda)
        name = torch.cuda.get_device_name(cuda)
        for batch in batches:
            results.append({"device": "cuda", "deviceName": name, "threads": None, "batch": batch,
                            "imagesPerSecond": images_per_second(model, batch, cuda, args.seconds)})
        model.to("cpu")
    for threads in sorted({1, os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        for batch in batches:
            results.append({"device": "cpu", "deviceName": None, "threads": threads, "batch": batch,
                            "imagesPerSecond": images_per_second(model, batch, torch.device("cpu"), args.seconds)})
    print(json.dumps({
        "torch": torch.__version__,
        "parameters": sum(p.numel() for p in model.parameters()),
        "cudnnBenchmark": torch.backends.cudnn.benchmark,
        "results": results,
    }))


if __name__ == "__main__":
    main()
