"""The shape of each point's neighbourhood, from the geometry alone: a geometric prior for the segmenter.

A port of `src/core/geometry/localShape.ts`; both compute the same float64 arithmetic in the same
order (tests/fixtures/seg/local_shape_parity.json, written here, checks the TypeScript).

Points are binned into `VOXEL` cubes on a grid from the room's minimum corner. A point's
neighbourhood is every point in the 3x3x3 voxels around its own (a 0.3 m cube): its covariance
gives eigenvalues l1 >= l2 >= l3 and the normal (the eigenvector of l3). Three features, all
unchanged by turns about the up axis, mirrors and a change of scale or density:
- vertical: |n_z|, 1 on floors and table tops, 0 on walls and cabinet fronts;
- linear: (l1 - l2) / l1, high along legs, rails and edges;
- planar: (l2 - l3) / l1, high on any flat surface.
Fewer than `MIN_POINTS` neighbours give 0 for all three.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

VOXEL = 0.1
MIN_POINTS = 4
NAMES = ("vertical", "linear", "planar")


def eigen(c: np.ndarray) -> tuple[float, float, float, tuple[float, float, float]]:
    """(l1, l2, l3, unit normal) of a symmetric 3x3 by the closed form (trigonometric roots, then the
    normal as the longest cross product of two rows of C - l3 I; (0, 0, 0) where there is none)."""
    a, b, cc = c[0, 0], c[1, 1], c[2, 2]
    d, e, f = c[0, 1], c[0, 2], c[1, 2]
    p1 = d * d + e * e + f * f
    q = (a + b + cc) / 3
    if p1 == 0:
        lam = sorted((a, b, cc), reverse=True)
        l1, l2, l3 = lam
    else:
        p2 = (a - q) ** 2 + (b - q) ** 2 + (cc - q) ** 2 + 2 * p1
        p = math.sqrt(p2 / 6)
        ba, bb, bc = (a - q) / p, (b - q) / p, (cc - q) / p
        bd, be, bf = d / p, e / p, f / p
        det = ba * (bb * bc - bf * bf) - bd * (bd * bc - bf * be) + be * (bd * bf - bb * be)
        r = min(1.0, max(-1.0, det / 2))
        phi = math.acos(r) / 3
        l1 = q + 2 * p * math.cos(phi)
        l3 = q + 2 * p * math.cos(phi + 2 * math.pi / 3)
        l2 = 3 * q - l1 - l3
    r0 = (a - l3, d, e)
    r1 = (d, b - l3, f)
    r2 = (e, f, cc - l3)
    best, normal = 0.0, (0.0, 0.0, 0.0)
    for u, v in ((r0, r1), (r0, r2), (r1, r2)):
        x = u[1] * v[2] - u[2] * v[1]
        y = u[2] * v[0] - u[0] * v[2]
        z = u[0] * v[1] - u[1] * v[0]
        n2 = x * x + y * y + z * z
        if n2 > best:
            best, normal = n2, (x, y, z)
    if best > 0:
        length = math.sqrt(best)
        normal = (normal[0] / length, normal[1] / length, normal[2] / length)
    return l1, l2, l3, normal


@dataclass
class VoxelNeighbourhoods:
    """The VOXEL grid of a cloud: its occupied cells (sorted keys), each point's cell, the grid's
    extent (with an empty layer each side) and the moments of each cell's 3x3x3 neighbourhood."""
    keys: np.ndarray  # (V,) int64
    voxel_of: np.ndarray  # (P,) int64
    dims: np.ndarray  # (3,) int64
    own: np.ndarray  # (V, 10) float64 moments of the cell's own points
    near: np.ndarray  # (V, 10) float64 moments of the 27 cells around it

    def neighbour(self, v: np.ndarray, dx: int, dy: int, dz: int) -> np.ndarray:
        """The cell (dx, dy, dz) from each cell of `v`, or -1 where it is empty."""
        shifted = self.keys[v] + (dx * self.dims[1] + dy) * self.dims[2] + dz
        at = np.searchsorted(self.keys, shifted)
        found = (at < len(self.keys)) & (self.keys[np.minimum(at, len(self.keys) - 1)] == shifted)
        return np.where(found, at, -1)


def voxel_neighbourhoods(xyz: np.ndarray, lo: np.ndarray) -> VoxelNeighbourhoods:
    d = xyz.astype(np.float64) - np.asarray(lo, dtype=np.float64)
    cell = np.floor(d / VOXEL).astype(np.int64)
    dims = cell.max(axis=0) + 3  # one empty layer on each side, so neighbours never wrap
    key = ((cell[:, 0] + 1) * dims[1] + cell[:, 1] + 1) * dims[2] + cell[:, 2] + 1
    keys, voxel_of = np.unique(key, return_inverse=True)
    moments = np.stack([np.ones(len(d)), d[:, 0], d[:, 1], d[:, 2], d[:, 0] * d[:, 0], d[:, 0] * d[:, 1],
                        d[:, 0] * d[:, 2], d[:, 1] * d[:, 1], d[:, 1] * d[:, 2], d[:, 2] * d[:, 2]], 1)
    own = np.zeros((len(keys), 10), dtype=np.float64)
    np.add.at(own, voxel_of, moments)
    grid = VoxelNeighbourhoods(keys, voxel_of, dims, own, np.zeros_like(own))
    every = np.arange(len(keys))
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for dz in (-1, 0, 1):
                at = grid.neighbour(every, dx, dy, dz)
                grid.near[at >= 0] += own[at[at >= 0]]
    return grid


def covariance_eigen(m: np.ndarray):
    """eigen() of the covariance of one row of moments, or None below MIN_POINTS points."""
    n, sx, sy, sz, xx, xy, xz, yy, yz, zz = m
    if n < MIN_POINTS:
        return None
    mx, my, mz = sx / n, sy / n, sz / n
    c = np.array([[xx / n - mx * mx, xy / n - mx * my, xz / n - mx * mz],
                  [xy / n - mx * my, yy / n - my * my, yz / n - my * mz],
                  [xz / n - mx * mz, yz / n - my * mz, zz / n - mz * mz]])
    return eigen(c)


def local_shape(xyz: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """(P, 3) float32: vertical, linear, planar of each point (z up, metres), the grid anchored at `lo`."""
    out = np.zeros((len(xyz), 3), dtype=np.float32)
    if len(xyz) == 0:
        return out
    grid = voxel_neighbourhoods(xyz, lo)
    feats = np.zeros((len(grid.keys), 3), dtype=np.float64)
    for v in range(len(grid.keys)):
        e = covariance_eigen(grid.near[v])
        if e is None:
            continue
        l1, l2, l3, normal = e
        if l1 > 0:
            feats[v] = (abs(normal[2]), (l1 - l2) / l1, (l2 - l3) / l1)
    out[:] = feats[grid.voxel_of]
    return out
