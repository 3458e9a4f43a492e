"""Minimal Wavefront OBJ reader: positions and faces, polygons fan-triangulated, plus which
material (`usemtl`) each triangle uses and the material libraries (`mtllib`) named.

Normals and texture coordinates do not matter for surface sampling, so they are skipped.
Negative (relative) indices are resolved as the OBJ spec says.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .record import Mesh


@dataclass(frozen=True)
class ObjMaterials:
    libraries: list[str]  # mtllib file names, relative to the OBJ
    names: list[str]  # material names in order of first use ("" = none given)
    face_material: np.ndarray  # (F,) int64 index into names


def parse_obj_with_materials(text: str) -> tuple[Mesh, ObjMaterials]:
    vertex_rows: list[str] = []
    tris: list[tuple[int, int, int]] = []
    tri_material: list[int] = []
    libraries: list[str] = []
    names: dict[str, int] = {}
    current = -1
    for line in text.splitlines():
        if line.startswith("v "):
            vertex_rows.append(line[2:])
        elif line.startswith("f "):
            if current < 0:
                current = names.setdefault("", len(names))
            count = len(vertex_rows)
            idx = []
            for tok in line[2:].split():
                i = int(tok.split("/", 1)[0])
                idx.append(i - 1 if i > 0 else count + i)
            for k in range(1, len(idx) - 1):
                tris.append((idx[0], idx[k], idx[k + 1]))
                tri_material.append(current)
        elif line.startswith("usemtl"):
            current = names.setdefault(line[6:].strip(), len(names))
        elif line.startswith("mtllib"):
            libraries.extend(line[6:].split())
    if not vertex_rows or not tris:
        raise ValueError("OBJ has no faces")
    verts = np.array([row.split()[:3] for row in vertex_rows], dtype=np.float64)
    faces = np.asarray(tris, dtype=np.int64)
    if faces.min() < 0 or faces.max() >= len(verts):
        raise ValueError("OBJ face index out of range")
    return Mesh(verts, faces), ObjMaterials(libraries, list(names), np.asarray(tri_material, dtype=np.int64))


def parse_obj(text: str) -> Mesh:
    return parse_obj_with_materials(text)[0]
