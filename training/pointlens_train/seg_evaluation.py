"""Scoring a segmenter on held-out rooms with the app's pipeline (scene_segment, scene_instances),
and the protocol texts and cross-validation table its manifest entry carries."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from .datasets.fixture_scenes import truth_boxes
from .datasets.scene_labels import NAMES, UNBOXED
from .datasets.scene_blocks import input_features
from .datasets.colour_balance import balanced
from .datasets.levelling import level
from .datasets.scenes import Scene, read_scene
from .models.seg_model import ROOM, ROOM_CONSTANT, ignore_inputs
from .models.seg_training import build_model
from .scene_instances import find_instances
from .scene_segment import decide, scene_probabilities
from .seg_metrics import box_ap, confusion, scores


def _nan_none(v: float):
    return None if np.isnan(v) else round(float(v), 4)


def _per_class(values) -> dict:
    return {name: _nan_none(v) for name, v in zip(NAMES, values)}


def evaluate(data: Path, refs, net, cfg: dict, with_boxes: bool) -> dict:
    scans = []
    for kind, name in refs:
        scene = read_scene(data, kind, name)
        scans.append((name, scene, probabilities(scene, net, cfg)))
    return score(scans, cfg, with_boxes)


def probabilities(scene: Scene, net, cfg: dict) -> np.ndarray:
    size, stride, points, seed = cfg["block"]["size"], cfg["block"]["stride"], cfg["points"], cfg["seed"]
    xyz = level(scene.xyz) if cfg.get("level", False) else scene.xyz
    rgb = balanced(scene.rgb) if cfg["train"].get("colour_balance", False) else scene.rgb
    return scene_probabilities(xyz, rgb, net, len(NAMES), size, stride, points, seed,
                               features=len(input_features(cfg)))


def score(scans: list[tuple[str, Scene, np.ndarray]], cfg: dict, with_boxes: bool) -> dict:
    """Confusion, IoU and box AP of named scans given each point's probabilities."""
    cm = np.zeros((len(NAMES), len(NAMES)), dtype=np.int64)
    box_scenes = []
    for _, scene, p in scans:
        pred, conf = decide(p)
        cm += confusion(scene.labels, pred, len(NAMES))
        if with_boxes:
            found = find_instances(scene.xyz, pred, conf, NAMES, cfg["boxes"]["voxel"], cfg["boxes"]["min_points"], UNBOXED,
                                   cfg["boxes"].get("suppress"))
            box_scenes.append((found, truth_boxes(scene.boxes)))
    s = scores(cm)
    out = {"scans": [name for name, _, _ in scans], "oa": round(s["oa"], 4), "miou": round(s["miou"], 4),
           "per_class_iou": _per_class(s["iou"]), "confusion": cm.tolist()}
    if with_boxes:
        for threshold in (25, 50):
            ap = box_ap(box_scenes, len(NAMES), threshold / 100)
            out[f"ap{threshold}"] = round(ap["map"], 4)
            out[f"per_class_ap{threshold}"] = _per_class(ap["ap"])
    return out


