"""Scans written as PLY (labelled: the bundled ScanNet samples and the synthetic room previews; or
xyz and colour alone, as a person would drop them) and the vertices of one read back."""
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

CLOUD_PLY_DTYPE = np.dtype([("x", "<f4"), ("y", "<f4"), ("z", "<f4"), ("red", "u1"), ("green", "u1"), ("blue", "u1")])


def write_cloud_ply(path: Path, xyz: np.ndarray, rgb: np.ndarray) -> None:
    """Binary little-endian PLY of xyz and colour only: a scan as it comes, without labels."""
    rows = np.empty(len(xyz), CLOUD_PLY_DTYPE)
    for i, axis in enumerate("xyz"):
        rows[axis] = xyz[:, i]
    for i, ch in enumerate(("red", "green", "blue")):
        rows[ch] = rgb[:, i]
    header = ["ply", "format binary_little_endian 1.0", f"element vertex {len(rows)}",
              "property float x", "property float y", "property float z",
              "property uchar red", "property uchar green", "property uchar blue", "end_header"]
    path.write_bytes(("\n".join(header) + "\n").encode("ascii") + rows.tobytes())


PLY_TYPES = {"float": "<f4", "uchar": "u1", "int": "<i4", "uint": "<u4"}


def read_vertices(path: Path) -> np.ndarray:
    """The vertex rows of a binary little-endian PLY without faces (what `pointlens segment --out` writes for a cloud)."""
    raw = path.read_bytes()
    end = raw.index(b"end_header\n") + len(b"end_header\n")
    fields, count = [], 0
    for line in raw[:end].decode("ascii").splitlines():
        words = line.split()
        if words[:2] == ["element", "vertex"]:
            count = int(words[2])
        elif words[:1] == ["property"]:
            fields.append((words[2], PLY_TYPES[words[1]]))
    return np.frombuffer(raw, dtype=np.dtype(fields), count=count, offset=end)
