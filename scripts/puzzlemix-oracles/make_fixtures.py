"""Puzzle Mix oracles from the authors' released code (snu-mllab/PuzzleMix, mixup.py; definitions.md §6).

Runs their mixup_graph / graphcut_multi / neigh_penalty / mask_transport / transport_image on tiny cases and writes
test/fixtures/puzzlemix/oracles.json:
- maskCases: `gco` replaced by a brute force that returns the labelling of least integer energy among all (n_labels)^(g^2)
  labellings (their gco call's objective, solved exactly; tiny grids only), with the real-valued energies of probe masks;
- swapCases: their mixup_graph with the real gco (the gco-wrapper package's ctypes binding, algorithm='swap') on 4×4 and 8×8 grids;
- transportCases: their mask_transport and transport_image.

Usage (Debian python with torch 1.13; neither checkout is committed here):
    /usr/bin/python3 scripts/puzzlemix-oracles/make_fixtures.py /path/to/PuzzleMix /path/to/pyGCO/src
where /path/to/PuzzleMix holds mixup.py (https://github.com/snu-mllab/PuzzleMix) and /path/to/pyGCO/src is the src folder of
https://github.com/Borda/pyGCO (the gco-wrapper package) with its library built in place:
    cd /path/to/pyGCO/src && g++ -O2 -fPIC -shared -I gco_cpp gco_cpp/graph.cpp gco_cpp/maxflow.cpp gco_cpp/LinkedBlockList.cpp \
        gco_cpp/GCoptimization.cpp gco/cgco.cpp -o gco/libcgco.so
"""
import itertools
import json
import os
import sys
import types

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'puzzlemix', 'oracles.json')


def all_labellings(sites, n_labels):
    return np.array(list(itertools.product(range(n_labels), repeat=sites)), dtype=np.int64)


def grid_energies(labellings, unary, pairwise, cost_v, cost_h):
    """Energies of many labellings [L, H*W] of a gco grid graph (unary [H, W, n], cost_v [H-1, W], cost_h [H, W-1])."""
    height, width, n_labels = unary.shape
    flat_unary = unary.reshape(height * width, n_labels).astype(np.float64)
    energy = flat_unary[np.arange(height * width)[None, :], labellings].sum(1)
    grid = labellings.reshape(-1, height, width)
    energy += (cost_v[None].astype(np.float64) * pairwise[grid[:, :-1, :], grid[:, 1:, :]]).sum((1, 2))
    energy += (cost_h[None].astype(np.float64) * pairwise[grid[:, :, :-1], grid[:, :, 1:]]).sum((1, 2))
    return energy


def fake_gco():
    """A stand-in for pygco's cut_grid_graph: the exact minimiser by enumeration (first labelling on ties)."""
    def cut_grid_graph(unary_cost, pairwise_cost, cost_v, cost_h, n_iter=-1, algorithm='swap'):
        height, width, n_labels = unary_cost.shape
        labellings = all_labellings(height * width, n_labels)
        energies = grid_energies(labellings, unary_cost, pairwise_cost.astype(np.float64), cost_v, cost_h)
        return labellings[int(np.argmin(energies))].astype(np.int32)
    module = types.ModuleType('gco')
    module.cut_grid_graph = cut_grid_graph
    return module


def real_costs(unary1, unary2, pw_x, pw_y, alpha, beta, eta, n_labels, eps=1e-8):
    """graphcut_multi's unary_cost, pairwise_cost, cost_v, cost_h before their scaling by large_val and int32 truncation."""
    block_num = unary1.shape[0]
    log_terms = {2: [alpha, 1 - alpha], 3: [alpha**2, 2 * alpha * (1 - alpha), (1 - alpha)**2],
                 4: [alpha**3, 3 * alpha**2 * (1 - alpha), 3 * alpha * (1 - alpha)**2, (1 - alpha)**3]}[n_labels]
    prior = eta * np.array([-np.log(p + eps) for p in log_terms]) / block_num**2
    unary_cost = np.stack([(1 - lam) * unary1 + lam * unary2 + prior[i] for i, lam in enumerate(np.linspace(0, 1, n_labels))], axis=-1)
    pairwise = np.array([[(i - j)**2 / (n_labels - 1)**2 for j in range(n_labels)] for i in range(n_labels)], dtype=np.float64)
    return unary_cost, pairwise, pw_x + beta, pw_y + beta


