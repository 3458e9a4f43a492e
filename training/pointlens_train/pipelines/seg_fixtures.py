"""Writes the model-independent fixtures of the app's scene tests into tests/fixtures/seg/:

- `blocks_parity.json`: a small real cloud (every 100th point of a held-out ScanNet scan) and the
  blocks, chunks and tensors `scene_blocks.py` builds from it, which `blocks.ts` must reproduce.
- `local_shape_parity.json`: every 10th point of that scan and the local shape `local_shape.py`
  gives each, which `localShape.ts` must reproduce.
- `<scan>.bin` + `<scan>.json`: one held-out ScanNet scan (float32 xyz, uint8 rgb, uint8 NYU40 id
  per point, little-endian, one array after the other), its ground-truth boxes, the boxes that
  `scene_instances.py` finds on its true labels and their box AP, and segmentation scores of a
  labelling that differs from the truth, for `instances.ts` and `metrics.ts`; and the boxes of that
  labelling with uneven confidences before and after duplicate suppression, for `boxSuppression.ts`.
- `levelling_parity.json`: that scan as recorded and leaning (each with the turn that leans it), and
  the gravity, lean, voting cells and levelling turn `levelling.py` finds, which `levelling.ts` must
  reproduce.
- `pieces_parity.json`: on that scan, the over-segmentation `over_segment.py` cuts (with and without
  colour) and the piece proposals `piece_proposals.py` grows from made-up probabilities that both
  languages compute alike (`fixture_probabilities`), which `overSegment.ts` and `pieceProposals.ts`
  must reproduce.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..datasets.levelling import estimate_levelling, lean_turn, leaning, level
from ..datasets.local_shape import local_shape
from ..datasets.fixture_scenes import PARITY_SCAN, SCENE_SCAN, truth_boxes
from ..datasets.scene_blocks import Mulberry32, block_tensor, build_blocks, chunk_indices, point_features
from ..datasets.scene_labels import NAMES, map_nyu40
from ..datasets.scenes import read_scannet
from ..over_segment import over_segment
from ..piece_proposals import PieceProposals, STRUCTURE, merged_pieces
from ..scene_instances import find_instances, suppress_duplicates
from ..seg_metrics import box_ap, confusion, scores
from ..step_args import step_args


def _nan_to_none(values):
    return [None if np.isnan(v) else float(v) for v in values]


def write_parity(data: Path, out: Path, size: float, stride: float) -> None:
    scene = read_scannet(data, PARITY_SCAN)
    xyz, rgb = scene.xyz[::100], scene.rgb[::100]
    points, seed = 64, 7
    blocks = build_blocks(xyz, size, stride)
    feats = point_features(xyz, rgb, blocks.room)
    grey = point_features(xyz, None, blocks.room)
    rng = Mulberry32(seed)
    chunks = [chunk_indices(blocks.members(k), int(blocks.ids[k]), points, seed) for k in range(len(blocks.ids))]
    doc = {
        "source": f"../shared/data/scannet/scannet_train_detection_data/{PARITY_SCAN}_vert.npy, every 100th point",
        "block": {"size": size, "stride": stride},
        "points": points,
        "seed": seed,
        "rng": [rng() for _ in range(5)],
        "positions": xyz.astype(np.float64).ravel().tolist(),
        "colors": rgb.ravel().tolist(),
        "room": {"lo": blocks.room.lo.tolist(), "hi": blocks.room.hi.tolist()},
        "nx": blocks.nx,
        "ny": blocks.ny,
        "ids": blocks.ids.tolist(),
        "offsets": blocks.offsets.tolist(),
        "members": blocks.points.tolist(),
        "chunks": [c.ravel().tolist() for c in chunks],
        # BCN tensors of the first chunk of the first blocks, with and without colour
        "tensors": [block_tensor(feats, chunks[k][:1], blocks.centre(k))[0].astype(np.float64).ravel().tolist()
                    for k in range(3)],
        "grey_tensor": block_tensor(grey, chunks[0][:1], blocks.centre(0))[0].astype(np.float64).ravel().tolist(),
    }
    (out / "blocks_parity.json").write_text(json.dumps(doc) + "\n")


def write_local_shape(data: Path, out: Path) -> None:
    scene = read_scannet(data, PARITY_SCAN)
    xyz = scene.xyz[::10]
    lo = xyz.astype(np.float64).min(axis=0)
    def float32s(a: np.ndarray) -> str:  # 9 significant digits give a float32 back exactly
        return "[" + ",".join(f"{v:.9g}" for v in a.ravel()) + "]"

    source = f"../shared/data/scannet/scannet_train_detection_data/{PARITY_SCAN}_vert.npy, every 10th point"
    (out / "local_shape_parity.json").write_text(
        f'{{"source": {json.dumps(source)}, "lo": {json.dumps(lo.tolist())}, '
        f'"positions": {float32s(xyz)}, "shape": {float32s(local_shape(xyz, lo))}}}\n')


def write_scene(data: Path, out: Path, voxel: float, min_points: int, suppress: dict | None) -> None:
    root = data / "scannet" / "scannet_train_detection_data"
    scene = read_scannet(data, SCENE_SCAN)
    nyu = np.load(root / f"{SCENE_SCAN}_sem_label.npy").astype(np.int64)
    nyu = np.where(nyu <= 40, nyu, 0)  # ids above NYU40 carry no class of ours
    with open(out / f"{SCENE_SCAN}.bin", "wb") as f:
        f.write(scene.xyz.astype("<f4").tobytes())
        f.write(scene.rgb.astype(np.uint8).tobytes())
        f.write(nyu.astype(np.uint8).tobytes())
    truth = map_nyu40(nyu)
    # boxes of the true labelling, every point fully confident
    labelled = np.where(truth >= 0, truth, len(NAMES))
    gt_boxes = truth_boxes(scene.boxes)
    found = find_instances(scene.xyz, labelled, np.ones(len(truth), dtype=np.float32), NAMES, voxel, min_points,
                           suppress=suppress)
    ap = box_ap([(found, gt_boxes)], len(NAMES))
    # a labelling with known mistakes: every 7th point one class on
    other = truth.copy()
    other[::7] = (other[::7] + 1) % len(NAMES)
    other[truth < 0] = 0
    s = scores(confusion(truth, other, len(NAMES)))
    # its boxes overlap across classes: the suppression has something to decide
    uneven = ((np.arange(len(truth)) * 7919) % 1000 / 1000).astype(np.float32)
    raw = find_instances(scene.xyz, other, uneven, NAMES, voxel, min_points)
    kept = suppress_duplicates(raw, **suppress) if suppress else raw
    doc = {
        "source": f"../shared/data/scannet/scannet_train_detection_data/{SCENE_SCAN}_*.npy (held-out room)",
        "points": int(len(truth)),
        "layout": ["positions float32 x3", "colors uint8 x3", "nyu40 uint8"],
        "truth_boxes": gt_boxes,
        "instances_of_truth": {"voxel": voxel, "min_points": min_points, "suppress": suppress, "boxes": found,
                               "ap25": _nan_to_none(ap["ap"]), "map25": ap["map"]},
        "shifted_every_7th": {"oa": s["oa"], "miou": s["miou"], "iou": _nan_to_none(s["iou"])},
        "suppression_of_shifted": {"suppress": suppress, "boxes": raw,
                                   "kept": [next(i for i, b in enumerate(raw) if b is k) for k in kept]},
    }
    (out / f"{SCENE_SCAN}.json").write_text(json.dumps(doc, indent=1) + "\n")


def fixture_probabilities(truth: np.ndarray) -> np.ndarray:
    """(P, classes) float64 probabilities from the true labels with every 7th point one class on (the
    scene fixture's shifted labelling): 0.01 everywhere, + 0.5 on the shifted class, + 0.3 on the true
    one (on the shifted one where a point has none)."""
    classes = len(NAMES)
    shifted = truth.copy()
    shifted[::7] = (shifted[::7] + 1) % classes
    shifted[truth < 0] = 0
    p = np.full((len(truth), classes), 0.2 / classes)
    p[np.arange(len(truth)), shifted] += 0.5
    p[np.arange(len(truth)), np.where(truth >= 0, truth, shifted)] += 0.3
    return p


def write_pieces(data: Path, out: Path, pieces: dict, min_points: int) -> None:
    root = data / "scannet" / "scannet_train_detection_data"
    scene = read_scannet(data, SCENE_SCAN)
    nyu = np.load(root / f"{SCENE_SCAN}_sem_label.npy").astype(np.int64)
    truth = map_nyu40(np.where(nyu <= 40, nyu, 0))
    params = PieceProposals(**pieces)
    piece = over_segment(scene.xyz, scene.rgb, params.k, params.min_cells, params.colour_weight)
    coloured = over_segment(scene.xyz, scene.rgb, params.k, params.min_cells, 1.0)
    found = merged_pieces(scene.xyz, piece, fixture_probabilities(truth), params, min_points)
    doc = {
        "source": f"{SCENE_SCAN}.bin, with the labels of its {SCENE_SCAN}.json",
        "params": pieces, "min_points": min_points, "structure": list(STRUCTURE),
        "piece": piece.tolist(),
        "coloured": {"colour_weight": 1.0, "pieces": int(coloured.max()) + 1,
                     "sizes": np.bincount(coloured).tolist()},
        # each proposal by its size, lowest and highest point and the sum of its point indices
        "proposals": [[len(m), int(m[0]), int(m[-1]), int(m.sum())] for m in found],
    }
    (out / "pieces_parity.json").write_text(json.dumps(doc) + "\n")


# (degrees, heading in radians) of the leans the parity fixture checks: none, a drifted scan, a steep one
LEVELLING_CASES = ((0.0, 0.0), (8.0, 0.7), (20.0, 4.0))


def write_levelling(data: Path, out: Path) -> None:
    scene = read_scannet(data, SCENE_SCAN)
    cases = []
    for degrees, heading in LEVELLING_CASES:
        leant = leaning(scene.xyz, degrees, heading)
        got = estimate_levelling(leant)
        flat = level(leant).astype(np.float64)
        cases.append({"degrees": degrees, "heading": heading, "turn": lean_turn(degrees, heading).ravel().tolist(),
                      "up": got.up.tolist(), "lean": got.lean, "cells": got.cells, "rotation": got.rotation.ravel().tolist(),
                      "levelled": got.levelled,
                      # the levelled points, summed per axis in float64 in point order, and the first three
                      "levelled_sums": [float(sum(flat[:, a].tolist())) for a in range(3)], "levelled_first": flat[:3].ravel().tolist()})
    doc = {"scan": f"{SCENE_SCAN}.bin (this folder), turned by each case's `turn` in float64 and stored as float32", "cases": cases}
    (out / "levelling_parity.json").write_text(json.dumps(doc, indent=1) + "\n")


def main() -> None:
    args, cfg = step_args("data", "out")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_parity(Path(args.data), out, cfg["block"]["size"], cfg["block"]["stride"])
    write_local_shape(Path(args.data), out)
    write_scene(Path(args.data), out, cfg["boxes"]["voxel"], cfg["boxes"]["min_points"], cfg["boxes"].get("suppress"))
    write_pieces(Path(args.data), out, cfg["instances"]["pieces"], cfg["boxes"]["min_points"])
    write_levelling(Path(args.data), out)


if __name__ == "__main__":
    main()
