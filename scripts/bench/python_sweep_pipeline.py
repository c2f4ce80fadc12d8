"""The Python pipeline a user would otherwise run for a corruption sweep, for the end-to-end bench (sweepEndToEnd.ts).

Usage: python python_sweep_pipeline.py --source DIR --threads N IMAGE.png ...
DIR is a checkout of github.com/bethgelab/imagecorruptions. The network is scripts/onnx-fixtures/resnet18_arch.py's
ResNet-18 (seed 2019, eval), the one export_resnet18.py writes as ONNX. The images are decoded once; then the clean
pass and every corruption x severity 1-5: each image corrupted by imagecorruptions.corrupt (uint8 in, uint8 out),
scaled to [0, 1], normalised with ImageNet's mean/std, the batch run through PyTorch eager (inference_mode, fp32, N
threads) and its top-1 error counted. Prints one JSON line: {"torch", "numpy", "conditions", "images", "seconds", "clean"},
seconds from the first decode to the last error (imports and building the network excluded).
"""
import argparse
import json
import sys
import time
from pathlib import Path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--source', required=True)
    parser.add_argument('--threads', type=int, required=True)
    parser.add_argument('--labels', required=True, help='comma-separated class index of each image')
    parser.add_argument('images', nargs='+')
    args = parser.parse_args()
    sys.path.insert(0, args.source)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'onnx-fixtures'))
    import warnings
    warnings.filterwarnings('ignore')
    import numpy as np
    import torch
    from PIL import Image
    from imagecorruptions import corrupt, get_corruption_names
    from resnet18_arch import resnet18

    torch.set_num_threads(args.threads)
    model, _ = resnet18()
    labels = torch.tensor([int(label) for label in args.labels.split(',')])
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)

    def top1_error(batch):
        x = torch.from_numpy(np.stack(batch).astype(np.float32) / 255).permute(0, 3, 1, 2)
        with torch.inference_mode():
            logits = model((x - mean) / std)
        return float((logits.argmax(1) != labels).float().mean())

    corrupt(np.zeros((224, 224, 3), np.uint8), corruption_name='glass_blur', severity=1)  # numba compiles once
    start = time.perf_counter()
    images = [np.asarray(Image.open(path).convert('RGB')) for path in args.images]
    errors = {'clean': top1_error(images)}
    for name in get_corruption_names('all'):
        for severity in range(1, 6):
            batch = [np.uint8(corrupt(image, corruption_name=name, severity=severity)) for image in images]
            errors[f'{name}-{severity}'] = top1_error(batch)
    seconds = time.perf_counter() - start
    print(json.dumps({'torch': torch.__version__, 'numpy': np.__version__, 'conditions': len(errors), 'images': len(images), 'seconds': seconds, 'clean': errors['clean']}))


if __name__ == '__main__':
    main()
