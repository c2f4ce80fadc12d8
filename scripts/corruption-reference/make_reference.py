"""Expected outputs of the reference corruption generators, for test/unit/corruptions/referenceFidelity.test.ts.

Runs the reference code itself, loaded from fetched copies given on the command line (nothing of it is committed):
  --imagenet-c        ImageNet-C/create_c/make_imagenet_c.py   (hendrycks/robustness)
  --cifar-c           ImageNet-C/create_c/make_cifar_c.py      (hendrycks/robustness)
  --imagecorruptions  imagecorruptions/corruptions.py          (bethgelab/imagecorruptions)
Only the functions named below are taken from each file (its module-level set-up needs torch and Wand); they run
with numpy, scipy, scikit-image, OpenCV and Pillow. Writes into --out (default test/fixtures/corruptions/reference):
  inputs/imagenet-<i>.png, inputs/cifar-<i>.png      the clean inputs (sample photos resized with PIL BICUBIC)
  imagenet-c/<corruption>-<severity>-<i>.png          np.uint8 of the generator's output, as it saves them
  cifar-10-c/<corruption>-<severity>-<i>.png
  glass-moves.json    one small image, the offsets np.random drew and the reference's pixel moves on it
  strength.json       mean |corrupted − clean| in grey levels of the random corruptions, per severity, over seeds
"""
import argparse
import ast
import json
import math
import os
import sys
import types
from io import BytesIO

import cv2
import numpy as np
import skimage as sk
from PIL import Image
from scipy.ndimage import zoom as scizoom
from skimage.filters import gaussian as skimage_gaussian

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
SAMPLES = ['0001', '0002', '0003']
DETERMINISTIC = ['zoom_blur', 'defocus_blur', 'pixelate']
STRENGTH_SEEDS = range(6)


def gaussian(image, sigma, multichannel=None, channel_axis=None, **kwargs):
    """skimage.filters.gaussian accepting the old `multichannel=True` the ImageNet-C generator passes."""
    return skimage_gaussian(image, sigma=sigma, channel_axis=-1 if multichannel or channel_axis == -1 else channel_axis, **kwargs)


def load_functions(path, names):
    """The named top-level functions of a reference file, decorators dropped, in a namespace with its imports."""
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    found = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in names]
    missing = set(names) - {node.name for node in found}
    if missing:
        sys.exit(f'{path} lacks {sorted(missing)}: is it the right file?')
    for node in found:
        node.decorator_list = []
    namespace = {'np': np, 'cv2': cv2, 'sk': sk, 'gaussian': gaussian, 'scizoom': scizoom, 'math': math,
                 'PILImage': Image, 'Image': Image, 'BytesIO': BytesIO}
    exec(compile(ast.Module(body=found, type_ignores=[]), path, 'exec'), namespace)
    return types.SimpleNamespace(**{name: namespace[name] for name in names})


def save_png(array, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(np.asarray(array, dtype=np.uint8)).save(path, optimize=True)


def inputs(side):
    """The sample photos as RGB side×side PIL images."""
    return [Image.open(os.path.join(ROOT, 'samples', 'data', 'images', f'{s}.png')).convert('RGB').resize((side, side), Image.BICUBIC) for s in SAMPLES]


def deterministic(generator, images, folder, out):
    for name in DETERMINISTIC:
        for severity in range(1, 6):
            for i, image in enumerate(images):
                save_png(np.uint8(getattr(generator, name)(image, severity)), os.path.join(out, folder, f'{name}-{severity}-{i}.png'))


def strength(corruption, images):
    """Mean |corrupted − clean| in grey levels per severity, over images and STRENGTH_SEEDS."""
    result = []
    for severity in range(1, 6):
        changes = []
        for seed in STRENGTH_SEEDS:
            np.random.seed(seed)
            for image in images:
                changes.append(np.abs(np.uint8(corruption(image, severity)).astype(np.float64) - np.asarray(image, dtype=np.float64)).mean())
        result.append(float(np.mean(changes)))
    return result


def glass_moves(shuffle):
    """The reference's pixel moves on a small image, with the (dx, dy) offsets np.random drew for them."""
    height, width, delta, iterations, seed = 14, 12, 2, 3, 7
    image = np.random.RandomState(1).randint(0, 256, size=(height, width, 3)).astype(np.uint8)
    visits = iterations * (height - 2 * delta) * (width - 2 * delta)
    np.random.seed(seed)
    draws = [int(v) for _ in range(visits) for v in np.random.randint(-delta, delta, size=(2,))]
    np.random.seed(seed)
    moved = shuffle(height, width, image.copy(), (0, delta, iterations))
    return {'height': height, 'width': width, 'delta': delta, 'iterations': iterations,
            'input': image.flatten().tolist(), 'draws': draws, 'output': np.asarray(moved).flatten().tolist()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--imagenet-c', required=True)
    parser.add_argument('--cifar-c', required=True)
    parser.add_argument('--imagecorruptions', required=True)
    parser.add_argument('--out', default=os.path.join(ROOT, 'test', 'fixtures', 'corruptions', 'reference'))
    args = parser.parse_args()
    blur_names = ['disk', 'clipped_zoom', 'defocus_blur', 'zoom_blur', 'pixelate']
    imagenet = load_functions(args.imagenet_c, blur_names + ['glass_blur'])
    cifar = load_functions(args.cifar_c, blur_names)
    modern = load_functions(args.imagecorruptions, ['clipped_zoom', 'getOptimalKernelWidth1D', 'gauss_function', 'getMotionBlurKernel', 'shift',
                                                     '_motion_blur', 'snow', '_shuffle_pixels_njit_glass_blur'])
    large, small = inputs(224), inputs(32)
    for i, (a, b) in enumerate(zip(large, small)):
        save_png(a, os.path.join(args.out, 'inputs', f'imagenet-{i}.png'))
        save_png(b, os.path.join(args.out, 'inputs', f'cifar-{i}.png'))
    deterministic(imagenet, large, 'imagenet-c', args.out)
    deterministic(cifar, small, 'cifar-10-c', args.out)
    with open(os.path.join(args.out, 'glass-moves.json'), 'w') as f:
        json.dump(glass_moves(modern._shuffle_pixels_njit_glass_blur), f)
    figures = {'measure': 'mean |corrupted - clean| in grey levels over the imagenet inputs and numpy seeds',
               'seeds': list(STRENGTH_SEEDS),
               'glass_blur': {'generator': 'make_imagenet_c.py glass_blur', 'bySeverity': strength(imagenet.glass_blur, large)},
               'snow': {'generator': 'imagecorruptions snow (numpy motion blur)', 'bySeverity': strength(modern.snow, large)}}
    with open(os.path.join(args.out, 'strength.json'), 'w') as f:
        json.dump(figures, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
