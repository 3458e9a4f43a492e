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
from .scene_blocks import GREY
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

    def __len__(self) -> int:
        return len(self.centres)

    def sample(self, k: int, points: int, rng: np.random.Generator) -> np.ndarray:
        """N member indices: a random subset, or every member repeated evenly when there are fewer."""
        m = self.members[self.offsets[k]:self.offsets[k + 1]]
        perm = rng.permutation(m)
        return perm[np.arange(points) % len(perm)]

    def batch(self, ks, points: int, rng: np.random.Generator, augment: bool, grey_p: float = 0.0, room: bool = True):
        """Without `room`, the room-position features are held at ROOM_CONSTANT (see seg_model.ignore_inputs)."""
        x = np.empty((len(ks), points, 9), dtype=np.float32)
        y = np.empty((len(ks), points), dtype=np.int64)
        for b, k in enumerate(ks):
            idx = self.sample(k, points, rng)
            f = self.features[idx].copy()
            f[:, 0] -= self.centres[k, 0]
            f[:, 1] -= self.centres[k, 1]
            if augment:
                f = _augment(f, rng, grey_p)
            if not room:
                f[:, ROOM] = ROOM_CONSTANT
            x[b], y[b] = f, self.labels[idx]
        return torch.from_numpy(x.transpose(0, 2, 1).copy()), torch.from_numpy(y)


def _augment(f: np.ndarray, rng: np.random.Generator, grey_p: float) -> np.ndarray:
    # quarter turns and a mirror about the block centre (rooms are mostly axis-aligned),
    # applied alike to the room position so the two stay consistent
    turns, mirror = rng.integers(4), rng.random() < 0.5
    xy, room = f[:, 0:2].copy(), f[:, 6:8] - 0.5
    for _ in range(turns):
        xy, room = np.stack([-xy[:, 1], xy[:, 0]], 1), np.stack([-room[:, 1], room[:, 0]], 1)
    if mirror:
        xy[:, 0], room[:, 0] = -xy[:, 0], -room[:, 0]
    f[:, 0:2], f[:, 6:8] = xy, room + 0.5
    f[:, 0:3] *= rng.uniform(0.9, 1.1)
    f[:, 0:3] += rng.normal(0, 0.01, size=(len(f), 3))
    if rng.random() < grey_p:
        f[:, 3:6] = GREY
    else:
        f[:, 3:6] = np.clip(f[:, 3:6] * rng.uniform(0.8, 1.2) + rng.normal(0, 0.02, 3), 0, 1)
    return f


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
            x, y = cache.batch(range(s, min(s + batch, len(cache))), points, rng, augment=False, room=room)
            pred = model(x).argmax(-1)
            cm += confusion(y.numpy().ravel(), pred.numpy().ravel(), len(NAMES))
    r = scores(cm)
    return {"oa": r["oa"], "miou": r["miou"]}


def build_model(cfg: dict) -> PointNetSeg:
    m = cfg["model"]
    return PointNetSeg(9, len(NAMES), local=m["local"], glob=m["glob"], head=m["head"], dropout=m["dropout"])


def main() -> None:
    args, cfg = step_args("work")
    tc = cfg["train"]
    torch.set_num_threads(1)
    torch.manual_seed(cfg["seed"])
    rng = np.random.default_rng(cfg["seed"])
    work = Path(args.work) / "seg"
    train, val = BlockCache(work / "train"), BlockCache(work / "val")
    points = cfg["points"]

    scannet = np.array([train.scenes[s]["kind"].startswith("scannet") for s in train.block_scene])
    epoch_blocks = np.concatenate([np.arange(len(train))] + [np.nonzero(scannet)[0]] * (tc["scannet_repeat"] - 1))
    model = build_model(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=tc["lr"], weight_decay=tc["weight_decay"])
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_weights(train.labels, len(NAMES)), ignore_index=-1)
    budget = tc["minutes"] * 60
    start, best, epoch = time.time(), -1.0, 0
    print(f"train blocks {len(train)} (epoch {len(epoch_blocks)}), val blocks {len(val)}", flush=True)
    while time.time() - start < budget:
        epoch += 1
        model.train()
        order = rng.permutation(epoch_blocks)
        total, correct, seen, losses = 0, 0, 0, []
        for s in range(0, len(order) - tc["batch"] + 1, tc["batch"]):
            for g in opt.param_groups:
                g["lr"] = cosine_lr(tc["lr"], (time.time() - start) / budget)
            x, y = train.batch(order[s:s + tc["batch"]], points, rng, augment=True, grey_p=tc["grey_probability"],
                               room=tc["room_features"])
            out = model(x)
            loss = loss_fn(out.reshape(-1, out.shape[-1]), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            ok = y >= 0
            correct += int((out.argmax(-1)[ok] == y[ok]).sum())
            seen += int(ok.sum())
            if time.time() - start > budget:
                break
        v = validate(model, val, points, 32, cfg["seed"], room=tc["room_features"])
        state = {"model": model.state_dict(), "config": cfg, "epoch": epoch, "val": v,
                 "minutes": (time.time() - start) / 60}
        torch.save(state, work / "last.pt")
        if v["miou"] > best:
            best = v["miou"]
            torch.save(state, work / "best.pt")
        print(f"epoch {epoch} {state['minutes']:.1f} min loss {np.mean(losses):.3f} train acc {correct / max(seen, 1):.3f} "
              f"val oa {v['oa']:.3f} miou {v['miou']:.3f}{' *' if v['miou'] == best else ''}", flush=True)


if __name__ == "__main__":
    main()
