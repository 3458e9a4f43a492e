"""A scan's floor, found so that a few stray points below it (a reflection, a sensor glitch) do not
move it: the segmenter measures every point's height from it, and the voxel grids of the local shape
and the over-segmentation are anchored on it. `src/core/geometry/sceneFloor.ts` is the same code."""
from __future__ import annotations

import math

import numpy as np

from .local_shape import VOXEL

# a height is the floor where at least FLOOR_SHARE of the scan's points lie within FLOOR_BAND above it
FLOOR_SHARE = 0.001
FLOOR_BAND = 0.1


def floor_support(n: int) -> int:
    """How many points must lie within FLOOR_BAND above the floor (itself counted)."""
    return max(1, math.ceil(n * FLOOR_SHARE))


def floor_of(z: np.ndarray) -> float:
    """The lowest height with `floor_support` points within FLOOR_BAND above it (itself counted); the
    lowest point where none has. On a scan without stray points below it, its lowest point."""
    s = np.sort(z.astype(np.float64))
    k = floor_support(len(s))
    supported = s[k - 1:] - s[:len(s) - k + 1] <= FLOOR_BAND
    return float(s[np.argmax(supported)]) if supported.any() else float(s[0])


def grid_origin(lo: np.ndarray, floor: float) -> np.ndarray:
    """A voxel grid's origin: the min corner `lo`, its height lowered from the floor by whole voxels
    to reach the lowest point, so that stray points below leave the floor's voxels where they were."""
    below = math.ceil((floor - lo[2]) / VOXEL)
    return np.array([lo[0], lo[1], floor - below * VOXEL])


def anchored_grid_origin(xyz: np.ndarray) -> np.ndarray:
    """`grid_origin` of a cloud's min corner and floor."""
    return grid_origin(xyz.astype(np.float64).min(axis=0), floor_of(xyz[:, 2]))