def smooth_images(rng, count, side):
    """8-bit images in [0, 1] with some structure (a 2×2-blocky uniform field plus a ramp), so that neighbourhood distances vary."""
    raw = rng.uniform(size=(count, 3, side // 2, side // 2))
    up = np.kron(raw, np.ones((1, 1, 2, 2)))
    ramp = np.linspace(0, 1, side)[None, None, :, None] * rng.uniform(size=(count, 3, 1, 1))
    return np.round(np.clip(0.6 * up + 0.4 * ramp, 0, 1) * 255) / 255


def to_bytes(images):
    """NCHW images of multiples of 1/255 as NHWC integers 0..255."""
    return np.rint(images.permute(0, 2, 3, 1).numpy() * 255).astype(int).reshape(-1).tolist()


def scaled_ints(images, scale):
    """NCHW images whose values are multiples of 1/scale as NHWC integers (mixed pixels are (k·a + (m−k)·b)/(255·m))."""
    scaled = images.permute(0, 2, 3, 1).numpy().astype(np.float64) * scale
    assert np.abs(scaled - np.rint(scaled)).max() < 1e-3
    return np.rint(scaled).astype(int).reshape(-1).tolist()


def swap_case(mixup, real_gco, rng, grid, n_labels, neigh_size, side, weights):
    """Their mixup_graph with the real gco swap: the masks it returns (as our level indices) and the mixed images."""
    images = torch.tensor(smooth_images(rng, 2, side), dtype=torch.float64)
    # Saliency concentrated in some blocks (a per-block factor 1..10, cubed), so that the masks are not all one level.
    block_factor = np.kron(rng.integers(1, 11, size=(2, grid, grid)), np.ones((side // grid, side // grid), dtype=int))
    grad = torch.tensor((rng.integers(0, 100, size=(2, side, side)) * block_factor)**3 / 1e9, dtype=torch.float64)
    lam = float(rng.uniform(0.1, 0.9))
    indices = np.array([1, 0])
    masks = []
    original = mixup.graphcut_multi

    def recording(*args):
        mask = original(*args)
        masks.append(np.rint(np.asarray(mask).reshape(-1) * (n_labels - 1)).astype(int).tolist())
        return mask

    mixup.graphcut_multi = recording
    mixup.gco = real_gco
    try:
        mixed, ratio = mixup.mixup_graph(images.clone(), grad, indices, block_num=grid, alpha=lam, beta=weights['beta'], gamma=weights['gamma'],
                                         eta=weights['eta'], neigh_size=neigh_size, n_labels=n_labels, mean=torch.zeros(1, 3, 1, 1, dtype=torch.float64),
                                         std=torch.ones(1, 3, 1, 1, dtype=torch.float64), transport=True, t_eps=weights['t_eps'], t_size=-1, device='cpu')
    finally:
        mixup.graphcut_multi = original
        mixup.gco = sys.modules['gco']
    pooled = torch.nn.functional.avg_pool2d(grad, side // grid)
    saliency = (pooled / pooled.reshape(2, -1).sum(1).reshape(2, 1, 1)).reshape(2, -1).numpy()
    return dict(grid=grid, levels=n_labels - 1, neighbourhood=neigh_size, size=side, **{'lambda': lam}, weights=weights, images255=to_bytes(images),
                saliencyFirst=[saliency[0].tolist(), saliency[1].tolist()], authorsMaskLevels=masks,
                mixedTimes255m=scaled_ints(mixed, 255 * (n_labels - 1)), ratios=ratio.reshape(-1).tolist())


def mask_case(mixup, rng, grid, n_labels, neigh_size, side, weights):
    images = torch.tensor(smooth_images(rng, 2, side), dtype=torch.float64)
    grad = torch.tensor(rng.integers(0, 1000, size=(2, side, side))**3 / 1e9, dtype=torch.float64)
    lam = float(rng.uniform(0.1, 0.9))
    indices = np.array([1, 0])
    calls = []
    original = mixup.graphcut_multi

    def recording(unary1, unary2, pw_x, pw_y, alpha, beta, eta, n_labels, eps=1e-8):
        mask = original(unary1, unary2, pw_x, pw_y, alpha, beta, eta, n_labels)
        calls.append(dict(args=(unary1, unary2, pw_x, pw_y, alpha, beta, eta, n_labels), mask=mask))
        return mask

    mixup.graphcut_multi = recording
    try:
        mixed, ratio = mixup.mixup_graph(images.clone(), grad, indices, block_num=grid, alpha=lam, beta=weights['beta'], gamma=weights['gamma'],
                                         eta=weights['eta'], neigh_size=neigh_size, n_labels=n_labels, mean=torch.zeros(1, 3, 1, 1, dtype=torch.float64),
                                         std=torch.ones(1, 3, 1, 1, dtype=torch.float64), transport=True, t_eps=weights['t_eps'], t_size=-1, device='cpu')
    finally:
        mixup.graphcut_multi = original
    block = side // grid
    pooled = torch.nn.functional.avg_pool2d(grad, block)
    saliency = (pooled / pooled.reshape(2, -1).sum(1).reshape(2, 1, 1)).reshape(2, -1).numpy()
    pairs = []
    m = n_labels - 1
    labellings = all_labellings(grid * grid, n_labels)
    for n, call in enumerate(calls):
        unary_cost, pairwise, cost_v, cost_h = real_costs(*call['args'])
        energies = grid_energies(labellings, unary_cost, pairwise, cost_v, cost_h)
        order = np.argsort(energies, kind='stable')
        best = labellings[order[0]]
        # Their label l is z = 1 − l/m, our level index k = m − l.
        returned_levels = np.rint(np.asarray(call['mask']).reshape(-1) * m).astype(int)
        probes = labellings[rng.choice(len(labellings), size=6, replace=False)]
        pairs.append(dict(
            saliencyFirst=saliency[n].tolist(), saliencySecond=saliency[indices[n]].tolist(),
            probeLevels=[(m - p).tolist() for p in probes], probeEnergies=grid_energies(probes, unary_cost, pairwise, cost_v, cost_h).tolist(),
            optimumLevels=(m - best).tolist(), optimumEnergy=float(energies[order[0]]), runnerUpGap=float(energies[order[1]] - energies[order[0]]),
            authorsMaskLevels=returned_levels.tolist(),
        ))
    return dict(grid=grid, levels=n_labels - 1, neighbourhood=neigh_size, size=side, **{'lambda': lam}, weights=weights, images255=to_bytes(images),
                pixelSaliencyCubeRoot1000=np.rint(np.cbrt(grad.numpy() * 1e9)).astype(int).reshape(-1).tolist(), pairs=pairs, mixedTimes255m=scaled_ints(mixed, 255 * (n_labels - 1)),
                ratios=ratio.reshape(-1).tolist())


def transport_case(mixup, rng, grid, eps, sparse):
    cells = grid * grid
    mask = torch.tensor(rng.integers(0, 3, size=(1, 1, grid, grid)) / 2.0, dtype=torch.float64)
    raw = rng.uniform(size=cells)**(6 if sparse else 1)
    saliency = torch.tensor(raw / raw.sum(), dtype=torch.float64).reshape(1, grid, grid)
    plan = mixup.mask_transport(mask, saliency, eps=eps)[0].numpy()
    sources = [int(np.argmax(plan[:, j])) if plan[:, j].sum() > 0 else -1 for j in range(cells)]
    side = grid * 2
    image = torch.tensor(rng.integers(0, 256, size=(1, 3, side, side)) / 255.0, dtype=torch.float64)
    moved = mixup.transport_image(image, torch.tensor(plan[None]), 1, grid, 2)
    return dict(grid=grid, eps=eps, shown=(mask.reshape(-1) > 0).tolist(), saliency=saliency.reshape(-1).tolist(), sources=sources,
                image255=to_bytes(image), moved255=scaled_ints(moved, 255))


def main():
    checkout, gco_src = sys.argv[1], sys.argv[2]
    sys.path.insert(0, gco_src)
    import gco.pygco as real_gco  # noqa: E402  (the gco-wrapper binding, built in place)
    sys.modules['gco'] = fake_gco()
    sys.path.insert(0, checkout)
    import mixup  # noqa: E402  (the authors' module, with the enumerating gco until swap_case swaps in the real one)
    rng = np.random.default_rng(20201120)
    defaults = dict(beta=1.2, gamma=0.5, eta=0.2, t_eps=0.8)
    heavy = dict(beta=12.0, gamma=1.5, eta=1.0, t_eps=0.8)
    medium = dict(beta=3.0, gamma=1.0, eta=0.5, t_eps=0.8)
    specs = [(2, 3, 4, 16, defaults), (2, 3, 4, 16, heavy), (2, 2, 4, 16, heavy), (2, 4, 2, 16, heavy), (4, 2, 4, 16, heavy), (4, 2, 2, 16, defaults), (2, 3, 4, 8, heavy)]
    masks = []
    for grid, n_labels, neigh, side, weights in specs:
        case = mask_case(mixup, rng, grid, n_labels, neigh, side, weights)
        gaps = [p['runnerUpGap'] for p in case['pairs']]
        agree = all(p['authorsMaskLevels'] == p['optimumLevels'] for p in case['pairs'])
        print(f'mask case g={grid} n_labels={n_labels} neigh={neigh} side={side}: min gap {min(gaps):.3g}, authors = real optimum: {agree}')
        masks.append(case)
    swaps = [swap_case(mixup, real_gco, rng, grid, 3, 4, 16, weights) for grid in (4, 8) for weights in (defaults, medium) for _ in range(2)]
    for case in swaps:
        print(f"swap case g={case['grid']} β={case['weights']['beta']}: masks {case['authorsMaskLevels']}")
    transports = [transport_case(mixup, rng, grid, 0.8, sparse) for grid in (2, 4, 8) for sparse in (False, True) for _ in range(3)]
    print('transport cases with an empty destination:', sum(-1 in t['sources'] for t in transports), 'of', len(transports),
          '; with an empty destination where the source is shown:', sum(any(s < 0 and shown for s, shown in zip(t['sources'], t['shown'])) for t in transports))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(dict(source='snu-mllab/PuzzleMix mixup.py (mixup_graph, graphcut_multi with an exact gco stand-in or gco-wrapper swap, mask_transport, transport_image)',
                       maskCases=masks, swapCases=swaps, transportCases=transports), f, separators=(',', ':'))
    print('wrote', OUT, os.path.getsize(OUT), 'bytes')


if __name__ == '__main__':
    main()
