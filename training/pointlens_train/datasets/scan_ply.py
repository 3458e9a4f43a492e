"""Labelled scans written as PLY: the bundled ScanNet samples and the synthetic room previews."""
from __future__ import annotations

from pathlib import Path

import numpy as np

SCAN_PLY_DTYPE = np.dtype([
    ("x", "<f4"), ("y", "<f4"), ("z", "<f4"),
    ("red", "u1"), ("green", "u1"), ("blue", "u1"),
    ("label", "<i4"), ("instance", "<i4"),
])


def write_scan_ply(path: Path, xyz: np.ndarray, rgb: np.ndarray, label: np.ndarray,
                   instance: np.ndarray, comments: list[str]) -> None:
    """Binary little-endian PLY with the property names ScanNet's own tools use for labels."""
    rows = np.empty(len(xyz), SCAN_PLY_DTYPE)
    for i, axis in enumerate("xyz"):
        rows[axis] = xyz[:, i]
    for i, ch in enumerate(("red", "green", "blue")):
        rows[ch] = rgb[:, i]
    rows["label"] = label
    rows["instance"] = instance
    header = ["ply", "format binary_little_endian 1.0"]
    header += [f"comment {c}" for c in comments]
    header += [
        f"element vertex {len(rows)}",
        "property float x", "property float y", "property float z",
        "property uchar red", "property uchar green", "property uchar blue",
        "property int label", "property int instance",
        "end_header",
    ]
    path.write_bytes(("\n".join(header) + "\n").encode("ascii") + rows.tobytes())
