"""The ScanNet scans the app's scene fixtures are made of, and their ground-truth boxes in the form
the app's box metric reads."""
from __future__ import annotations

import numpy as np

from .scene_labels import NAMES, NYU40_IDS

PARITY_SCAN = "scene0007_00"
SCENE_SCAN = "scene0008_00"


def truth_boxes(bbox: np.ndarray) -> list[dict]:
    """ScanNet `_bbox.npy` rows (centre, size, NYU40 id) on the 20 classes, walls and floors left out."""
    out = []
    for row in bbox:
        nyu = int(row[6])
        if nyu not in NYU40_IDS or NAMES[NYU40_IDS.index(nyu)] in ("wall", "floor"):
            continue
        out.append({"center": row[:3].tolist(), "size": row[3:6].tolist(), "classIndex": NYU40_IDS.index(nyu)})
    return out
