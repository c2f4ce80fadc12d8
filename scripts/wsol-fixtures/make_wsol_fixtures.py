"""Write the wsolevaluation split fixtures and score them with wsolevaluation's own evaluator.

What it does
------------
* Writes ``test/fixtures/wsol-splits/`` in the exact layout of a wsolevaluation checkout
  (github.com/clovaai/wsolevaluation, README "Prepare evaluation data"):
  ``metadata/<DATASET>/{val,test}/{image_ids,class_labels,image_sizes,localization}.txt`` (``val`` is the paper's
  ``train-fullsup`` split) and the images under ``dataset/<DATASET>/``:
  - CUB (boxes): ``dataset/CUB/<class>/<name>.jpg``, several boxes for some images;
  - OpenImages (masks): ``dataset/OpenImages/{val,test}/<class>/<id>.jpg`` with one ``<id>_m<class>_<n>.png`` per
    instance and one ``<id>_ignore.png``; localization.txt lists ``image,mask,ignore`` with the ignore path only on an
    image's first line, as wsolevaluation's get_mask_paths requires. Masks are at the image's own size, so they are
    resized to 224 with nearest-neighbour interpolation as wsolevaluation does.
* Defines, per candidate setting (three of them), one 224x224 score map per image of both splits: the maximum of
  integer ellipse ramps, k = floor(255 * max(0, a^2 b^2 - (x - cx)^2 b^2 - (y - cy)^2 a^2) / (a^2 b^2)), value
  k / 255 as float32 -- integers only, so the TypeScript test rebuilds bit-identical maps from the parameters.
* Scores every candidate on both splits with wsolevaluation's evaluation.py, unmodified: BoxEvaluator (MaxBoxAcc,
  δ = 0.5, largest contour) on CUB and MaskEvaluator (PxAP) on OpenImages, τ step 0.01. The selection protocol is then
  applied to their numbers here: the candidate with the highest train-fullsup (val) metric, first in order on ties;
  for boxes, τ = the first argmax of its train-fullsup MaxBoxAcc curve, and test's accuracy at that τ beside test's
  own maximum (the value "chosen on test").
* Writes ``test/fixtures/wsol-splits/expected.json``: the map parameters, each candidate's numbers per split, the
  choice, and wsolevaluation's ground-truth mask pixel counts per image (object, ignore) at 224x224.

wsolevaluation needs munch and torchvision only for training code paths; small stand-ins are put in sys.modules so
evaluation.py imports, and numpy >= 1.24 lacks ``np.float``, which evaluation.py uses, so it is aliased to ``float``.

How to run (from the repository root)::

    # fetch github:clovaai/wsolevaluation to a working tree, e.g. /tmp/wsolevaluation
    /usr/bin/python3 -B scripts/wsol-fixtures/make_wsol_fixtures.py /tmp/wsolevaluation

Debian's python3 with numpy, OpenCV and torch; deterministic (seed 2020); takes a second.
"""

from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import cv2
import numpy as np

OUT = Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'wsol-splits'
SIZE = 224
STEP = 0.01
CANDIDATES = ['gradcam-minmax', 'cam-max', 'layercam-pas']
SPLITS = ['val', 'test']


def load_wsolevaluation(repo: Path) -> types.ModuleType:
    np.float = float  # evaluation.py was written for numpy < 1.24
    munch = types.ModuleType('munch')

    class Munch(dict):
        __getattr__ = dict.__getitem__
        __setattr__ = dict.__setitem__

    munch.Munch = Munch
    torchvision = types.ModuleType('torchvision')
    torchvision.transforms = types.ModuleType('torchvision.transforms')
    sys.modules.update({'munch': munch, 'torchvision': torchvision, 'torchvision.transforms': torchvision.transforms})
    sys.path.insert(0, str(repo))
    import evaluation  # noqa: E402  (the fetched repository)
    return evaluation


