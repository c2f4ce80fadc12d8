#!/usr/bin/env python3
"""Writes the tiny benchmark-set fixtures in test/fixtures/benchmark-sets/ in the exact published layouts.

CIFAR-10-C/100-C: <corruption>.npy, uint8 (5 * n, H, W, 3), severity 1 first, beside labels.npy.
CIFAR-10 binary:  test_batch.bin, records of 1 label byte + 3072 bytes (R plane, G plane, B plane), batches.meta.txt.
CIFAR-100 binary: test.bin, records of 2 label bytes (coarse, fine) + 3072 bytes, fine_label_names.txt.
ImageNet validation / ImageNet-Sketch / ImageNet-A / ImageNet-R: ImageFolder trees of WordNet-id class folders (a few of
the classes, solid-colour JPEGs named as in each release); ImageNet-V2: class folders named by class index (0, 10, 2, 999).
Also the bad files the readers must name, and expected.json: what numpy holds, for the tests to compare with. For the
ImageNet trees: each image's ImageNet-1k label and the top-1 class and confidence of the linear model
logits = mean RGB (in [0, 1]) @ W + b (imagenet_weights below), over all 1000 classes or, for ImageNet-A and -R, over the
set's 200 classes only (`logits[:, subset]`, as the authors' eval.py scores).
Needs numpy and OpenCV (JPEG encode/decode). Run: python3 scripts/benchmark-fixtures/make_fixtures.py
"""
import base64
import json
import os

import cv2
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'benchmark-sets')
TABLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'engine', 'data', 'imagenet')
SEVERITIES = 5
IMAGENET_CLASSES = 1000
# Top-1 margins below this are redrawn, so float32 arithmetic in the engine cannot flip an expected prediction (the tests check
# that the engine decodes each solid-colour JPEG to the same colour as OpenCV).
MIN_MARGIN = 0.01


def out(*parts):
    path = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.uint8).tobytes()).decode('ascii')


def imagenet_weights():
    """W [3, 1000] and b [1000] of the fixture's linear ImageNet model; the tests build the same model from this formula."""
    k = np.arange(IMAGENET_CLASSES, dtype=np.float64)
    w = np.stack([20 * np.sin(0.9 * k + 1.7 * c + 0.3 * (k % 13) * c) for c in range(3)])
    b = 5 * np.cos(1.1 * k)
    return w, b


def margin(row):
    top = np.sort(row)[-2:]
    return top[1] - top[0]


def softmax(row):
    e = np.exp(row - row.max())
    return e / e.sum()


def write_imagenet_tree(rng, name, folders, labels, file_names, subset, must_hit=()):
    """
    A tree <folder>/<file> of solid-colour 32x48 JPEGs; returns what the sweep must find for each image, by image id. The
    first image of each class in `must_hit` is drawn until the model classifies it right, so the error is neither 0 nor 1.
    """
    w, b = imagenet_weights()
    images = {}
    for folder, label in zip(folders, labels):
        for n, file_name in enumerate(file_names(folder)):
            path = out(name, folder, file_name)
            for colour in rng.integers(0, 256, size=(20000, 3)):
                bgr = np.zeros((32, 48, 3), dtype=np.uint8) + colour[::-1].astype(np.uint8)
                logits = colour / 255 @ w + b
                scored = logits[subset] if subset is not None else logits
                top = int(np.argmax(scored))
                predicted = int(subset[top]) if subset is not None else top
                if margin(scored) < MIN_MARGIN or margin(logits) < MIN_MARGIN or (n == 0 and label in must_hit and predicted != label):
                    continue
                # Scored on the colour the JPEG decodes to, which the tests check the engine decodes too.
                cv2.imwrite(path, bgr, [cv2.IMWRITE_JPEG_QUALITY, 95])
                decoded = cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB).reshape(-1, 3)
                if (decoded == decoded[0]).all() and (decoded[0] == colour).all():
                    break
            else:
                raise RuntimeError('no colour gives %s a clear prediction' % path)
            images[folder + '/' + file_name] = {
                'label': label, 'rgb': colour.tolist(), 'predicted': predicted, 'unrestrictedPredicted': int(np.argmax(logits)),
                'confidence': float(softmax(scored)[top]),
            }
    wrong = sum(1 for image in images.values() if image['predicted'] != image['label'])
    return {'images': images, 'cleanError': wrong / len(images)}


