"""Real object instances of a prepared training split, for pasting into training blocks (seg_augment.paste).

ScanNet scans carry instance ids (`_ins_label.npy`); S3DIS Area 6 here does not, so its instances
are the connected components of each object class on a voxel grid (touching objects of one class
stay one instance). Only objects that stand on the floor are kept: pasting a door, window, picture
or curtain onto a floor, or a sink or counter without the cabinet under it, would teach nonsense.
"""
from __future__ import annotations

import numpy as np

from ..scene_instances import voxel_components
from .scene_labels import NAMES

PASTED = ("cabinet", "bed", "chair", "sofa", "table", "bookshelf", "desk", "refrigerator", "toilet", "bathtub",
          "otherfurniture")
PASTED_INDEX = tuple(NAMES.index(n) for n in PASTED)


def components_as_instances(xyz: np.ndarray, labels: np.ndarray, voxel: float = 0.1) -> np.ndarray:
    """Instance id per point (0 = none) from the connected components of each pasted class."""
    out = np.zeros(len(xyz), dtype=np.int64)
    cells = np.floor(xyz.astype(np.float64) / voxel).astype(np.int64)
    next_id = 1
    for c in PASTED_INDEX:
        pts = np.nonzero(labels == c)[0]
        if len(pts) == 0:
            continue
        slot = voxel_components(cells[pts])
        out[pts] = slot + next_id
        next_id += int(slot.max()) + 1
    return out


class ObjectPool:
    """Objects by class, each a feature array in its own frame: x, y from the footprint centre, z from
    the lowest point. `draw` picks a class uniformly among those present, then one of its objects."""

    def __init__(self, items: dict[int, list[np.ndarray]]):
        self.items = items
        self.classes = sorted(items)

    def counts(self) -> dict[str, int]:
        return {NAMES[c]: len(self.items[c]) for c in self.classes}

    def draw(self, rng: np.random.Generator) -> tuple[np.ndarray, int]:
        c = self.classes[rng.integers(len(self.classes))]
        pool = self.items[c]
        return pool[rng.integers(len(pool))], c


class InstanceBank(ObjectPool):
    """The floor-standing real instances of a prepared split."""

    def __init__(self, features: np.ndarray, labels: np.ndarray, instances: np.ndarray, min_points: int = 200,
                 max_side: float = 2.5, max_base: float = 0.25):
        items: dict[int, list[np.ndarray]] = {}
        order = np.argsort(instances, kind="stable")
        ids, starts = np.unique(instances[order], return_index=True)
        ends = np.append(starts[1:], len(order))
        for i, s, e in zip(ids, starts, ends):
            if i == 0:
                continue
            idx = order[s:e]
            idx = idx[labels[idx] >= 0]
            if len(idx) < min_points:
                continue
            label = int(np.bincount(labels[idx]).argmax())
            if label not in PASTED_INDEX:
                continue
            idx = idx[labels[idx] == label]
            g = features[idx].astype(np.float32).copy()
            lo, hi = g[:, 0:3].min(0), g[:, 0:3].max(0)
            # only what stands on the floor (z is the height above the room's lowest point)
            if len(idx) < min_points or max(hi[0] - lo[0], hi[1] - lo[1]) > max_side or lo[2] > max_base:
                continue
            g[:, 0:2] -= (lo[0:2] + hi[0:2]) / 2
            g[:, 2] -= lo[2]
            items.setdefault(label, []).append(g)
        super().__init__(items)
