"""The Sweet Home 3D furniture that the synthetic rooms are furnished from: the catalog entries of
`mappings/sweethome3d_to_scannet20.tsv`, each sampled once (by area, with normals and material
colours) and cached, so that composing a room only moves points."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .sh3d import find_catalogs, load_entry_coloured, read_catalog
from ..geometry import sample_surface_faces
from .mappings import sweethome3d_scannet20_map
from .scene_labels import IGNORE, NAMES


@dataclass(frozen=True)
class Model:
    key: str  # catalog#index
    category: str
    name: str
    label: int  # ScanNet-20 index or IGNORE
    size: np.ndarray  # (3,) metres: width x, depth y, height z
    # z up, footprint centred on the origin, base at z = 0, front towards -y
    points: np.ndarray  # (N, 3) float32
    normals: np.ndarray  # (N, 3) float32, unit, sign arbitrary (models are not consistently wound)
    albedo: np.ndarray  # (N, 3) float32 in [0, 1]


def _sample(path: Path, entry, label: int, density: float, max_points: int) -> Model:
    mesh, face_rgb = load_entry_coloured(path, entry)
    # SH3D: cm, y up, front towards +z  ->  metres, z up, front towards -y
    v = mesh.vertices[:, [0, 2, 1]] * np.array([0.01, -0.01, 0.01])
    lo, hi = v.min(0), v.max(0)
    v = v - np.array([(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, lo[2]])
    tri = v[mesh.faces]
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    area = 0.5 * np.linalg.norm(cross, axis=1).sum()
    n = int(np.clip(area * density, 256, max_points))
    rng = np.random.default_rng(entry.index + 7919 * len(entry.catalog))
    pts, face = sample_surface_faces(type(mesh)(v, mesh.faces), n, rng)
    normals = cross[face] / np.maximum(np.linalg.norm(cross[face], axis=1, keepdims=True), 1e-12)
    return Model(f"{entry.catalog}#{entry.index}", entry.category, entry.name, label, v.max(0) - v.min(0),
                 pts, normals.astype(np.float32), face_rgb[face].astype(np.float32))


class FurnitureCatalog:
    def __init__(self, root: Path, density: float = 5000.0, max_points: int = 40000):
        table = sweethome3d_scannet20_map()
        self.density, self.max_points = density, max_points
        self.entries = []  # (zip path, entry, label), in catalog order
        for path in find_catalogs(root):
            for entry in read_catalog(path):
                cls = table.get((entry.category, entry.name))
                if cls is not None and entry.model.lower().endswith(".obj"):
                    self.entries.append((path, entry, IGNORE if cls == "ignore" else NAMES.index(cls)))
        self._models: dict[int, Model] = {}

    def pool(self, label: int, categories: tuple[str, ...] = (), name_has: str = "", name_lacks: str = "") -> list[int]:
        """Entries of one class, optionally only from some catalog categories or with/without a word in the name."""
        return [i for i, (_, e, lab) in enumerate(self.entries)
                if lab == label and (not categories or e.category in categories)
                and name_has.lower() in e.name.lower() and not (name_lacks and name_lacks.lower() in e.name.lower())]

    def model(self, i: int) -> Model:
        if i not in self._models:
            path, entry, label = self.entries[i]
            self._models[i] = _sample(path, entry, label, self.density, self.max_points)
        return self._models[i]


def box_model(name: str, label: int, size: np.ndarray, rgb: np.ndarray, rng: np.random.Generator, density: float) -> Model:
    """A solid box (counter tops, picture canvases) in the same frame as the catalog models."""
    size = np.asarray(size, dtype=np.float64)
    pts, normals = [], []
    for axis in range(3):
        u, v = [a for a in range(3) if a != axis]
        n = max(8, int(size[u] * size[v] * density))
        for side in (-0.5, 0.5):
            p = (rng.random((n, 3)) - 0.5) * size
            p[:, axis] = side * size[axis]
            pts.append(p)
            normals.append(np.broadcast_to(np.eye(3)[axis], (n, 3)))
    p = np.concatenate(pts) + np.array([0, 0, size[2] / 2])
    albedo = np.clip(rgb + rng.normal(0, 0.02, (len(p), 3)), 0, 1)
    return Model(name, "", name, label, size, p.astype(np.float32), np.concatenate(normals).astype(np.float32),
                 albedo.astype(np.float32))
