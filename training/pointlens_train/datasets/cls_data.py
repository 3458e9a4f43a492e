"""The prepared classifier cache (work/cls) as arrays, and the per-sample augmentation."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..geometry import normalize_unit_sphere
from .mappings import OUTLIER_SPLIT
from .splits import stratified_hash_split


@dataclass
class ClsCache:
    points: np.ndarray  # all shapes' points, concatenated
    offsets: np.ndarray
    index: list[dict]
    classes: list[dict]

    @classmethod
    def load(cls, work: Path) -> "ClsCache":
        d = work / "cls"
        return cls(
            np.load(d / "points.npy"),
            np.load(d / "offsets.npy"),
            json.loads((d / "index.json").read_text()),
            json.loads((d / "classes.json").read_text()),
        )

    def shape(self, i: int) -> np.ndarray:
        return self.points[self.offsets[i] : self.offsets[i + 1]]

    def class_names(self) -> list[str]:
        return [c["name"] for c in self.classes]

    def served(self, split: str) -> tuple[list[int], np.ndarray]:
        """Indices of shapes in `split` whose class is served, and their class ids."""
        ids = {c: k for k, c in enumerate(self.class_names())}
        rows = [i for i, r in enumerate(self.index) if r["split"] == split and r["label"] in ids]
        return rows, np.array([ids[self.index[i]["label"]] for i in rows], dtype=np.int64)

    def outliers(self) -> list[int]:
        """Indices of the outlier-exposure shapes (training only; never served, never evaluated)."""
        return [i for i, r in enumerate(self.index) if r["split"] == OUTLIER_SPLIT]

    def unknown_classes(self) -> list[str]:
        """The classes of the open-set protocol's unknowns: cached, not served, not outlier exposure."""
        served = set(self.class_names())
        return sorted({r["label"] for r in self.index if r["split"] != OUTLIER_SPLIT} - served)


def train_val_split(cache: ClsCache, fraction: float) -> tuple[list[int], np.ndarray, list[int], np.ndarray]:
    """Holds out part of TRAIN for choosing checkpoints (the test split is never looked at)."""
    rows, labels = cache.served("train")
    keys = [cache.index[i]["hash"] for i in rows]
    side = stratified_hash_split(list(zip(keys, map(str, labels))), fraction, 1, 4, salt="validation")
    tr = [k for k, key in enumerate(keys) if side[key] == "train"]
    va = [k for k, key in enumerate(keys) if side[key] == "test"]
    return [rows[k] for k in tr], labels[tr], [rows[k] for k in va], labels[va]


def eval_points(shape: np.ndarray, n: int) -> np.ndarray:
    """The cache's points are uniform samples in random order, so the first n are a uniform n-sample."""
    return normalize_unit_sphere(shape[:n])[0]


def rotation_y(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def random_rotation_y(rng: np.random.Generator) -> np.ndarray:
    return rotation_y(rng.uniform(0, 2 * np.pi)).astype(np.float32)


def view_turns(clouds: np.ndarray, views: int) -> list[np.ndarray]:
    """The clouds [S, N, 3] turned about y by 2*pi*k/views, k = 0..views-1 (maths in float64, as the app does)."""
    return [(clouds.astype(np.float64) @ rotation_y(2 * np.pi * k / views).T).astype(np.float32) for k in range(views)]


def chimera_parts(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The two parts of `chimera`: the points of `a` on one side of a random plane and those of `b`
    on the other, each cut at the same random share (30-70%) of its points along the plane's normal."""
    normal = rng.standard_normal(3)
    normal /= np.linalg.norm(normal)
    share = rng.uniform(0.3, 0.7)
    da, db = a @ normal, b @ normal
    return a[da < np.quantile(da, share)], b[db >= np.quantile(db, share)]


def chimera(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Two shapes joined across a random plane (`chimera_parts`). Made of two known classes' parts,
    it is near the known classes and none of them: an outlier to train against that is harder than
    a catalog entry of another kind."""
    return np.concatenate(chimera_parts(a, b, rng))


def augment(shape: np.ndarray, n: int, cfg: dict, rng: np.random.Generator) -> np.ndarray:
    """A random n-subset, turned about y, stretched per axis, back in the unit sphere, jittered,
    with a random share of points dropped (replaced by a kept one, as PointNet++ does)."""
    p = shape[rng.choice(len(shape), n, replace=len(shape) < n)]
    if cfg["rotate_up"]:
        p = p @ random_rotation_y(rng).T
    p = p * rng.uniform(*cfg["scale"], size=3).astype(np.float32)
    p = normalize_unit_sphere(p)[0]
    p = p + np.clip(cfg["jitter_sigma"] * rng.standard_normal(p.shape), -cfg["jitter_clip"], cfg["jitter_clip"]).astype(np.float32)
    drop = rng.random(n) < rng.uniform(0, cfg["dropout_max"])
    if drop.any() and not drop.all():
        p[drop] = p[np.flatnonzero(~drop)[0]]
    return p
