"""A shape's proportions: how flat and how long it is, whichever way it is turned.

The spread of the points along each principal axis is the 2nd-98th percentile range of their
projections (a few stray points do not stretch it); sorted e1 >= e2 >= e3, the proportions are
log(e2 / e1), log(e3 / e1) and log(e3 / e2), so 0 is as wide as long and a sheet is far below zero. The app
computes the same numbers (src/core/ml/proportions.ts); tests on both sides check them on the
same clouds.
"""
from __future__ import annotations

import numpy as np

LOW, HIGH = 0.02, 0.98
# the least spread relative to the longest one: a flat sheet's log ratio stays finite
FLOOR = 1e-6


def extents(points: np.ndarray) -> np.ndarray:
    """The robust spreads along the principal axes, longest first [3]."""
    p = np.asarray(points, dtype=np.float64)
    centred = p - p.mean(axis=0)
    _, axes = np.linalg.eigh(centred.T @ centred / len(p))
    spreads = []
    for k in range(3):
        # numpy's linear interpolation between closest ranks, as the app's quantile
        lo, hi = np.quantile(centred @ axes[:, k], [LOW, HIGH])
        spreads.append(hi - lo)
    return np.sort(np.array(spreads))[::-1]


RATIOS = ("e2/e1", "e3/e1", "e3/e2")


def log_ratios(points: np.ndarray) -> np.ndarray:
    """[log(e2 / e1), log(e3 / e1), log(e3 / e2)]; a cloud at one point has the proportions of a ball."""
    e = extents(points)
    if e[0] <= 0:
        return np.zeros(3)
    e = np.maximum(e / e[0], FLOOR)
    return np.log(np.array([e[1], e[2], e[2] / e[1]]))


def class_ranges(ratios: np.ndarray, labels: np.ndarray, classes: int) -> np.ndarray:
    """Per class, the least and largest of each log ratio over its shapes: [classes, 2 (ratio), 2 (low, high)]."""
    out = np.zeros((classes, ratios.shape[1], 2))
    for c in range(classes):
        r = ratios[labels == c]
        out[c, :, 0], out[c, :, 1] = r.min(axis=0), r.max(axis=0)
    return out


def outside(ratios: np.ndarray, top: np.ndarray, ranges: np.ndarray, margin: float, used: tuple[int, ...]) -> np.ndarray:
    """For each shape, whether a used log ratio lies more than `margin` outside its top class's range [S]."""
    lo = ranges[top][:, list(used), 0] - margin
    hi = ranges[top][:, list(used), 1] + margin
    r = ratios[:, list(used)]
    return ((r < lo) | (r > hi)).any(axis=1)
