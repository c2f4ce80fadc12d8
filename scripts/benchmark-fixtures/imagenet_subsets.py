#!/usr/bin/env python3
"""Writes src/engine/data/imagenet/benchmark_subsets.json: the ImageNet-1k class indices of ImageNet-A's and ImageNet-R's
200 classes, taken from the authors' evaluation scripts (not typed by hand), and checks them against the class index table.

  ImageNet-A: `indices_in_1k` of eval.py in github.com/hendrycks/natural-adv-examples (the keys of `thousand_k_to_200` != -1)
  ImageNet-R: the indices where `imagenet_r_mask` of eval.py in github.com/hendrycks/imagenet-r is True
             (`wnid in imagenet_r_wnids for wnid in all_wnids`)
Both scripts score `net(x)[:, subset]`: the 1000 logits restricted to the 200 columns, in ascending class-index order.

Run: python3 scripts/benchmark-fixtures/imagenet_subsets.py NATURAL_ADV_EXAMPLES/eval.py IMAGENET_R/eval.py
Only the assignments at the top of each eval.py are executed (they are plain literals); the rest needs torch and data.
"""
import json
import os
import sys

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'engine', 'data', 'imagenet')


def literal_assignments(path, names):
    """Executes the top-level lines of `path` that assign `names` (literals and comprehensions over them)."""
    scope = {}
    with open(path) as f:
        for line in f:
            if any(line.startswith(name + ' =') for name in names):
                exec(line, scope)  # noqa: S102 - the authors' literal tables
    missing = [name for name in names if name not in scope]
    if missing:
        sys.exit(f'{path} defines no {", ".join(missing)}; is it the authors\' eval.py?')
    return scope


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    adv = literal_assignments(sys.argv[1], ['thousand_k_to_200', 'indices_in_1k'])
    rend = literal_assignments(sys.argv[2], ['all_wnids', 'imagenet_r_wnids', 'imagenet_r_mask'])
    with open(os.path.join(OUT_DIR, 'imagenet_class_index.json')) as f:
        table = json.load(f)
    wnids = [table[str(i)][0] for i in range(1000)]
    if wnids != rend['all_wnids']:
        sys.exit('the class index table and imagenet-r/eval.py all_wnids disagree')
    imagenet_a = [int(i) for i in adv['indices_in_1k']]
    imagenet_r = [i for i, keep in enumerate(rend['imagenet_r_mask']) if keep]
    # The 200-way label of ImageNet-A's k-th class is thousand_k_to_200[k]: ascending, as ImageFolder's sorted wnid folders.
    assert [adv['thousand_k_to_200'][i] for i in imagenet_a] == list(range(200))
    assert len(imagenet_a) == 200 and len(imagenet_r) == 200
    assert sorted(wnids[i] for i in imagenet_r) == sorted(rend['imagenet_r_wnids'])
    with open(os.path.join(OUT_DIR, 'benchmark_subsets.json'), 'w') as f:
        json.dump({'imagenet-a': imagenet_a, 'imagenet-r': imagenet_r}, f)
        f.write('\n')


if __name__ == '__main__':
    main()