def as_network(model, cfg: dict):
    """A trained network as numpy logits of a (B, F, N) block batch, in eval mode, with the room-position
    features folded away where training held them constant."""
    model.eval()
    if not cfg["train"].get("room_features", True):  # earlier checkpoints always used them
        ignore_inputs(model, ROOM, ROOM_CONSTANT)

    def net(x: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return model(torch.from_numpy(x)).numpy()

    return net


def fold_network(root: Path, k: int, cfg: dict, candidate: str):
    """as_network of the network `seg-cv` kept for fold k of `candidate` under `root`."""
    state = root / f"fold{k}.pt"
    if not state.exists():
        raise SystemExit(f"{state} is missing: run `make seg-cv CANDIDATE={candidate}` (with the same STEPS) first")
    model = build_model(cfg)
    model.load_state_dict(torch.load(state))
    return as_network(model, cfg)


def heldout_protocol(cfg: dict) -> str:
    """What the top-level metrics of the segmenter entry measure."""
    return ("held-out rooms, scored once with the app's pipeline (all chunks of all blocks, seed "
            f"{cfg['seed']}): ScanNet " + ", ".join(cfg["split"]["scannet_test_rooms"]) + " (all their scans), "
            "S3DIS " + ", ".join(cfg["split"]["s3dis_test_rooms"]) + "; the checkpoint chosen by mIoU on the "
            "validation rooms ScanNet " + ", ".join(cfg["split"]["scannet_val_rooms"]) + " and S3DIS "
            + ", ".join(cfg["split"]["s3dis_val_rooms"]))


def _holds(overrides: dict, cfg: dict) -> bool:
    return all(_holds(v, cfg.get(k, {})) if isinstance(v, dict) else cfg.get(k) == v for k, v in overrides.items())


def recipe_of(work: Path, trained: dict) -> str | None:
    """The cross-validated recipe whose overrides a checkpoint's training config holds (a config that
    names no input features or neighbourhood scales has 9 and none, as earlier checkpoints did)."""
    full = {**trained, "input_features": len(input_features(trained)), "model": {"scales": [], **trained["model"]}}
    for path in sorted(work.glob("cv*/*/summary.json")):
        s = json.loads(path.read_text())
        if _holds(s["overrides"], full):
            return s["candidate"]
    return None


# an epoch of a fold is about 2,000 ScanNet-repeated blocks, 125 steps of 16
STEPS_PER_EPOCH = 125


def cv_root(work: Path, cfg: dict, steps: int) -> Path:
    """Where seg_cv keeps the folds of a step budget: <work>/cv for the config's screening budget,
    <work>/cv_<steps>_steps for a longer one."""
    return work / "cv" if steps == cfg["cv"]["steps"] else work / f"cv_{steps}_steps"


def _table(root: Path, cfg: dict, recipe: str | None, steps: int) -> dict | None:
    summaries = sorted(root.glob("*/summary.json"))
    if not summaries:
        return None
    rows = {}
    for path in summaries:
        s = json.loads(path.read_text())
        rows[s["candidate"]] = {k: s[k] for k in ("description", "folds", "miou", "ap25", "oa", "s3dis_miou",
                                                  "pooled_per_class_iou", "minutes_per_fold")}
    protocol = cfg["cv"]["protocol"].format(steps=steps, epochs=f"{steps / STEPS_PER_EPOCH:.1f}")
    return {"protocol": protocol, "steps": steps, "folds": cfg["cv"]["folds"], "recipe": recipe, "candidates": rows}


def keep_earlier_candidates(cv: dict, earlier: dict, recipe: str | None) -> dict:
    """The tables of `cv` with the rows of recipes scored earlier (in the metrics `earlier`, whose
    folds are not under this work folder) kept beside the new ones, and earlier tables of budgets
    not scored here kept whole; every table names `recipe` as the one the model was trained with."""
    out = {k: {**v, "recipe": recipe} for k, v in earlier.items() if k.startswith("cross_validation")}
    for key, table in cv.items():
        before = out.get(key, {}).get("candidates", {})
        out[key] = {**table, "candidates": {**{k: v for k, v in before.items() if k not in table["candidates"]}, **table["candidates"]}}
    return out


def cross_validation(work: Path, cfg: dict, recipe: str | None) -> dict:
    """The leave-rooms-out cross-validations scored under <work> (seg_cv), naming the recipe the shipped
    model was trained with: `cross_validation` at the screening budget and `cross_validation_<n>_steps`
    for each longer one; empty when none has been scored."""
    out = {}
    screen = _table(cv_root(work, cfg, cfg["cv"]["steps"]), cfg, recipe, cfg["cv"]["steps"])
    if screen:
        out["cross_validation"] = screen
    for root in sorted(work.glob("cv_*_steps")):
        steps = int(root.name.split("_")[1])
        longer = _table(root, cfg, recipe, steps)
        if longer:
            out[f"cross_validation_{steps}_steps"] = longer
    return out
