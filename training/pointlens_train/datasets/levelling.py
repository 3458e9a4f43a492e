"""Gravity from the surfaces that lie flat, and the turn that levels a scan.

The up axis says which axis points up, not how far a scan leans from it: a handheld scan whose
tracking drifted can lean several degrees (scene0004_00 leans 15°), so the height above the lowest
point, which the segmenter reads, is off by up to a metre across its floor, and walls no longer
look vertical to the local shape.

Floors, table tops and seats all lie square to gravity. So every cell of the local shape's grid
whose neighbourhood is flat (planar at least `PLANAR`) and faces within `CONE` of the up axis
gives a normal, and gravity is the principal direction of those normals, weighted by their points.
It is refined `ROUNDS` times, each keeping only the normals within `NARROW` of the last estimate,
so that a sloping stair or a sagging sofa weighs out. A lean past `MAX_LEAN` is not corrected:
that is a wrong up axis, not a lean, and the scan is left as it is.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .local_shape import covariance_eigen, eigen, voxel_neighbourhoods

CONE = math.radians(30)
NARROW = math.radians(10)
ROUNDS = 3
PLANAR = 0.5
MIN_CELLS = 50
MAX_LEAN = 25.0


@dataclass
class Levelling:
    up: np.ndarray  # (3,) unit vector: gravity's up, in the scan's frame
    lean: float  # degrees between `up` and +z
    cells: int  # flat cells that voted
    rotation: np.ndarray  # (3, 3): rotated = xyz @ rotation.T puts `up` on +z (identity when not levelled)


def flat_normals(xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(normals facing +z, point counts) of the grid cells whose neighbourhood is flat."""
    grid = voxel_neighbourhoods(xyz, xyz.min(axis=0))
    normals, weights = [], []
    for v in range(len(grid.keys)):
        e = covariance_eigen(grid.near[v])
        if e is None:
            continue
        l1, l2, l3, n = e
        if l1 <= 0 or (l2 - l3) / l1 < PLANAR:
            continue
        normals.append(n if n[2] >= 0 else (-n[0], -n[1], -n[2]))
        weights.append(grid.own[v, 0])
    return np.asarray(normals, dtype=np.float64).reshape(-1, 3), np.asarray(weights, dtype=np.float64)


def turn_onto_z(up: np.ndarray) -> np.ndarray:
    """The smallest rotation taking the unit vector `up` onto +z (Rodrigues)."""
    axis = np.cross(up, (0.0, 0.0, 1.0))
    s, c = np.linalg.norm(axis), float(up[2])
    if s < 1e-12:
        return np.eye(3)
    k = axis / s
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + s * kx + (1 - c) * kx @ kx


def estimate_levelling(xyz: np.ndarray) -> Levelling:
    """Gravity's direction in a z-up scan, and the rotation that levels it."""
    none = Levelling(np.array([0.0, 0.0, 1.0]), 0.0, 0, np.eye(3))
    if len(xyz) < MIN_CELLS:
        return none
    normals, weights = flat_normals(xyz)
    up, cone = np.array([0.0, 0.0, 1.0]), CONE
    kept = 0
    for _ in range(ROUNDS + 1):
        near = normals @ up >= math.cos(cone)
        kept = int(near.sum())
        if kept < MIN_CELLS:
            return none
        n, w = normals[near], weights[near]
        # the principal direction of the scatter is the least one of its negation, which local_shape's
        # closed form (shared with the app) gives as its normal
        *_, principal = eigen(-((n * w[:, None]).T @ n))
        up = np.asarray(principal) * (1 if principal[2] >= 0 else -1)
        cone = NARROW
    lean = math.degrees(math.acos(min(1.0, float(up[2]))))
    if lean > MAX_LEAN:
        return Levelling(up, lean, kept, np.eye(3))
    return Levelling(up, lean, kept, turn_onto_z(up))


def leaning(xyz: np.ndarray, degrees: float, heading: float) -> np.ndarray:
    """The cloud turned by `degrees` about the horizontal axis at `heading` (radians from +x): a scan
    leaning as one whose tracking drifted would. Float64 arithmetic, float32 out, as the app's test
    turns its fixture."""
    return (xyz.astype(np.float64) @ lean_turn(degrees, heading).T).astype(np.float32)


def lean_turn(degrees: float, heading: float) -> np.ndarray:
    """(3, 3) rotation by `degrees` about the horizontal axis at `heading`."""
    kx, ky = math.cos(heading), math.sin(heading)
    k = np.array([[0, 0, ky], [0, 0, -kx], [-ky, kx, 0]])
    a = math.radians(degrees)
    return np.eye(3) + math.sin(a) * k + (1 - math.cos(a)) * k @ k


def level(xyz: np.ndarray) -> np.ndarray:
    """The scan turned so that gravity is +z (about the origin; later steps take heights and grid
    corners from the turned points)."""
    return (xyz.astype(np.float64) @ estimate_levelling(xyz).rotation.T).astype(xyz.dtype)
