"""ScanNet's 20 evaluation classes, and how the source label sets map onto them.

The class order, names and colours are those of ScanNet's benchmark (the NYU40 ids below, in
id order) and of its usual palette (ScanNet `util.py`, `create_color_palette`). -1 means
"ignored in loss and metrics".
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

IGNORE = -1

NYU40_IDS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 24, 28, 33, 34, 36, 39)
NAMES = (
    "wall", "floor", "cabinet", "bed", "chair", "sofa", "table", "door", "window", "bookshelf",
    "picture", "counter", "desk", "curtain", "refrigerator", "shower_curtain", "toilet", "sink",
    "bathtub", "otherfurniture",
)
COLORS = (
    (174, 199, 232), (152, 223, 138), (31, 119, 180), (255, 187, 120), (188, 189, 34),
    (140, 86, 75), (255, 152, 150), (214, 39, 40), (197, 176, 213), (148, 103, 189),
    (196, 156, 148), (23, 190, 207), (247, 182, 210), (219, 219, 141), (255, 127, 14),
    (158, 218, 229), (44, 160, 44), (112, 128, 144), (227, 119, 194), (82, 84, 163),
)
# Structure, not objects: never boxed.
UNBOXED = ("wall", "floor")


def nyu40_to_scannet20() -> np.ndarray:
    """Look-up table indexed by NYU40 id (0..40) giving the ScanNet-20 index or IGNORE."""
    lut = np.full(41, IGNORE, dtype=np.int64)
    for index, nyu in enumerate(NYU40_IDS):
        lut[nyu] = index
    return lut


def map_nyu40(labels: np.ndarray) -> np.ndarray:
    lut = nyu40_to_scannet20()
    labels = labels.astype(np.int64)
    out = np.full(labels.shape, IGNORE, dtype=np.int64)
    known = (labels >= 0) & (labels < lut.size)
    out[known] = lut[labels[known]]
    return out


def read_s3dis_mapping(path: str | Path) -> np.ndarray:
    """`s3dis13_to_scannet20.txt`: lines `s3dis_id scannet20_id`, '#' comments."""
    pairs = []
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            src, dst = line.split()
            pairs.append((int(src), int(dst)))
    lut = np.full(max(s for s, _ in pairs) + 1, IGNORE, dtype=np.int64)
    for src, dst in pairs:
        lut[src] = dst
    return lut
