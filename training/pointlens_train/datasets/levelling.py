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
that is a wrong up axis, not a lean, and the scan is left as it is. A cloud of more than
`MAX_POINTS` votes with every k-th point, enough for the flat surfaces of any room.
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
MAX_POINTS = 200_000


@dataclass
class Levelling:
    up: np.ndarray  # (3,) unit vector: gravity's up, in the scan's frame
    lean: float  # degrees between `up` and +z
    cells: int  # flat cells that voted
    rotation: np.ndarray  # (3, 3): rotated = xyz @ rotation.T puts `up` on +z (identity when not levelled)
    levelled: bool  # false where too few flat cells voted or the lean is past MAX_LEAN, as levelling.ts says


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


def rounded_up(v) -> np.ndarray:
    """`v` to 6 decimals, made unit again: the app's estimate, summed in another order, rounds to
    the same numbers, so both languages turn a scan by the very same matrix."""
    r = [math.floor(float(c) * 1e6 + 0.5) / 1e6 for c in v]
    n = math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2])
    return np.array([r[0] / n, r[1] / n, r[2] / n])


def turn_onto_z(up: np.ndarray) -> np.ndarray:
    """The smallest rotation taking the unit vector `up` onto +z (Rodrigues, about up x z), written out
    term by term as `levelling.ts` writes it, so that both give the same doubles."""
    ux, uy, c = float(up[0]), float(up[1]), float(up[2])
    s = math.sqrt(uy * uy + ux * ux)
    if s < 1e-12:
        return np.eye(3)
    kx, ky = uy / s, -ux / s
    t = 1 - c
    return np.array([[1 + t * (-ky * ky), t * (kx * ky), s * ky],
                     [t * (kx * ky), 1 + t * (-kx * kx), -s * kx],
                     [-s * ky, s * kx, 1 + t * (-(kx * kx + ky * ky))]])


def estimate_levelling(xyz: np.ndarray) -> Levelling:
    """Gravity's direction in a z-up scan, and the rotation that levels it."""
    none = Levelling(np.array([0.0, 0.0, 1.0]), 0.0, 0, np.eye(3), False)
    if len(xyz) < MIN_CELLS:
        return none
    normals, weights = flat_normals(xyz[::-(-len(xyz) // MAX_POINTS)])
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
        up = rounded_up(np.asarray(principal) * (1 if principal[2] >= 0 else -1))
        cone = NARROW
    lean = math.degrees(math.acos(min(1.0, float(up[2]))))
    if lean > MAX_LEAN:
        return Levelling(up, lean, kept, np.eye(3), False)
    return Levelling(up, lean, kept, turn_onto_z(up), True)


def leaning(xyz: np.ndarray, degrees: float, heading: float) -> np.ndarray:
    """The cloud turned by `degrees` about the horizontal axis at `heading` (radians from +x): a scan
    leaning as one whose tracking drifted would. Float64 arithmetic, float32 out, as the app's test
    turns its fixture."""
    return turned(xyz, lean_turn(degrees, heading))


def lean_turn(degrees: float, heading: float) -> np.ndarray:
    """(3, 3) rotation by `degrees` about the horizontal axis at `heading`."""
    kx, ky = math.cos(heading), math.sin(heading)
    k = np.array([[0, 0, ky], [0, 0, -kx], [-ky, kx, 0]])
    a = math.radians(degrees)
    return np.eye(3) + math.sin(a) * k + (1 - math.cos(a)) * k @ k


def turned(xyz: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Float32 points turned by `r` in float64, each coordinate summed left to right as the app does."""
    x, y, z = (xyz[:, a].astype(np.float64) for a in range(3))
    return np.stack([r[i, 0] * x + r[i, 1] * y + r[i, 2] * z for i in range(3)], 1).astype(np.float32)


def level(xyz: np.ndarray) -> np.ndarray:
    """The scan turned so that gravity is +z (about the origin; later steps take heights and grid
    corners from the turned points)."""
    got = estimate_levelling(xyz)
    return turned(xyz, got.rotation) if got.levelled else xyz
