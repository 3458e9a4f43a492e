"""Boxes and labels of a segmented scene revised by the instance classifier (`instance_classifier.py`):
the Python twin of `src/core/ml/classifyInstances.ts`.

- proposals: the connected components of each predicted class (the app's boxes before duplicate
  suppression), and optionally those of all points predicted as any object class at several voxel
  sizes; and with `pieces`, the object pieces of a geometric over-segmentation and their merges
  (`piece_proposals.py`);
- each proposal is labelled with its surest object class and scored by that probability ("none"
  competes in the softmax, so a piece of wall scores low whatever its label); a proposal whose
  surest output is "none" makes no box;
- duplicates are suppressed as the app does;
- the points of each kept box scored at least `relabel_at` take its class, the surest box last.
"""
from __future__ import annotations

import numpy as np

from .datasets.scene_labels import NAMES, UNBOXED
from .instance_classifier import BOXED, NONE
from .piece_proposals import PieceProposals, piece_proposals
from .scene_instances import box_of, components, suppress_duplicates


def one_hot(pred: np.ndarray) -> np.ndarray:
    """A prediction as probabilities (all of a point's weight on its class): what the fixtures' proposals grow from."""
    return np.eye(len(NAMES))[pred]


def proposals(xyz: np.ndarray, pred: np.ndarray, cfg: dict, agnostic: bool, voxels=None, pieces: dict | None = None,
              rgb: np.ndarray | None = None, probabilities: np.ndarray | None = None) -> list[np.ndarray]:
    """Per voxel size (the boxes' one where `voxels` is None), the one-class components, then with
    `agnostic` those of any object; then, with `pieces`, the piece proposals grown from `probabilities`."""
    min_points = cfg["boxes"]["min_points"]
    objects = np.where(np.isin(pred, [NAMES.index(n) for n in UNBOXED]), -1, 0)
    found = []
    for voxel in (cfg["boxes"]["voxel"],) if voxels is None else voxels:
        found += [m for _, m in components(xyz, pred, NAMES, voxel, min_points, UNBOXED)]
        if agnostic:
            found += [m for _, m in components(xyz, objects, ("object",), voxel, min_points, ())]
    if pieces:
        found += piece_proposals(xyz, rgb, probabilities, PieceProposals(**pieces), min_points)
    return found


def classified_boxes(xyz, members, probs, cfg) -> list[dict]:
    boxes = []
    for m, p in zip(members, probs):
        if int(np.argmax(p)) == NONE:  # surer that it is no object than that it is any one
            continue
        j = int(np.argmax(p[:NONE]))
        box = box_of(xyz, m, NAMES[BOXED[j]], BOXED[j], float(p[j]))
        box["members"] = m
        boxes.append(box)
    return suppress_duplicates(boxes, **cfg["boxes"]["suppress"])


def relabelled(pred: np.ndarray, boxes: list[dict], relabel_at: float = 0.5) -> np.ndarray:
    out = pred.copy()
    for b in sorted(boxes, key=lambda b: b["score"]):
        if b["score"] >= relabel_at:
            out[b["members"]] = b["classIndex"]
    return out
