"""Trains the scene segmenter on the cached blocks of <work>/seg (see prepare_seg).

One thread, a wall-clock budget with the cosine of `lr_schedule`. Model selection on the validation
rooms (never on the test rooms).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch

from .lr_schedule import cosine_lr
from . import seg_augment as augment
from .instance_bank import InstanceBank
from .scene_labels import NAMES
from .seg_metrics import confusion, scores
from .seg_model import ROOM, ROOM_CONSTANT, PointNetSeg
from .step_args import step_args


class BlockCache:
    def __init__(self, root: Path):
        self.features = np.load(root / "features.npy")
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
              bank: InstanceBank | None = None, half: float = 0.75):
        """Without a `recipe` (validation): a random subset of each block as it is. With one, the config's
        `train` part, augmented as it says (seg_augment). Without `room`, the room-position features are
        held at ROOM_CONSTANT (see seg_model.ignore_inputs)."""
        x = np.empty((len(ks), points, 9), dtype=np.float32)
        y = np.empty((len(ks), points), dtype=np.int64)
        for b, k in enumerate(ks):
            if recipe is not None and recipe.get("augment", "basic") == "strong":
                f, lab = self._strong(k, points, rng, recipe, bank, half)
            else:
                f, lab = self.centred(k, self.sample(k, points, rng))
                if recipe is not None:
                    f = augment.basic(f, rng, recipe["grey_probability"])
            if not room:
                f[:, ROOM] = ROOM_CONSTANT
            x[b], y[b] = f, lab
        return torch.from_numpy(x.transpose(0, 2, 1).copy()), torch.from_numpy(y)

    def _strong(self, k: int, points: int, rng: np.random.Generator, recipe: dict, bank, half: float):
        def raw(j: int):
            m = self.members[self.offsets[j]:self.offsets[j + 1]]
            return self.centred(j, m if len(m) <= 2 * points else rng.choice(m, 2 * points, replace=False))

        f, lab = raw(k)
        if rng.random() < recipe.get("mix3d", 0.0):
            f, lab = augment.mix((f, lab), raw(int(rng.integers(len(self)))), rng)
        if bank is not None and rng.random() < recipe.get("paste", 0.0):
            f, lab = augment.paste(f, lab, bank, rng, half)
        kept, kept_lab = augment.strong(f, lab, rng, recipe["grey_probability"], half)
        if len(kept) == 0:  # everything turned out of the square: keep the block untransformed
            kept, kept_lab = f, lab
        pick = rng.permutation(len(kept))[np.arange(points) % len(kept)]
        return kept[pick], kept_lab[pick]


def class_weights(labels: np.ndarray, classes: int) -> torch.Tensor:
    """1 / ln(1.2 + frequency), the weighting of PointNet++'s ScanNet training."""
    counts = np.bincount(labels[labels >= 0], minlength=classes).astype(np.float64)
    freq = counts / counts.sum()
    return torch.tensor(1.0 / np.log(1.2 + freq), dtype=torch.float32)


def validate(model, cache: BlockCache, points: int, batch: int, seed: int, room: bool = True) -> dict:
    rng = np.random.default_rng(seed)
    cm = np.zeros((len(NAMES), len(NAMES)), dtype=np.int64)
    model.eval()
    with torch.no_grad():
        for s in range(0, len(cache), batch):
            x, y = cache.batch(range(s, min(s + batch, len(cache))), points, rng, room=room)
            pred = model(x).argmax(-1)
            cm += confusion(y.numpy().ravel(), pred.numpy().ravel(), len(NAMES))
    r = scores(cm)
    return {"oa": r["oa"], "miou": r["miou"]}


def build_model(cfg: dict) -> PointNetSeg:
    m = cfg["model"]
    return PointNetSeg(9, len(NAMES), local=m["local"], glob=m["glob"], head=m["head"], dropout=m["dropout"])


def train(cfg: dict, train_cache: BlockCache, minutes: float = 0, val: BlockCache | None = None, out: Path | None = None,
          log=print, steps: int = 0) -> PointNetSeg:
    """Trains for `minutes` of wall-clock time, or for `steps` optimiser steps where given (the same
    schedule over a count of steps: runs that share a busy machine get the same training, which comparisons
    of recipes need). With `val` and `out`, validates after each epoch and keeps `out/last.pt` and
    `out/best.pt` (best validation mIoU); returns the network as it ends."""
    tc = cfg["train"]
    if tc.get("augment", "basic") == "strong" and tc["room_features"]:
        raise SystemExit("train.augment 'strong' turns blocks by any angle: set train.room_features to false")
    torch.set_num_threads(1)
    torch.manual_seed(cfg["seed"])
    rng = np.random.default_rng(cfg["seed"])
    points, half = cfg["points"], cfg["block"]["size"] / 2
    bank = train_cache.instance_bank() if tc.get("paste", 0) > 0 else None
    if bank is not None:
        log(f"instances to paste: {bank.counts()}")

    scannet = np.array([train_cache.scenes[s]["kind"].startswith("scannet") for s in train_cache.block_scene])
    epoch_blocks = np.concatenate([np.arange(len(train_cache))] + [np.nonzero(scannet)[0]] * (tc["scannet_repeat"] - 1))
    model = build_model(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=tc["lr"], weight_decay=tc["weight_decay"])
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_weights(train_cache.labels, len(NAMES)), ignore_index=-1)
    budget = minutes * 60
    start, best, epoch, step = time.time(), -1.0, 0, 0

    def progress() -> float:
        return step / steps if steps else (time.time() - start) / budget

    log(f"train blocks {len(train_cache)} (epoch {len(epoch_blocks)}), val blocks {len(val) if val else 0}")
    while progress() < 1:
        epoch += 1
        model.train()
        order = rng.permutation(epoch_blocks)
        correct, seen, losses = 0, 0, []
        for s in range(0, len(order) - tc["batch"] + 1, tc["batch"]):
            for g in opt.param_groups:
                g["lr"] = cosine_lr(tc["lr"], progress())
            x, y = train_cache.batch(order[s:s + tc["batch"]], points, rng, recipe=tc, room=tc["room_features"],
                                     bank=bank, half=half)
            logits = model(x)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            ok = y >= 0
            correct += int((logits.argmax(-1)[ok] == y[ok]).sum())
            seen += int(ok.sum())
            step += 1
            if progress() >= 1:
                break
        line = f"epoch {epoch} step {step} {(time.time() - start) / 60:.1f} min loss {np.mean(losses):.3f} train acc {correct / max(seen, 1):.3f}"
        if val is not None and out is not None:
            v = validate(model, val, points, 32, cfg["seed"], room=tc["room_features"])
            state = {"model": model.state_dict(), "config": cfg, "epoch": epoch, "val": v,
                     "minutes": (time.time() - start) / 60}
            torch.save(state, out / "last.pt")
            if v["miou"] > best:
                best = v["miou"]
                torch.save(state, out / "best.pt")
            line += f" val oa {v['oa']:.3f} miou {v['miou']:.3f}{' *' if v['miou'] == best else ''}"
        log(line)
    return model


def main() -> None:
    args, cfg = step_args("work")
    work = Path(args.work) / "seg"
    train(cfg, BlockCache(work / "train"), cfg["train"]["minutes"], BlockCache(work / "val"), work,
          log=lambda m: print(m, flush=True))


if __name__ == "__main__":
    main()
