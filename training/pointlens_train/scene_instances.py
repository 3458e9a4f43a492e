"""Instances and boxes from a segmented scene: a port of `src/core/geometry/instances.ts`.

The points of each class are split into connected components on a voxel grid (26-neighbourhood);
components of at least `min_points` points become axis-aligned boxes scored by their points' mean
confidence; with `suppress`, boxes that duplicate a surer one across classes are dropped
(`boxSuppression.ts`). Same order as the TypeScript: by class, then by each instance's lowest
point index.
"""
from __future__ import annotations

import numpy as np


def _find(parent: list[int], a: int) -> int:
    while parent[a] != a:
        parent[a] = parent[parent[a]]
        a = parent[a]
    return a


def voxel_components(cells: np.ndarray) -> np.ndarray:
    """Component index per point of points on (N, 3) integer voxel `cells`, connected through the
    26-neighbourhood; components are numbered in the order of their lowest point index."""
    keys: dict[tuple, int] = {}
    voxel_of = np.empty(len(cells), dtype=np.int64)
    coords = []
    for k, key in enumerate(map(tuple, cells)):
        v = keys.get(key)
        if v is None:
            v = len(keys)
            keys[key] = v
            coords.append(key)
        voxel_of[k] = v
    parent = list(range(len(keys)))
    for v, (ix, iy, iz) in enumerate(coords):
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for dz in (-1, 0, 1):
                    w = keys.get((ix + dx, iy + dy, iz + dz))
                    if w is not None and w < v:
                        a, b = _find(parent, v), _find(parent, w)
                        if a != b:
                            parent[max(a, b)] = min(a, b)
    roots = np.array([_find(parent, int(v)) for v in voxel_of], dtype=np.int64)
    seen: dict[int, int] = {}
    for r in roots:
        if r not in seen:
            seen[r] = len(seen)
    return np.array([seen[r] for r in roots], dtype=np.int64)


def _volume(b: dict) -> float:
    return float(np.prod(b["size"]))


def _intersection(a: dict, b: dict) -> float:
    inter = 1.0
    for d in range(3):
        lo = max(a["center"][d] - a["size"][d] / 2, b["center"][d] - b["size"][d] / 2)
        hi = min(a["center"][d] + a["size"][d] / 2, b["center"][d] + b["size"][d] / 2)
        inter *= max(0.0, hi - lo)
    return inter


def suppress_duplicates(boxes: list[dict], iou: float, containment: float) -> list[dict]:
    """Greedy suppression over all classes, surest first: a box is dropped when its IoU with a kept
    box reaches `iou`, or when `containment` of its volume lies inside one. Original order kept."""
    order = sorted(range(len(boxes)), key=lambda i: (-boxes[i]["score"], i))
    kept: list[int] = []
    for i in order:
        own = _volume(boxes[i])
        duplicate = False
        for k in kept:
            inter = _intersection(boxes[i], boxes[k])
            union = own + _volume(boxes[k]) - inter
            if (union > 0 and inter / union >= iou) or (own > 0 and inter / own >= containment):
                duplicate = True
                break
        if not duplicate:
            kept.append(i)
    return [boxes[i] for i in sorted(kept)]


def components(xyz: np.ndarray, pred: np.ndarray, names, voxel: float, min_points: int,
               skip=("wall", "floor")) -> list[tuple[int, np.ndarray]]:
    """(class, point indices) of each connected component of at least `min_points` points of each
    predicted class not in `skip`, by class, then by lowest point index."""
    cells = np.floor(xyz.astype(np.float64) / voxel).astype(np.int64)
    out = []
    for c, label in enumerate(names):
        pts = np.nonzero(pred == c)[0]
        if label in skip or len(pts) < min_points:
            continue
        slot = voxel_components(cells[pts])
        for s in range(int(slot.max()) + 1):
            members = pts[slot == s]
            if len(members) >= min_points:
                out.append((c, members))
    return out


def box_of(xyz: np.ndarray, members: np.ndarray, label: str, c: int, score: float) -> dict:
    q = xyz[members].astype(np.float64)
    lo, hi = q.min(0), q.max(0)
    return {"center": ((lo + hi) / 2).tolist(), "size": (hi - lo).tolist(), "label": label, "classIndex": c,
            "score": score, "points": int(len(members))}


def find_instances(xyz: np.ndarray, pred: np.ndarray, confidence: np.ndarray, names, voxel: float,
                   min_points: int, skip=("wall", "floor"), suppress: dict | None = None) -> list[dict]:
    boxes = [box_of(xyz, members, names[c], c, float(confidence[members].astype(np.float64).mean()))
             for c, members in components(xyz, pred, names, voxel, min_points, skip)]
    return suppress_duplicates(boxes, **suppress) if suppress else boxes
