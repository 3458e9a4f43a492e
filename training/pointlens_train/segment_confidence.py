"""Which of a scene's labelled points and boxes to trust: the reliability of the scene pipeline's
per-point confidence and box scores on scans it never saw, and the confidence from which a point, and
the score from which a box, counts as sure.

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
# boxes: a room holds a few dozen, and the instance classifier's scores start lower
BOX_GRID = tuple(round(0.3 + 0.05 * i, 2) for i in range(14))
# a box is right where it overlaps a true box of its class this much (the lenient AP threshold)
BOX_IOU = 0.25
# fewer sure boxes than this over the validation scans say nothing of their precision
BOX_LEAST = 10


def sure_threshold(conf: np.ndarray, right: np.ndarray, target: float, grid=GRID, least: int = 1) -> float | None:
    """The lowest value on the grid at which the items (points, boxes) at or above it are at least
    `least` in number and right at least `target` of the time; None where no grid point reaches it."""
    for t in grid:
        sure = conf >= t
        if sure.sum() >= least and right[sure].mean() >= target:
            return float(t)
    return None


def box_figures(scores: np.ndarray, right: np.ndarray, truths: int, threshold: float | None) -> dict:
    """The boxes found and how often they were right; with a threshold also how many are sure, how
    often the sure ones and the rest were right, and the share of the true objects a sure box found."""
    out = {"boxes": int(len(scores)), "right": int(right.sum()), "true_boxes": int(truths),
           "precision": None if not len(scores) else round(float(right.mean()), 4)}
    if threshold is not None:
        sure = scores >= threshold
        out["sure_boxes"] = int(sure.sum())
        out["sure_precision"] = None if not sure.any() else round(float(right[sure].mean()), 4)
        out["rest_precision"] = None if sure.all() else round(float(right[~sure].mean()), 4)
        out["sure_recall"] = None if not truths else round(float(right[sure].sum() / truths), 4)
    return out


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
