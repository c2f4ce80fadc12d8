#!/usr/bin/env python3
"""Writes the tiny benchmark-set fixtures in test/fixtures/benchmark-sets/ in the exact published layouts.

CIFAR-10-C/100-C: <corruption>.npy, uint8 (5 * n, H, W, 3), severity 1 first, beside labels.npy.
CIFAR-10 binary:  test_batch.bin, records of 1 label byte + 3072 bytes (R plane, G plane, B plane), batches.meta.txt.
CIFAR-100 binary: test.bin, records of 2 label bytes (coarse, fine) + 3072 bytes, fine_label_names.txt.
Also the bad files the readers must name, and expected.json: what numpy holds, for the tests to compare with.
Needs only numpy. Run: python3 scripts/benchmark-fixtures/make_fixtures.py
"""
import base64
import json
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'benchmark-sets')
SEVERITIES = 5


def out(*parts):
    path = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.uint8).tobytes()).decode('ascii')


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

    with open(out('expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
