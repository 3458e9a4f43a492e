"""ModelNet40 in the `modelnet40_normal_resampled` layout (PointNet++ release).

`<class>/<class>_NNNN.txt` rows `x,y,z,nx,ny,nz`, with the official `modelnet40_train.txt` /
`modelnet40_test.txt` lists. The lists name every shape of the full dataset; a partial copy
holds fewer, so only files that exist are yielded.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .record import ObjectRecord


def read_points(path: Path, max_points: int | None = None) -> np.ndarray:
    pts = np.loadtxt(path, delimiter=",", dtype=np.float32, max_rows=max_points, ndmin=2)
    return pts[:, :3]


def modelnet40_records(root: Path) -> list[ObjectRecord]:
    records = []
    for split in ("train", "test"):
        for name in (root / f"modelnet40_{split}.txt").read_text().split():
            label = name.rsplit("_", 1)[0]
            path = root / label / f"{name}.txt"
            if path.exists():
                records.append(
                    ObjectRecord("modelnet40", f"{label}/{name}", label, lambda p=path: read_points(p), split)
                )
    return records
