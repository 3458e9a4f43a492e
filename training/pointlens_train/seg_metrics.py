"""Segmentation metrics, as `src/core/ml/metrics.ts` computes them: confusion matrix over points
whose truth is not ignored, overall accuracy, per-class IoU (NaN where a class is absent from both
truth and prediction) and their mean over the classes that are present."""
from __future__ import annotations

import numpy as np


def confusion(truth: np.ndarray, pred: np.ndarray, classes: int) -> np.ndarray:
    """(truth, pred) counts; truth outside 0..classes-1 is ignored."""
    ok = (truth >= 0) & (truth < classes)
    return np.bincount(truth[ok] * classes + pred[ok], minlength=classes * classes).reshape(classes, classes)


def scores(cm: np.ndarray) -> dict:
    cm = cm.astype(np.float64)
    tp = np.diag(cm)
    union = cm.sum(0) + cm.sum(1) - tp
    with np.errstate(invalid="ignore", divide="ignore"):
        iou = np.where(union > 0, tp / union, np.nan)
    total = cm.sum()
    return {
        "oa": float(tp.sum() / total) if total else float("nan"),
        "miou": float(np.nanmean(iou)) if np.any(union > 0) else float("nan"),
        "iou": iou,
    }
