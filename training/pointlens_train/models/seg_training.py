"""The segmenter's training loop: one thread, a wall-clock (or step) budget with the cosine of
`lr_schedule`, model selection on the validation rooms (never on the test rooms)."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import torch

from ..datasets.block_cache import BlockCache
from ..datasets.scene_blocks import input_features
from ..datasets.scene_labels import NAMES
from ..seg_metrics import confusion, scores
from .lr_schedule import cosine_lr
from .pointnet2_seg import PointNet2Seg
from .seg_model import PointNetSeg


def class_weights(labels: np.ndarray, classes: int, kind: str = "log") -> torch.Tensor:
    """"log": 1 / ln(1.2 + frequency), the weighting of PointNet++'s ScanNet training (a rare class
    weighs at most about 5.5 times, a wall 2.5); "sqrt": 1 / sqrt(frequency), which weighs a class seen
    a thousand times less about 30 times more, for the mean IoU that counts every class alike."""
    counts = np.bincount(labels[labels >= 0], minlength=classes).astype(np.float64)
    freq = counts / counts.sum()
    if kind == "log":
        return torch.tensor(1.0 / np.log(1.2 + freq), dtype=torch.float32)
    if kind == "sqrt":
        return torch.tensor(np.where(freq > 0, 1.0 / np.sqrt(np.maximum(freq, 1e-12)), 0.0), dtype=torch.float32)
    raise SystemExit(f"train.class_weights '{kind}' is not one of: log, sqrt")


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


def build_model(cfg: dict) -> PointNetSeg | PointNet2Seg:
    m = cfg["model"]
    kind = m.get("kind", "pointnet")
    if kind == "pointnet2":
        return PointNet2Seg(len(input_features(cfg)), len(NAMES), dropout=m["dropout"])
    if kind != "pointnet":
        raise SystemExit(f"model.kind '{kind}' is not one of: pointnet, pointnet2")
    return PointNetSeg(len(input_features(cfg)), len(NAMES), local=m["local"], glob=m["glob"], head=m["head"], dropout=m["dropout"],
                       scales=tuple(m.get("scales", ())), scale_channels=m.get("scale_channels", 16), anchors=m.get("anchors", 512))


def train(cfg: dict, train_cache: BlockCache, minutes: float = 0, val: BlockCache | None = None, out: Path | None = None,
          log=print, steps: int = 0, models=None) -> PointNetSeg:
    """Trains for `minutes` of wall-clock time, or for `steps` optimiser steps where given (the same
    schedule over a count of steps: runs that share a busy machine get the same training, which comparisons
    of recipes need). With `val` and `out`, validates after each epoch and keeps `out/last.pt` and
    `out/best.pt` (best validation mIoU); returns the network as it ends. `train.paste` pastes real
    instances, or with `train.paste_from` "models" the scanned models of `models` (model_bank.ModelBank)."""
    tc = cfg["train"]
    if tc.get("augment", "basic") == "strong" and tc["room_features"]:
        raise SystemExit("train.augment 'strong' turns blocks by any angle: set train.room_features to false")
    torch.set_num_threads(1)
    torch.manual_seed(cfg["seed"])
    rng = np.random.default_rng(cfg["seed"])
    points, half = cfg["points"], cfg["block"]["size"] / 2
    source = tc.get("paste_from", "real")
    if source not in ("real", "models"):
        raise SystemExit(f"train.paste_from '{source}' is not one of: real, models")
    bank = None
    if tc.get("paste", 0) > 0:
        bank = train_cache.instance_bank() if source == "real" else models
        if bank is None:
            raise SystemExit("train.paste_from 'models' needs the model bank (model_bank.pasted_models)")
        log(f"objects to paste ({source}): {bank.counts()}")

    scannet = np.array([train_cache.scenes[s]["kind"].startswith("scannet") for s in train_cache.block_scene])
    epoch_blocks = np.concatenate([np.arange(len(train_cache))] + [np.nonzero(scannet)[0]] * (tc["scannet_repeat"] - 1))
    model = build_model(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=tc["lr"], weight_decay=tc["weight_decay"])
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_weights(train_cache.labels, len(NAMES), tc.get("class_weights", "log")), ignore_index=-1)
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
