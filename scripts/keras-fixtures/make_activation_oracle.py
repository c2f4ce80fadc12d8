"""Keras 3's own values of the activations Robustness Lens re-implements for Keras 3 files (hard_sigmoid, hard_silu,
hard_swish), on a grid covering their kinks, written to test/fixtures/keras/activations.oracle.json.

Run: /tmp/kvenv/bin/python scripts/keras-fixtures/make_activation_oracle.py (a venv with keras 3 and tensorflow-cpu).
"""
import json
import os

import keras
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'keras', 'activations.oracle.json')

grid = np.linspace(-5, 5, 81, dtype=np.float32)
oracle = {
    'keras': keras.__version__,
    'backend': keras.backend.backend(),
    'x': grid.tolist(),
    'activations': {name: np.asarray(keras.activations.get(name)(grid)).astype(float).tolist() for name in ['hard_sigmoid', 'hard_silu', 'hard_swish']},
}
with open(OUT, 'w') as f:
    json.dump(oracle, f)
print('wrote', os.path.normpath(OUT))
