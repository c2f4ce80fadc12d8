"""The bundled sample set (samples/data, a wsolevaluation-format folder) as the fixture scripts read it: the image
ids, the images as x01 NHWC float32 in [0, 1], and their class indices. Shared by scripts/*-fixtures/."""
from pathlib import Path

import numpy as np
from PIL import Image

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "samples" / "data"


def load_sample_set(data: Path = SAMPLE_DATA):
    ids = [l.strip() for l in (data / "metadata" / "image_ids.txt").read_text().splitlines() if l.strip()]
    labels = {}
    for line in (data / "metadata" / "class_labels.txt").read_text().splitlines():
        if line.strip():
            k, v = line.strip().rsplit(",", 1)
            labels[k] = int(v)
    x01 = np.stack([np.asarray(Image.open(data / i).convert("RGB"), dtype=np.uint8) for i in ids])
    return ids, x01.astype(np.float32) / np.float32(255.0), np.array([labels[i] for i in ids], dtype=np.int64)