def write_imagenet_sets(rng, expected):
    with open(os.path.join(TABLES, 'imagenet_class_index.json')) as f:
        table = json.load(f)
    wnids = [table[str(i)][0] for i in range(IMAGENET_CLASSES)]
    with open(os.path.join(TABLES, 'benchmark_subsets.json')) as f:
        subsets = json.load(f)
    sets = {}
    # ImageNet validation as torchvision's ImageFolder layout: ILSVRC2012_val_<n>.JPEG in <wnid>/.
    # Classes the fixture model predicts for some colour, so each tree has right and wrong predictions.
    val = [896, 805, 902]
    counter = iter(range(1, 100))
    sets['imagenet-val'] = write_imagenet_tree(rng, 'imagenet-val', [wnids[i] for i in val], val, lambda _: ['ILSVRC2012_val_%08d.JPEG' % next(counter) for _ in range(2)], None, val)
    sets['imagenet-sketch'] = write_imagenet_tree(rng, 'imagenet-sketch', [wnids[i] for i in [674, 987]], [674, 987], lambda _: ['sketch_%d.JPEG' % n for n in range(2)], None, [674, 987])
    # ImageNet-V2: folders named by class index; as strings they sort 0, 297, 57, 805 (the model never predicts 57).
    v2 = [0, 57, 297, 805]
    sets['imagenet-v2'] = write_imagenet_tree(rng, 'imagenet-v2', [str(i) for i in v2], v2, lambda f: ['%s%02d.jpeg' % ('ab12cd34ef' if f != '57' else '0f9e8d7c6b', n) for n in range(2)], None, [0, 297, 805])
    a = [11, 57, 428]
    sets['imagenet-a'] = write_imagenet_tree(rng, 'imagenet-a', [wnids[i] for i in a], a, lambda f: ['0.%06d_%s _ %s_0.5.jpg' % (n, f, f) for n in range(3)], np.array(subsets['imagenet-a']), a)
    r = [148, 583, 701]
    sets['imagenet-r'] = write_imagenet_tree(rng, 'imagenet-r', [wnids[i] for i in r], r, lambda _: ['art_%d.jpg' % n for n in range(3)], np.array(subsets['imagenet-r']), r)
    for name in ['imagenet-a', 'imagenet-r']:
        images = sets[name]['images'].values()
        assert any(i['unrestrictedPredicted'] != i['predicted'] for i in images), name + ': restricting must change some prediction'
        assert all(label in subsets[name] for label in (a if name == 'imagenet-a' else r))
    expected['imagenet'] = {'subsets': {name: subsets[name] for name in ['imagenet-a', 'imagenet-r']}, 'sets': sets}
    # Bad trees (labels unused): a folder that is no wnid, a V2 folder that is no class index, an ImageNet-A tree with a class outside its 200.
    write_imagenet_tree(rng, os.path.join('bad', 'imagenet-not-wnid'), [wnids[5], 'goldfish'], [-1, -1], lambda _: ['x.JPEG'], None)
    write_imagenet_tree(rng, os.path.join('bad', 'imagenet-v2-padded'), ['7', '007'], [-1, -1], lambda _: ['x.jpeg'], None)
    outside = next(i for i in range(IMAGENET_CLASSES) if i not in subsets['imagenet-a'])
    write_imagenet_tree(rng, os.path.join('bad', 'imagenet-a-outside'), [wnids[subsets['imagenet-a'][0]], wnids[outside]], [-1, -1], lambda _: ['x.jpg'], None)


