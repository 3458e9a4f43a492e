"""Segmentation metrics, as `src/core/ml/metrics.ts` computes them: confusion matrix over points
whose truth is not ignored, overall accuracy, per-class IoU and their mean. IoU is defined for the
classes present in the truth (NaN for the others): a few held-out rooms lack many classes, and a
class that is not there has no IoU to measure (its false positives still lower the others')."""
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
        iou = np.where(cm.sum(1) > 0, tp / union, np.nan)
    total = cm.sum()
    return {
        "oa": float(tp.sum() / total) if total else float("nan"),
        "miou": float(np.nanmean(iou)) if np.any(cm.sum(1) > 0) else float("nan"),
        "iou": iou,
    }


def box_iou(a, b) -> float:
    inter = 1.0
    for d in range(3):
        lo = max(a["center"][d] - a["size"][d] / 2, b["center"][d] - b["size"][d] / 2)
        hi = min(a["center"][d] + a["size"][d] / 2, b["center"][d] + b["size"][d] / 2)
        inter *= max(0.0, hi - lo)
    vol = lambda x: x["size"][0] * x["size"][1] * x["size"][2]  # noqa: E731
    union = vol(a) + vol(b) - inter
    return inter / union if union > 0 else 0.0


def box_ap(scenes: list[tuple[list[dict], list[dict]]], classes: int, threshold: float = 0.25) -> dict:
    """VoteNet's eval_det over (pred boxes, truth boxes) per scene: per-class AP (NaN without truth), mAP.

    Predictions by descending score, each matched to its scene's best-overlapping truth box when
    that box is unmatched and overlaps by `threshold`; AP is the area under the precision envelope.
    """
    ap = []
    for c in range(classes):
        truth = [[t for t in tr if t["classIndex"] == c] for _, tr in scenes]
        positives = sum(len(t) for t in truth)
        if positives == 0:
            ap.append(float("nan"))
            continue
        dets = [(p, s) for s, (pr, _) in enumerate(scenes) for p in pr if p["classIndex"] == c]
        dets.sort(key=lambda d: -d[0]["score"])  # stable, like Array.prototype.sort
        used = [[False] * len(t) for t in truth]
        tp = []
        for box, s in dets:
            best, best_iou = -1, -np.inf
            for k, t in enumerate(truth[s]):
                o = box_iou(box, t)
                if o > best_iou:
                    best, best_iou = k, o
            hit = best >= 0 and best_iou >= threshold and not used[s][best]
            if hit:
                used[s][best] = True
            tp.append(1 if hit else 0)
        hits = np.cumsum(tp)
        rec = np.concatenate([[0.0], hits / positives, [1.0]])
        prec = np.concatenate([[0.0], hits / np.arange(1, len(tp) + 1), [0.0]])
        for i in range(len(prec) - 2, -1, -1):
            prec[i] = max(prec[i], prec[i + 1])
        ap.append(float(np.sum((rec[1:] - rec[:-1]) * prec[1:])))
    defined = [a for a in ap if not np.isnan(a)]
    return {"ap": ap, "map": float(np.mean(defined)) if defined else float("nan")}
