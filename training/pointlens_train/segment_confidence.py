"""Which of a scene's labelled points to trust: the reliability of the scene pipeline's per-point
confidence on scans it never saw, and the confidence from which a point counts as sure.

A point's confidence is what the app shows: the instance classifier's box score where a box
relabelled it, the segmenter's averaged probability elsewhere. It is not a probability of being
right, so the app does not rescale it; it marks points at or above `sure_threshold` as sure, and says
how often such points were right on held-out rooms.
"""
from __future__ import annotations

import numpy as np

from .open_set import binned_confidence, bins_as_rows

BINS = 10
# the grid the threshold is chosen from: coarse, so that a few hundred points cannot pick it
GRID = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))


def sure_threshold(conf: np.ndarray, right: np.ndarray, target: float, grid=GRID) -> float | None:
    """The lowest confidence on the grid at which the points at or above it are right at least
    `target` of the time; None where no grid point reaches it (or none has points above it)."""
    for t in grid:
        sure = conf >= t
        if sure.any() and right[sure].mean() >= target:
            return float(t)
    return None


def figures(conf: np.ndarray, right: np.ndarray, threshold: float | None) -> dict:
    """Accuracy over all points, expected calibration error and the reliability bins; with a
    threshold also the share of points sure and the accuracy of the sure points and of the rest."""
    if len(conf) != len(right) or not len(conf):
        raise ValueError("figures need one right/wrong per confidence, and at least one point")
    binned = binned_confidence(conf, right, BINS)
    out = {
        "points": int(len(conf)),
        "accuracy": round(float(right.mean()), 4),
        "ece": round(float(sum(n / len(conf) * abs(acc - c) for _, _, n, c, acc in binned if n)), 4),
        "bins": bins_as_rows(binned),
    }
    if threshold is not None:
        sure = conf >= threshold
        out["sure_share"] = round(float(sure.mean()), 4)
        out["sure_accuracy"] = None if not sure.any() else round(float(right[sure].mean()), 4)
        out["rest_accuracy"] = None if sure.all() else round(float(right[~sure].mean()), 4)
    return out