def main():
    rng = np.random.default_rng(20240517)
    expected = {}

    # CIFAR-10 binary test batch: 4 records, labels from the 10 classes.
    cifar10 = rng.integers(0, 256, size=(4, 32, 32, 3), dtype=np.uint8)
    labels10 = np.array([3, 8, 0, 6], dtype=np.uint8)
    with open(out('cifar-10-batches-bin', 'test_batch.bin'), 'wb') as f:
        for image, label in zip(cifar10, labels10):
            f.write(bytes([label]))
            f.write(np.transpose(image, (2, 0, 1)).tobytes())  # CHW, as the binary distribution stores it
    names10 = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']
    with open(out('cifar-10-batches-bin', 'batches.meta.txt'), 'w') as f:
        f.write('\n'.join(names10) + '\n\n')  # the published file ends with blank lines
    expected['cifar10'] = {'labels': labels10.tolist(), 'hwc': b64(cifar10), 'classNames': names10}

    # CIFAR-100 binary test set: 3 records with (coarse, fine) labels; the fine label is used.
    cifar100 = rng.integers(0, 256, size=(3, 32, 32, 3), dtype=np.uint8)
    coarse = np.array([4, 1, 19], dtype=np.uint8)
    fine = np.array([49, 33, 99], dtype=np.uint8)
    with open(out('cifar-100-binary', 'test.bin'), 'wb') as f:
        for image, c, l in zip(cifar100, coarse, fine):
            f.write(bytes([c, l]))
            f.write(np.transpose(image, (2, 0, 1)).tobytes())
    names100 = ['class_%02d' % i for i in range(100)]
    with open(out('cifar-100-binary', 'fine_label_names.txt'), 'w') as f:
        f.write('\n'.join(names100) + '\n')
    expected['cifar100'] = {'labels': fine.tolist(), 'hwc': b64(cifar100)}

    # CIFAR-10-C: the 4 test images above, 8x8, at 5 severities; labels.npy as released (5 * n, int64).
    arrays = {}
    for name in ['gaussian_noise', 'fog']:
        array = rng.integers(0, 256, size=(SEVERITIES * 4, 8, 8, 3), dtype=np.uint8)
        np.save(out('cifar-10-c', name + '.npy'), array)
        arrays[name] = b64(array)
    np.save(out('cifar-10-c', 'labels.npy'), np.tile(labels10.astype(np.int64), SEVERITIES))
    expected['cifar10c'] = {'labels': labels10.tolist(), 'arrays': arrays, 'height': 8, 'width': 8, 'imageCount': 4}

    # CIFAR-100-C: n labels only (uint8), and the array in .npy format version 2.0.
    contrast = rng.integers(0, 256, size=(SEVERITIES * 3, 6, 5, 3), dtype=np.uint8)
    with open(out('cifar-100-c', 'contrast.npy'), 'wb') as f:
        np.lib.format.write_array(f, contrast, version=(2, 0))
    np.save(out('cifar-100-c', 'labels.npy'), fine)
    expected['cifar100c'] = {'labels': fine.tolist(), 'contrast': b64(contrast), 'height': 6, 'width': 5, 'imageCount': 3}

    # Bad files, each in its own folder.
    good_labels = np.tile(labels10.astype(np.int64), SEVERITIES)
    np.save(out('bad', 'wrong-shape', 'fog.npy'), rng.integers(0, 256, size=(19, 8, 8, 3), dtype=np.uint8))
    np.save(out('bad', 'wrong-shape', 'labels.npy'), good_labels)
    np.save(out('bad', 'label-count', 'fog.npy'), rng.integers(0, 256, size=(20, 8, 8, 3), dtype=np.uint8))
    np.save(out('bad', 'label-count', 'labels.npy'), np.arange(7, dtype=np.int64))
    disagreeing = good_labels.copy()
    disagreeing[13] = (disagreeing[13] + 1) % 10
    np.save(out('bad', 'labels-disagree', 'fog.npy'), rng.integers(0, 256, size=(20, 8, 8, 3), dtype=np.uint8))
    np.save(out('bad', 'labels-disagree', 'labels.npy'), disagreeing)
    np.save(out('bad', 'fortran-order', 'fog.npy'), np.asfortranarray(rng.integers(0, 256, size=(20, 8, 8, 3), dtype=np.uint8)))
    np.save(out('bad', 'fortran-order', 'labels.npy'), good_labels)
    np.save(out('bad', 'float-images', 'fog.npy'), rng.random(size=(20, 8, 8, 3)).astype(np.float32))
    np.save(out('bad', 'float-images', 'labels.npy'), good_labels)
    with open(out('bad', 'cifar-truncated', 'test_batch.bin'), 'wb') as f:
        f.write(bytes(3073 * 2 + 100))

    write_imagenet_sets(rng, expected)

    with open(out('expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
