"""`make upright`: a network that says which of six directions is an object's up.

It scores one cloud at a time for looking upright, and a shape is shown to it six times, each
direction turned to +y in turn; the six scores are a softmax over which direction is up. So the
network needs no equivariance of its own, and at run time the same six candidates are scored
(`upright.py`).
Training uses every cached shape whose class is not an open-set unknown (served classes, the
outlier-exposure shapes), less the validation part of TRAIN and the test split; each draw is spun
about y at random, scaled per axis and jittered. Validation: the share of validation knowns and of
validation-unknown classes whose true up scores highest; the best mean is kept as best.pt.
`--device cuda` trains on a GPU, `--minutes` sets the wall-clock budget. The app does not ship this
network: training/README.md ("Which way up an object stands") says why.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ..datasets.cls_data import ClsCache, eval_points, rotation_y
from ..models.lr_schedule import cosine_lr
from ..models.pointnet_cls import build
from ..upright import UPRIGHT, candidates, training_rows, upright_rate, validation_parts


def draw(shape: np.ndarray, n: int, cfg: dict, rng: np.random.Generator) -> np.ndarray:
    pick = rng.choice(len(shape), n, replace=len(shape) < n)
    p = shape[pick] @ rotation_y(rng.uniform(0, 2 * np.pi)).T.astype(np.float32)
    p = p * rng.uniform(*cfg["scale"], size=3).astype(np.float32)
    p = p + rng.normal(0, cfg["jitter"], p.shape).astype(np.float32)
    return eval_points(p, n)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", default="upright")
    ap.add_argument("--device", default="cpu", help="cpu, or cuda where a GPU is at hand")
    ap.add_argument("--minutes", type=float, help="the wall-clock budget, instead of the config's")
    args = ap.parse_args()
    cfg = json.loads(Path(args.config).read_text())
    if args.minutes:
        cfg["train"]["max_minutes"] = args.minutes
    tc, n = cfg["train"], cfg["points"]
    torch.manual_seed(cfg["seed"])
    if args.device == "cpu":
        torch.set_num_threads(1)
    rng = np.random.default_rng(cfg["seed"])
    cache = ClsCache.load(Path(args.work))
    rows = training_rows(cache, cfg["val_fraction"])
    val_rows, val_unknown = validation_parts(cache, cfg["val_fraction"])
    out = Path(args.work) / "cls" / args.out
    out.mkdir(parents=True, exist_ok=True)
    model = build(cfg["model"], 1).to(args.device)
    opt = torch.optim.Adam(model.parameters(), lr=tc["lr"], weight_decay=tc["weight_decay"])
    print(f"{len(rows)} training shapes, {len(val_rows)} validation knowns, {len(val_unknown)} validation unknowns", flush=True)
    t0, epoch, best = time.time(), 0, -1.0
    budget = tc["max_minutes"] * 60
    while time.time() - t0 < budget:
        model.train()
        order = rng.permutation(rows)
        losses = []
        for s in range(0, len(order) - tc["batch_size"] + 1, tc["batch_size"]):
            for g in opt.param_groups:
                g["lr"] = cosine_lr(tc["lr"], (time.time() - t0) / budget)
            c = np.stack([candidates(draw(cache.shape(i), n, tc, rng)) for i in order[s : s + tc["batch_size"]]])
            b = c.shape[0]
            x = torch.from_numpy(c.reshape(b * 6, n, 3)).transpose(1, 2).contiguous().to(args.device)
            loss = F.cross_entropy(model(x).reshape(b, 6), torch.full((b,), UPRIGHT, device=args.device))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        epoch += 1
        known, unknown = upright_rate(model, cache, val_rows, n), upright_rate(model, cache, val_unknown, n)
        score = (known + unknown) / 2
        checkpoint = {"model": {k: v.cpu() for k, v in model.state_dict().items()}, "config": cfg, "epoch": epoch}
        if score > best:
            best = score
            torch.save(checkpoint, out / "best.pt")
        torch.save(checkpoint, out / "last.pt")
        print(f"epoch {epoch} {time.time() - t0:.0f}s loss {np.mean(losses):.4f} val known {known:.3f} unknown {unknown:.3f}"
              f"{' best' if score == best else ''}", flush=True)


if __name__ == "__main__":
    main()
