"""Surface sampling, canonical frame and geometry hashing for object shapes (numpy)."""
from __future__ import annotations

import hashlib

import numpy as np

from .datasets.record import Mesh


def sample_surface(mesh: Mesh, n: int, rng: np.random.Generator) -> np.ndarray:
    """n points uniform over the surface: triangles picked by area, then uniform barycentric coordinates."""
    return sample_surface_faces(mesh, n, rng)[0]


def sample_surface_faces(mesh: Mesh, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`sample_surface`, plus the triangle each point lies on (for its normal and colour)."""
    tri = mesh.vertices[mesh.faces]
    areas = 0.5 * np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    total = areas.sum()
    if not np.isfinite(total) or total <= 0:
        raise ValueError("mesh has no surface area")
    cdf = np.cumsum(areas) / total
    idx = np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(areas) - 1)
    u, v = rng.random(n), rng.random(n)
    flip = u + v > 1  # reflect into the triangle so the density stays uniform
    u[flip], v[flip] = 1 - u[flip], 1 - v[flip]
    t = tri[idx]
    return (t[:, 0] + u[:, None] * (t[:, 1] - t[:, 0]) + v[:, None] * (t[:, 2] - t[:, 0])).astype(np.float32), idx


def z_up_to_y_up(points: np.ndarray) -> np.ndarray:
    """(x, y, z) with z up -> (x, z, -y) with y up: a right-handed rotation about x."""
    return np.stack([points[:, 0], points[:, 2], -points[:, 1]], axis=1)


def normalize_unit_sphere(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Centre on the mean and scale so the farthest point lies on the unit sphere (PointNet++'s pc_normalize)."""
    p = points.astype(np.float64)
    center = p.mean(axis=0)
    p = p - center
    radius = float(np.sqrt((p * p).sum(axis=1).max()))
    if radius > 0:
        p = p / radius
    return p.astype(np.float32), center, radius


def geometry_hash(vertices: np.ndarray) -> str:
    """Identifies the same mesh however a catalogue scaled or ordered it.

    Each axis is scaled to [0, 1] (catalogues resize models to their own cm sizes), coordinates are
    rounded to 1e-3 and the vertex set is sorted, so vertex order does not matter either.
    """
    v = np.asarray(vertices, dtype=np.float64)
    lo, hi = v.min(0), v.max(0)
    v = (v - lo) / np.where(hi > lo, hi - lo, 1.0)
    q = np.unique(np.round(v * 1000).astype(np.int32), axis=0)
    return hashlib.sha1(q.tobytes()).hexdigest()


def farthest_point_sample(points: np.ndarray, n: int, start: int = 0) -> np.ndarray:
    """Indices of n points, each the farthest (squared Euclidean) from those already picked.
    Ties go to the lowest index, as np.argmax does."""
    p = points.astype(np.float64)
    picked = np.empty(n, dtype=np.int64)
    picked[0] = start
    dist = np.full(len(p), np.inf)
    for k in range(1, n):
        d = ((p - p[picked[k - 1]]) ** 2).sum(axis=1)
        dist = np.minimum(dist, d)
        picked[k] = int(np.argmax(dist))
    return picked
