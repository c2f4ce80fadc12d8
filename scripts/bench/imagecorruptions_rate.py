"""imagecorruptions' throughput per corruption for the corruption bench (scripts/bench/corruptionComparison.ts).

Usage: python imagecorruptions_rate.py --source DIR --rounds N IMAGE.png ...
       python imagecorruptions_rate.py --source DIR --write IMAGE.png ...
DIR is a checkout of github.com/bethgelab/imagecorruptions (its package folder holds the frost photographs). Each round
corrupts every image at severities 1-5 (uint8 in, uint8 out, as the package's corrupt() does); a corruption's figure
is the best round's images/s, by the wall clock and by the process's CPU time (every thread; steadier on a shared
machine). Prints one JSON line: {"numpy": ..., "rates": {name: images/s}, "cpuRates": {name: images/s of CPU time}}.
With --write, after one untimed warm-up call per corruption, every image at every corruption and severity is corrupted
and saved with Pillow's PNG encoder (zlib level 6, as sharp's default) into a temporary folder, in one timed run; prints
{"workers": 1, "files": n, "seconds": wall clock, "cpuSeconds": CPU time}.
"""
import argparse
import json
import os
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--source', required=True)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--only', default='')
    parser.add_argument('--write', action='store_true')
    parser.add_argument('images', nargs='+')
    args = parser.parse_args()
    sys.path.insert(0, args.source)
    import warnings
    warnings.filterwarnings('ignore')
    import numpy as np
    from PIL import Image
    from imagecorruptions import corrupt, get_corruption_names

    images = [np.asarray(Image.open(path).convert('RGB')) for path in args.images]
    names = [n for n in get_corruption_names('all') if not args.only or n in args.only.split(',')]
    if args.write:
        write_all(images, names, corrupt, Image)
        return
    rates = {}
    cpu_rates = {}
    for name in names:
        corrupt(images[0], corruption_name=name, severity=1)  # warm-up: numba compiles, frost photos load
        best = float('inf')
        best_cpu = float('inf')
        for _ in range(args.rounds):
            start = time.perf_counter()
            start_cpu = time.process_time()
            for severity in range(1, 6):
                for image in images:
                    np.uint8(corrupt(image, corruption_name=name, severity=severity))
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - start_cpu)
        rates[name] = 5 * len(images) / best
        cpu_rates[name] = 5 * len(images) / best_cpu
    print(json.dumps({'numpy': np.__version__, 'rates': rates, 'cpuRates': cpu_rates}))


def write_all(images, names, corrupt, Image):
    import numpy as np
    for name in names:
        corrupt(images[0], corruption_name=name, severity=1)  # warm-up, untimed
    files = 0
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        start_cpu = time.process_time()
        for i, image in enumerate(images):
            for name in names:
                for severity in range(1, 6):
                    folder = os.path.join(out, name, str(severity))
                    os.makedirs(folder, exist_ok=True)
                    result = np.uint8(corrupt(image, corruption_name=name, severity=severity))
                    Image.fromarray(result).save(os.path.join(folder, 'photo-%d.png' % i), compress_level=6)
                    files += 1
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - start_cpu
    print(json.dumps({'workers': 1, 'files': files, 'seconds': seconds, 'cpuSeconds': cpu_seconds}))


if __name__ == '__main__':
    main()
