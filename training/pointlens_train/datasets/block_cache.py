"""The cache of one split's points and blocks under <work>/seg/<split>: `prepare_split` writes it, `BlockCache` reads it and draws training and validation batches.

Files: `features.npy` (P, 12) float32 point features before block centring (scene_blocks.FEATURES), `labels.npy` (P,) int8,
`instances.npy` (P,) int32 object instance ids unique across the split (0 = none; see
instance_bank), `members.npy` block member point indices (into the split's points), `offsets.npy`
(blocks + 1), `centres.npy` (blocks, 2), `block_scene.npy` and `scenes.json` (names, kinds).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from . import seg_augment as augment
from ..models.seg_model import ROOM, ROOM_CONSTANT
from .colour_balance import balanced
from .instance_bank import InstanceBank, components_as_instances
from .levelling import level as levelled
from .scene_blocks import build_blocks, point_features
from .scenes import Scene


def prepare_split(read: Callable[[str, str], Scene], refs, out: Path, size: float, stride: float, min_points: int,
                  level: bool = False, balance: bool = False) -> dict:
    """`level`: turn each scan so that gravity, estimated from its flat surfaces, is +z (`levelling`);
    `balance`: each scan's colour channels scaled to a mid-grey mean (`colour_balance`)."""
    feats, labels, instances, members, counts, centres, block_scene, scenes = [], [], [], [], [], [], [], []
    base, next_instance = 0, 1
    for s, (kind, name) in enumerate(refs):
        scene = read(kind, name)
        xyz = levelled(scene.xyz) if level else scene.xyz
        blocks = build_blocks(xyz, size, stride)
        feats.append(point_features(xyz, balanced(scene.rgb) if balance else scene.rgb, blocks.room).astype(np.float32))
        labels.append(scene.labels.astype(np.int8))
        ins = scene.instances if scene.instances is not None else components_as_instances(xyz, scene.labels)
        instances.append(np.where(ins > 0, ins + next_instance, 0).astype(np.int32))
        next_instance += int(ins.max(initial=0)) + 1
        kept = 0
        for k in range(len(blocks.ids)):
            m = blocks.members(k)
            if len(m) < min_points:
                continue
            members.append(m + base)
            counts.append(len(m))
            centres.append(blocks.centre(k))
            block_scene.append(s)
            kept += 1
        scenes.append({"kind": kind, "name": name, "points": int(len(scene.xyz)), "blocks": kept,
                       "colour": scene.rgb is not None})
        base += len(scene.xyz)
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "features.npy", np.concatenate(feats))
    np.save(out / "labels.npy", np.concatenate(labels))
    np.save(out / "instances.npy", np.concatenate(instances))
    np.save(out / "members.npy", np.concatenate(members).astype(np.int32))
    np.save(out / "offsets.npy", np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))
    np.save(out / "centres.npy", np.asarray(centres, dtype=np.float64))
    np.save(out / "block_scene.npy", np.asarray(block_scene, dtype=np.int32))
    (out / "scenes.json").write_text(json.dumps(scenes, indent=1) + "\n")
    return {"scenes": len(refs), "points": base, "blocks": len(counts)}


class BlockCache:
    def __init__(self, root: Path, width: int = 9):
        """`width`: how many of the cached features the network takes (scene_blocks.input_features)."""
        features = np.load(root / "features.npy")
        if features.shape[1] < width:
            raise SystemExit(f"{root} caches {features.shape[1]} features a point, fewer than {width}: run `make seg-data` again")
        self.features = np.ascontiguousarray(features[:, :width])
        self.labels = np.load(root / "labels.npy").astype(np.int64)
        self.members = np.load(root / "members.npy")
        self.offsets = np.load(root / "offsets.npy")
        self.centres = np.load(root / "centres.npy")
        self.block_scene = np.load(root / "block_scene.npy")
        self.scenes = json.loads((root / "scenes.json").read_text())
        self.root = root

    def __len__(self) -> int:
        return len(self.centres)

    def instance_bank(self) -> InstanceBank:
        path = self.root / "instances.npy"
        if not path.exists():
            raise SystemExit(f"{path} is missing: this cache predates instance pasting, run `make seg-data` again")
        return InstanceBank(self.features, self.labels, np.load(path))

    def sample(self, k: int, points: int, rng: np.random.Generator) -> np.ndarray:
        """N member indices: a random subset, or every member repeated evenly when there are fewer."""
        m = self.members[self.offsets[k]:self.offsets[k + 1]]
        perm = rng.permutation(m)
        return perm[np.arange(points) % len(perm)]

    def centred(self, k: int, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        f = self.features[idx].copy()
        f[:, 0] -= self.centres[k, 0]
        f[:, 1] -= self.centres[k, 1]
        return f, self.labels[idx]

    def batch(self, ks, points: int, rng: np.random.Generator, recipe: dict | None = None, room: bool = True,
              bank=None, half: float = 0.75):
        """Without a `recipe` (validation): a random subset of each block as it is. With one, the config's
        `train` part, augmented as it says (seg_augment), with objects pasted from `bank` (real instances,
        `instance_bank()`, or scanned models, model_bank.ModelBank). Without `room`, the room-position
        features are held at ROOM_CONSTANT (see seg_model.ignore_inputs)."""
        x = np.empty((len(ks), points, self.features.shape[1]), dtype=np.float32)
        y = np.empty((len(ks), points), dtype=np.int64)
        for b, k in enumerate(ks):
            if recipe is not None and recipe.get("augment", "basic") == "strong":
                f, lab = self._strong(k, points, rng, recipe, bank, half)
            elif recipe is not None and bank is not None and rng.random() < recipe.get("paste", 0.0):
                f, lab = self._pasted(k, points, rng, bank, half)
                f = augment.basic(f, rng, recipe["grey_probability"])
            else:
                f, lab = self.centred(k, self.sample(k, points, rng))
                if recipe is not None:
                    f = augment.basic(f, rng, recipe["grey_probability"])
            if not room:
                f[:, ROOM] = ROOM_CONSTANT
            x[b], y[b] = f, lab
        return torch.from_numpy(x.transpose(0, 2, 1).copy()), torch.from_numpy(y)

    def _raw(self, j: int, points: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Up to twice `points` of block j (centred), to cut and paste in before the block's points are drawn."""
        m = self.members[self.offsets[j]:self.offsets[j + 1]]
        return self.centred(j, m if len(m) <= 2 * points else rng.choice(m, 2 * points, replace=False))

    def _pasted(self, k: int, points: int, rng: np.random.Generator, bank, half: float):
        f, lab = augment.paste(*self._raw(k, points, rng), bank, rng, half)
        pick = rng.permutation(len(f))[np.arange(points) % len(f)]
        return f[pick], lab[pick]

    def _strong(self, k: int, points: int, rng: np.random.Generator, recipe: dict, bank, half: float):
        f, lab = self._raw(k, points, rng)
        if rng.random() < recipe.get("mix3d", 0.0):
            f, lab = augment.mix((f, lab), self._raw(int(rng.integers(len(self))), points, rng), rng)
        if bank is not None and rng.random() < recipe.get("paste", 0.0):
            f, lab = augment.paste(f, lab, bank, rng, half)
        kept, kept_lab = augment.strong(f, lab, rng, recipe["grey_probability"], half)
        if len(kept) == 0:  # everything turned out of the square: keep the block untransformed
            kept, kept_lab = f, lab
        pick = rng.permutation(len(kept))[np.arange(points) % len(kept)]
        return kept[pick], kept_lab[pick]