def ellipse_map(blobs: list[list[int]]) -> np.ndarray:
    """Maximum over blobs (cx, cy, a, b) of the integer ellipse ramp, as float32 k/255."""
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.int64)
    best = np.zeros((SIZE, SIZE), dtype=np.int64)
    for cx, cy, a, b in blobs:
        whole = a * a * b * b
        inside = whole - (x - cx) ** 2 * b * b - (y - cy) ** 2 * a * a
        best = np.maximum(best, np.maximum(0, 255 * inside) // whole)
    return best.astype(np.float32) / np.float32(255)


def random_blobs(rng: np.random.Generator, near: tuple[float, float, float, float] | None) -> list[list[int]]:
    """One or two blobs; the first over `near` (the object's centre and half-sizes at 224) when given, else anywhere."""
    blobs = []
    for i in range(int(rng.integers(1, 3))):
        if i == 0 and near is not None:
            cx, cy, half_w, half_h = near
            blobs.append([int(cx + rng.integers(-12, 13)), int(cy + rng.integers(-12, 13)),
                          max(3, int(half_w * rng.uniform(0.9, 1.8))), max(3, int(half_h * rng.uniform(0.9, 1.8)))])
        else:
            blobs.append([int(rng.integers(20, 204)), int(rng.integers(20, 204)), int(rng.integers(10, 60)), int(rng.integers(10, 60))])
    return blobs


def write_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(''.join(f'{line}\n' for line in lines))


def write_image(path: Path, width: int, height: int, rng: np.random.Generator) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    colour = rng.integers(0, 256, size=3).astype(np.uint8)
    cv2.imwrite(str(path), np.tile(colour, (height, width, 1)))


def make_cub(rng: np.random.Generator) -> dict:
    """CUB layout: image ids <class>/<name>.jpg relative to dataset/CUB, boxes in original pixels."""
    images = {}
    for split, count in (('val', 5), ('test', 6)):
        ids, labels, sizes, boxes = [], [], [], []
        for i in range(count):
            label = i % 2
            image_id = f'00{label + 1}.Bird_{label}/{split}_{i}.jpg'
            width, height = int(rng.integers(40, 120)), int(rng.integers(40, 120))
            write_image(OUT / 'dataset' / 'CUB' / image_id, width, height, rng)
            ids.append(image_id)
            labels.append(f'{image_id},{label}')
            sizes.append(f'{image_id},{width},{height}')
            centres = []
            for _ in range(1 + (i % 3 == 0)):
                x0, y0 = int(rng.integers(0, width // 2)), int(rng.integers(0, height // 2))
                x1, y1 = int(rng.integers(x0 + 5, width)), int(rng.integers(y0 + 5, height))
                boxes.append(f'{image_id},{x0},{y0},{x1},{y1}')
                centres.append(((x0 + x1) / 2 * SIZE / width, (y0 + y1) / 2 * SIZE / height, (x1 - x0) / 2 * SIZE / width, (y1 - y0) / 2 * SIZE / height))
            images[image_id] = centres[0]
        folder = OUT / 'metadata' / 'CUB' / split
        write_lines(folder / 'image_ids.txt', ids)
        write_lines(folder / 'class_labels.txt', labels)
        write_lines(folder / 'image_sizes.txt', sizes)
        write_lines(folder / 'localization.txt', boxes)
    return images


def make_openimages(rng: np.random.Generator) -> dict:
    """OpenImages layout: <split>/<class>/<id>.jpg with instance masks and one ignore mask, at the image's size."""
    images = {}
    for split, count in (('val', 4), ('test', 5)):
        ids, labels, sizes, lines = [], [], [], []
        for i in range(count):
            label = i % 2
            cls = f'0cls{label}'
            stem = f'{split}/{cls}/{i:04x}{split}'
            image_id = f'{stem}.jpg'
            width, height = int(rng.integers(40, 100)), int(rng.integers(40, 100))
            write_image(OUT / 'dataset' / 'OpenImages' / image_id, width, height, rng)
            ids.append(image_id)
            labels.append(f'{image_id},{label}')
            sizes.append(f'{image_id},{width},{height}')
            ignore = np.zeros((height, width), np.uint8)
            gx0, gy0 = int(rng.integers(0, width // 2)), int(rng.integers(0, height // 2))
            ignore[gy0:gy0 + height // 2, gx0:gx0 + width // 2] = 255
            ignore_path = f'{stem}_ignore.png'
            cv2.imwrite(str(OUT / 'dataset' / 'OpenImages' / ignore_path), ignore)
            centre = None
            for n in range(1 + (i % 2 == 0)):
                mask = np.zeros((height, width), np.uint8)
                cx, cy = int(rng.integers(width // 4, 3 * width // 4)), int(rng.integers(height // 4, 3 * height // 4))
                axes = (int(rng.integers(4, width // 3)), int(rng.integers(4, height // 3)))
                cv2.ellipse(mask, (cx, cy), axes, 0, 0, 360, 255, -1)
                mask_path = f'{stem}_m{cls}_{n:08x}.png'
                cv2.imwrite(str(OUT / 'dataset' / 'OpenImages' / mask_path), mask)
                lines.append(f'{image_id},{mask_path},{ignore_path if n == 0 else ""}')
                centre = centre or (cx * SIZE / width, cy * SIZE / height, axes[0] * SIZE / width, axes[1] * SIZE / height)
            images[image_id] = centre
        folder = OUT / 'metadata' / 'OpenImages' / split
        write_lines(folder / 'image_ids.txt', ids)
        write_lines(folder / 'class_labels.txt', labels)
        write_lines(folder / 'image_sizes.txt', sizes)
        write_lines(folder / 'localization.txt', lines)
    return images


def candidate_maps(rng: np.random.Generator, centres: dict) -> dict:
    """Per candidate, per image id: blob parameters; candidates aim near the object with different spreads."""
    return {name: {image_id: random_blobs(rng, centre if rng.random() < 0.5 + 0.2 * c else None)
                   for image_id, centre in centres.items()}
            for c, name in enumerate(CANDIDATES)}


def evaluate(evaluation: types.ModuleType, dataset: str, split: str, maps: dict) -> dict:
    metadata = evaluation.configure_metadata(str(OUT / 'metadata' / dataset / split))
    kind = evaluation.MaskEvaluator if dataset == 'OpenImages' else evaluation.BoxEvaluator
    evaluator = kind(metadata=metadata, dataset_name=dataset, split=split, cam_threshold_list=list(np.arange(0, 1, STEP)),
                     iou_threshold_list=[30, 50, 70], mask_root=str(OUT / 'dataset' / 'OpenImages'), multi_contour_eval=False)
    for image_id in evaluation.get_image_ids(metadata):
        evaluator.accumulate(ellipse_map(maps[image_id]).astype(np.float64), image_id)
    if dataset == 'OpenImages':
        return {'pxap': float(evaluator.compute()) / 100}
    accuracies = evaluator.num_correct[50] / float(evaluator.cnt)
    best = int(np.argmax(accuracies))
    return {'maxBoxAcc': float(accuracies[best]), 'bestThreshold': round(best * STEP, 10), 'accuracies': accuracies.tolist()}


def protocol(results: dict, metric: str) -> dict:
    """The candidate with the best train-fullsup metric (first on ties), and test evaluated with its settings."""
    chosen = max(CANDIDATES, key=lambda name: (results[name]['val'][metric], -CANDIDATES.index(name)))
    test = results[chosen]['test']
    choice = {'candidate': chosen, 'trainFullsup': results[chosen]['val'][metric]}
    if metric == 'pxap':
        return {**choice, 'test': test['pxap']}
    threshold = results[chosen]['val']['bestThreshold']
    return {**choice, 'threshold': threshold, 'test': test['accuracies'][round(threshold / STEP)],
            'testOracle': test['maxBoxAcc'], 'testOracleThreshold': test['bestThreshold']}


def main() -> None:
    evaluation = load_wsolevaluation(Path(sys.argv[1]).resolve())
    shutil.rmtree(OUT, ignore_errors=True)
    rng = np.random.default_rng(2020)
    expected = {'candidates': CANDIDATES, 'thresholdStep': STEP}
    for dataset, make, metric in (('CUB', make_cub, 'maxBoxAcc'), ('OpenImages', make_openimages, 'pxap')):
        maps = candidate_maps(rng, make(rng))
        results = {name: {split: evaluate(evaluation, dataset, split, maps[name]) for split in SPLITS} for name in CANDIDATES}
        expected[dataset] = {'maps': maps, 'results': results, 'protocol': protocol(results, metric)}
    masks = {}
    for split in SPLITS:
        metadata = evaluation.configure_metadata(str(OUT / 'metadata' / 'OpenImages' / split))
        mask_paths, ignore_paths = evaluation.get_mask_paths(metadata)
        for image_id in evaluation.get_image_ids(metadata):
            mask = evaluation.get_mask(str(OUT / 'dataset' / 'OpenImages'), mask_paths[image_id], ignore_paths[image_id])
            masks[image_id] = {'object': int((mask == 1).sum()), 'ignore': int((mask == 255).sum())}
    expected['OpenImages']['maskPixels'] = masks
    (OUT / 'expected.json').write_text(json.dumps(expected, indent=1) + '\n')
    print(json.dumps({d: expected[d]['protocol'] for d in ('CUB', 'OpenImages')}, indent=1))


if __name__ == '__main__':
    main()
