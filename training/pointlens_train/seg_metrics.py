"""Segmentation metrics, as `src/core/ml/metrics.ts` computes them: confusion matrix over points
whose truth is not ignored, overall accuracy, per-class IoU and their mean. IoU is defined for the
classes present in the truth (NaN for the others): a few held-out rooms lack many classes, and a
class that is not there has no IoU to measure (its false positives still lower the others')."""
from __future__ import annotations

import numpy as np


def confusion(truth: np.ndarray, pred: np.ndarray, classes: int) -> np.ndarray:
    """(truth, pred) counts; truth outside 0..classes-1 is ignored. A prediction outside them (the app's
    ceiling, which its geometry names after the segmenter's classes) has no column here, and is refused
    rather than counted in another class's."""
    ok = (truth >= 0) & (truth < classes)
    if np.any((pred[ok] < 0) | (pred[ok] >= classes)):
        raise ValueError(f"predictions outside the {classes} classes: score them with a confusion matrix that has their column")
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


def _footprint(box) -> np.ndarray:
    """The box's four corners in x, y, counter-clockwise; `yaw` (radians about +z) turns it about its centre."""
    hx, hy = box["size"][0] / 2, box["size"][1] / 2
    c, s = np.cos(box.get("yaw", 0.0)), np.sin(box.get("yaw", 0.0))
    local = np.array([[-hx, -hy], [hx, -hy], [hx, hy], [-hx, hy]])
    return local @ np.array([[c, s], [-s, c]]) + np.asarray(box["center"][:2], dtype=np.float64)


def _clipped(poly: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The part of a convex polygon left of the directed line a -> b (Sutherland-Hodgman)."""
    side = lambda p: (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])  # noqa: E731
    out = []
    for i in range(len(poly)):
        p, q = poly[i], poly[(i + 1) % len(poly)]
        sp, sq = side(p), side(q)
        if sp >= 0:
            out.append(p)
        if (sp >= 0) != (sq >= 0):
            out.append(p + (q - p) * (sp / (sp - sq)))
    return np.array(out).reshape(-1, 2)


def _area(poly: np.ndarray) -> float:
    if len(poly) < 3:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def box_iou(a, b) -> float:
    """3D IoU of boxes {center, size, yaw (optional, radians about +z)}: square to the axes as the
    app's boxes were, or turned about z as SUN RGB-D's truth and the app's boxes squared to a room's walls."""
    lo = max(a["center"][2] - a["size"][2] / 2, b["center"][2] - b["size"][2] / 2)
    hi = min(a["center"][2] + a["size"][2] / 2, b["center"][2] + b["size"][2] / 2)
    if a.get("yaw", 0.0) == 0.0 and b.get("yaw", 0.0) == 0.0:
        inter = max(0.0, hi - lo)
        for d in range(2):
            l = max(a["center"][d] - a["size"][d] / 2, b["center"][d] - b["size"][d] / 2)
            h = min(a["center"][d] + a["size"][d] / 2, b["center"][d] + b["size"][d] / 2)
            inter *= max(0.0, h - l)
    else:
        poly, clip = _footprint(a), _footprint(b)
        for i in range(4):
            poly = _clipped(poly, clip[i], clip[(i + 1) % 4])
            if len(poly) == 0:
                break
        inter = _area(poly) * max(0.0, hi - lo)
    vol = lambda x: x["size"][0] * x["size"][1] * x["size"][2]  # noqa: E731
    union = vol(a) + vol(b) - inter
    return inter / union if union > 0 else 0.0


def class_matches(scenes: list[tuple[list[dict], list[dict]]], c: int, threshold: float) -> tuple[list[tuple[float, bool]], int]:
    """VoteNet's eval_det matching for class `c`: its predictions by descending score, each matched to
    its scene's best-overlapping truth box of that class when that box is unmatched and overlaps by
    `threshold`. Each prediction's (score, matched), in that order, and the class's number of truth boxes."""
    truth = [[t for t in tr if t["classIndex"] == c] for _, tr in scenes]
    dets = [(p, s) for s, (pr, _) in enumerate(scenes) for p in pr if p["classIndex"] == c]
    dets.sort(key=lambda d: -d[0]["score"])  # stable, like Array.prototype.sort
    used = [[False] * len(t) for t in truth]
    out = []
    for box, s in dets:
        best, best_iou = -1, -np.inf
        for k, t in enumerate(truth[s]):
            o = box_iou(box, t)
            if o > best_iou:
                best, best_iou = k, o
        hit = best >= 0 and best_iou >= threshold and not used[s][best]
        if hit:
            used[s][best] = True
        out.append((float(box["score"]), hit))
    return out, sum(len(t) for t in truth)


def box_ap(scenes: list[tuple[list[dict], list[dict]]], classes: int, threshold: float = 0.25) -> dict:
    """VoteNet's eval_det over (pred boxes, truth boxes) per scene: per-class AP (NaN without truth), mAP;
    AP is the area under the precision envelope of `class_matches`."""
    ap = []
    for c in range(classes):
        matches, positives = class_matches(scenes, c, threshold)
        if positives == 0:
            ap.append(float("nan"))
            continue
        hits = np.cumsum([hit for _, hit in matches])
        rec = np.concatenate([[0.0], hits / positives, [1.0]])
        prec = np.concatenate([[0.0], hits / np.arange(1, len(matches) + 1), [0.0]])
        for i in range(len(prec) - 2, -1, -1):
            prec[i] = max(prec[i], prec[i + 1])
        ap.append(float(np.sum((rec[1:] - rec[:-1]) * prec[1:])))
    defined = [a for a in ap if not np.isnan(a)]
    return {"ap": ap, "map": float(np.mean(defined)) if defined else float("nan")}
