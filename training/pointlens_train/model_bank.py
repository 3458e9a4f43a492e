"""Object models seen as a scanner sees them, for pasting into the segmenter's training blocks.

Eight ScanNet training rooms hold a few sofas, beds and desks; the Sweet Home 3D catalog holds
hundreds of floor-standing models of those classes. Each is scanned from standing viewpoints with
its hidden surfaces dropped (`instance_classifier.catalog_views`, the views the instance classifier
trains on), so a pasted chair shows the sides a handheld scan of a real room would, not a complete
mesh. Both banks are `instance_bank.ObjectPool`s, so `seg_augment.paste` takes either.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .datasets.instance_bank import PASTED_INDEX, ObjectPool
from .datasets.local_shape import local_shape
from .datasets.scene_blocks import FEATURES, input_features
from .instance_classifier import BOXED, ModelView, furniture_catalog, catalog_views
from .models.seg_model import ROOM, ROOM_CONSTANT

FLOOR_MARGIN = 0.3  # metres of floor around a model's footprint when its local shape is computed
FLOOR_SPACING = 0.03


def with_floor_shape(xyz: np.ndarray) -> np.ndarray:
    """(P, 3) local shape of a model standing at z = 0, computed with a floor under and around it,
    since a real object's base is never seen without the floor it stands on."""
    lo, hi = xyz[:, 0:2].min(0) - FLOOR_MARGIN, xyz[:, 0:2].max(0) + FLOOR_MARGIN
    gx, gy = np.meshgrid(np.arange(lo[0], hi[0], FLOOR_SPACING), np.arange(lo[1], hi[1], FLOOR_SPACING))
    floor = np.stack([gx.ravel(), gy.ravel(), np.zeros(gx.size)], 1)
    both = np.concatenate([xyz.astype(np.float64), floor])
    return local_shape(both, both.min(0))[:len(xyz)]


def view_features(view: ModelView, width: int) -> np.ndarray:
    """A view as the first `width` of `scene_blocks.FEATURES`: x, y from its footprint centre, z from
    its base, colour, the room position (filled in where it is pasted) and the local shape."""
    f = np.empty((len(view.xyz), len(FEATURES)), dtype=np.float32)
    xyz = view.xyz.astype(np.float64)
    f[:, 0:2] = xyz[:, 0:2] - (xyz[:, 0:2].min(0) + xyz[:, 0:2].max(0)) / 2
    f[:, 2] = xyz[:, 2] - xyz[:, 2].min()
    f[:, 3:6] = view.rgb.astype(np.float32) / 255
    f[:, ROOM] = ROOM_CONSTANT
    if width > 9:
        f[:, 9:12] = with_floor_shape(f[:, 0:3].astype(np.float64))
    return f[:, :width]


class ModelBank(ObjectPool):
    """Views of the catalog's floor-standing models of the classes real instances are pasted for."""

    def __init__(self, views: list[ModelView], width: int):
        items: dict[int, list[np.ndarray]] = {}
        for v in views:
            label = BOXED[v.label]
            if label in PASTED_INDEX:
                items.setdefault(label, []).append(view_features(v, width))
        super().__init__(items)


def model_bank(cfg: dict, data: Path, work: Path, width: int) -> ModelBank:
    """The bank of the config's catalog, `instances.views` views a model (the instance classifier's)."""
    catalog = furniture_catalog(cfg, data, work)
    return ModelBank(catalog_views(catalog, cfg["instances"]["views"], np.random.default_rng(7)), width)


def pasted_models(cfg: dict, data: Path, work: Path) -> ModelBank | None:
    """The model bank where the config's recipe pastes scanned models (`train.paste_from` "models"), else None."""
    tc = cfg["train"]
    if tc.get("paste", 0) > 0 and tc.get("paste_from", "real") == "models":
        return model_bank(cfg, data, work, len(input_features(cfg)))
    return None
