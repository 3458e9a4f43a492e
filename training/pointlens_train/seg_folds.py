"""The leave-rooms-out folds of the segmenter's cross-validation, and the recipes it compares (a
recipe is the config with a candidate's overrides merged in)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .datasets.seg_split import room_of_ref, split_scenes


def merged(base: dict, overrides: dict) -> dict:
    out = dict(base)
    for k, v in overrides.items():
        out[k] = merged(base.get(k, {}), v) if isinstance(v, dict) else v
    return out


def fold_refs(data: Path, cfg: dict, rooms: list[str]) -> tuple[list, list]:
    """(training scenes, held-out ScanNet scans) of the fold holding out `rooms`. The held-out scans are the
    50k-point scans (the full-resolution copies of scene0000 would count that room twice)."""
    parts = split_scenes(data, cfg["split"])
    everything = parts["train"] + parts["val"] + parts["test"]
    held = set(rooms)
    s3dis_out = set(cfg["split"]["s3dis_val_rooms"]) | set(cfg["split"]["s3dis_test_rooms"])
    train_refs = [r for r in everything if room_of_ref(r) not in held and room_of_ref(r) not in s3dis_out]
    test_refs = [r for r in everything if r[0] == "scannet" and room_of_ref(r) in held]
    return train_refs, test_refs


def spread(values) -> dict:
    """Mean, sample standard deviation and the values of a figure over folds, to 4 decimals."""
    v = np.array(values, dtype=np.float64)
    return {"mean": round(float(v.mean()), 4), "std": round(float(v.std(ddof=1)) if len(v) > 1 else 0.0, 4),
            "folds": [round(float(x), 4) for x in v]}
