"""Minimal Wavefront OBJ geometry reader: positions and faces, polygons fan-triangulated.

Materials, normals and texture coordinates do not matter for surface sampling, so they are
skipped. Negative (relative) indices are resolved as the OBJ spec says.
"""
from __future__ import annotations

import numpy as np

from .record import Mesh


def parse_obj(text: str) -> Mesh:
    vertex_rows: list[str] = []
    tris: list[tuple[int, int, int]] = []
    for line in text.splitlines():
        if line.startswith("v "):
            vertex_rows.append(line[2:])
        elif line.startswith("f "):
            count = len(vertex_rows)
            idx = []
            for tok in line[2:].split():
                i = int(tok.split("/", 1)[0])
                idx.append(i - 1 if i > 0 else count + i)
            for k in range(1, len(idx) - 1):
                tris.append((idx[0], idx[k], idx[k + 1]))
    if not vertex_rows or not tris:
        raise ValueError("OBJ has no faces")
    verts = np.array([row.split()[:3] for row in vertex_rows], dtype=np.float64)
    faces = np.asarray(tris, dtype=np.int64)
    if faces.min() < 0 or faces.max() >= len(verts):
        raise ValueError("OBJ face index out of range")
    return Mesh(verts, faces)
