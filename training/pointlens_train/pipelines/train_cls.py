"""`make cls`: trains the object classifier on the prepared cache, one CPU thread.

Each epoch draws `epoch_samples` training shapes with probability proportional to
count(class) ** -balance_power (1: class-balanced, 0: as the data comes; airplanes would otherwise be
a third of every batch), augments them, and then scores the validation part of TRAIN; the
checkpoint with the best mean of validation accuracy and mean class accuracy (the two bars) is kept as <work>/<out>/best.pt. The
learning rate follows `lr_schedule`'s cosine over `max_minutes`.

Outlier exposure (Hendrycks et al. 2019, https://arxiv.org/abs/1812.04606), where `outlier_weight`
is above 0: every batch also holds `outlier_batch` outlier-exposure shapes (`ClsCache.outliers`,
augmented alike), and the loss adds `outlier_weight` times their cross-entropy to the uniform
distribution over the served classes. With `outlier_chimeras` true the outlier shapes are instead
made in each batch from two training shapes of different classes (`cls_data.chimera`).

`same_class_chimeras` (a share, 0 by default) replaces that share of the drawn training shapes by a
chimera of the shape and another training shape of its own class: new shapes of a class from the
parts of its shapes, for the classes that have few.

LogitNorm (Wei et al. 2022, https://arxiv.org/abs/2205.09310), where `logit_norm` (a temperature tau) is
above 0: the losses read the logits divided by tau times their norm, so training cannot lower
them by making the logits larger, which is what makes a network over-confident away from its
data. Only training changes: argmax, export and the open-set scores read the plain logits.

Supervised contrastive learning (Khosla et al. 2020, https://arxiv.org/abs/2004.11362), where
`supcon_weight` is above 0: each drawn shape is augmented twice, and the loss adds that weight times
the supervised contrastive loss at temperature `supcon_tau` on the head's penultimate activations,
scaled to length 1, before its dropout: every other shape of the batch's class, the shape's other turn
included, is pulled closer than the rest. The open-set score is the cosine to the nearest training
activation in that layer, and the same loss made that score separate unknowns far better in Sun et
al. (2022).

`label_mix` (a share, 0 by default) replaces that share of the drawn training shapes by a chimera of
the shape and a training shape of another class, whose cross-entropy target is the two labels
weighed by their shares of its points (CutMix, Yun et al. 2019, as PointCutMix does for point
clouds): augmentation that makes new shapes out of the thousands there are. Mixed shapes are left
out of the contrastive term, which needs one label a shape.

`weight_average` (a decay, 0 by default) keeps an exponential moving average of the network's
weights and BatchNorm statistics, updated after every step, and scores and saves that average
instead of the network itself (Polyak averaging; what SWA and most recent point-cloud recipes keep):
the one chosen is then a mean over the last few hundred steps rather than the step at which the
validation figure happened to peak.

`init_onnx` starts from an exported classifier's weights instead of at random (its BatchNorm
statistics rebuilt on training shapes).
"""
from __future__ import annotations

import copy
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ..cls_metrics import class_accuracies
from ..datasets.cls_data import ClsCache, augment, chimera, chimera_parts, eval_points, train_val_split
from ..models.cls_voting import predict
from ..models.lr_schedule import cosine_lr
from ..models.pointnet_cls import build, from_onnx, unfold_batchnorm
from ..step_args import step_args


def different_class_pairs(labels: np.ndarray, count: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """`count` pairs of training rows whose classes differ, drawn uniformly."""
    pairs = []
    while len(pairs) < count:
        i, j = rng.choice(len(labels), 2)
        if labels[i] != labels[j]:
            pairs.append((int(i), int(j)))
    return pairs


def mixed_cross_entropy(logits: torch.Tensor, y: torch.Tensor, other: torch.Tensor, share: torch.Tensor, smoothing: float) -> torch.Tensor:
    """The mean over rows of share x CE(y) + (1 - share) x CE(other): a row's target weighed between
    two labels (share 1: its own label alone)."""
    own = F.cross_entropy(logits, y, label_smoothing=smoothing, reduction="none")
    mixed = F.cross_entropy(logits, other, label_smoothing=smoothing, reduction="none")
    return (share * own + (1 - share) * mixed).mean()


def logit_normalised(logits: torch.Tensor, tau: float) -> torch.Tensor:
    """LogitNorm's logits: each row scaled to norm 1 / tau (tau 0: the logits as they are)."""
    if tau <= 0:
        return logits
    return logits / (tau * (torch.linalg.vector_norm(logits, dim=1, keepdim=True) + 1e-7))


def supervised_contrastive(features: torch.Tensor, labels: torch.Tensor, tau: float) -> torch.Tensor:
    """Khosla et al.'s L_out: for each row with another row of its label, minus the mean over those
    positives of the log-softmax of its cosine similarities / tau over every other row."""
    z = F.normalize(features, dim=1)
    eye = torch.eye(len(z), dtype=torch.bool)
    sims = (z @ z.T / tau).masked_fill(eye, float("-inf"))
    log_prob = sims - torch.logsumexp(sims, dim=1, keepdim=True)
    positive = (labels[:, None] == labels[None, :]) & ~eye
    anchors = positive.any(1)
    mean_positive = log_prob.masked_fill(~positive, 0.0).sum(1)[anchors] / positive.sum(1)[anchors]
    return -mean_positive.mean()


def exposure_shapes(tcfg: dict, outliers: list[int]) -> list[int]:
    """The cache's outlier-exposure shapes, refused where there are none: the loss would otherwise
    average over an empty part of the batch."""
    if not outliers:
        raise SystemExit(f"outlier_weight is {tcfg['outlier_weight']} but the prepared cache holds no outlier-exposure shapes: "
                         "run make cls-data with sweethome3d_outliers true, or set outlier_chimeras")
    return outliers


class WeightAverage:
    """An exponential moving average of a network's floating-point state (parameters and BatchNorm's
    running statistics); integer state (BatchNorm's batch count) is copied."""

    def __init__(self, model: torch.nn.Module, decay: float):
        self.decay = decay
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)

    @torch.no_grad()
    def update(self, model: torch.nn.Module) -> None:
        for mine, theirs in zip(self.model.state_dict().values(), model.state_dict().values()):
            if mine.dtype.is_floating_point:
                mine.mul_(self.decay).add_(theirs, alpha=1 - self.decay)
            else:
                mine.copy_(theirs)


def main() -> None:
    args, cfg = step_args("work", out="cls", seed="")
    if args.seed:  # members of an ensemble differ only by their seed
        cfg["seed"] = int(args.seed)
    tcfg, n = cfg["train"], cfg["points"]
    torch.set_num_threads(1)
    torch.manual_seed(cfg["seed"])
    rng = np.random.default_rng(cfg["seed"])
    work = Path(args.work)
    out = work / args.out
    out.mkdir(parents=True, exist_ok=True)

    cache = ClsCache.load(work)
    names = cache.class_names()
    tr_rows, tr_y, va_rows, va_y = train_val_split(cache, cfg["val_fraction"])
    va_x = np.stack([eval_points(cache.shape(i), n) for i in va_rows])
    print(f"{len(names)} classes, {len(tr_rows)} train shapes, {len(va_rows)} validation shapes", flush=True)

    counts = np.bincount(tr_y, minlength=len(names))
    weights = counts[tr_y].astype(np.float64) ** -tcfg["balance_power"]
    weights /= weights.sum()

    model = build(cfg["model"], len(names))
    if tcfg.get("init_onnx"):
        sample = np.stack([eval_points(cache.shape(i), n) for i in tr_rows[:: max(1, len(tr_rows) // 256)]])
        folded = from_onnx(tcfg["init_onnx"], cfg["model"], len(names))
        unfold_batchnorm(folded, model, torch.from_numpy(sample).transpose(1, 2).contiguous())
        print(f"started from {tcfg['init_onnx']}", flush=True)
    exposure = tcfg.get("outlier_weight", 0) > 0
    chimeras = exposure and tcfg.get("outlier_chimeras", False)
    outliers = exposure_shapes(tcfg, cache.outliers()) if exposure and not chimeras else []
    if exposure:
        made = "chimeras of two training shapes" if chimeras else f"{len(outliers)} shapes"
        print(f"outlier exposure: {made}, {tcfg['outlier_batch']} a batch, weight {tcfg['outlier_weight']}", flush=True)
    contrastive = tcfg.get("supcon_weight", 0) > 0
    mix = tcfg.get("same_class_chimeras", 0.0)
    same_class = [np.flatnonzero(tr_y == c) for c in range(len(names))]

    def own_class_chimera(k: int) -> np.ndarray:
        other = rng.choice(same_class[tr_y[k]])
        return chimera(cache.shape(tr_rows[k]), cache.shape(tr_rows[other]), rng)

    label_mix = tcfg.get("label_mix", 0.0)

    def mixed_with_other_class(k: int) -> tuple[np.ndarray, int, float]:
        """A chimera of row k and a row of another class, that row, and k's share of the points."""
        other = k
        while tr_y[other] == tr_y[k]:
            other = int(rng.integers(len(tr_rows)))
        mine, theirs = chimera_parts(cache.shape(tr_rows[k]), cache.shape(tr_rows[other]), rng)
        return np.concatenate([mine, theirs]), other, len(mine) / (len(mine) + len(theirs))

    opt = torch.optim.Adam(model.parameters(), lr=tcfg["lr"], weight_decay=tcfg["weight_decay"])
    average = WeightAverage(model, tcfg["weight_average"]) if tcfg.get("weight_average", 0) > 0 else None
    best = -1.0
    t0 = time.time()
    bs = tcfg["batch_size"]
    for epoch in range(1, tcfg["epochs"] + 1):
        model.train()
        picks = rng.choice(len(tr_rows), tcfg["epoch_samples"], p=weights)
        losses = []
        for b in range(0, len(picks), bs):
            sel = picks[b : b + bs]
            if len(sel) < 2:  # BatchNorm needs two samples
                continue
            for g in opt.param_groups:
                g["lr"] = cosine_lr(tcfg["lr"], (time.time() - t0) / 60 / tcfg["max_minutes"])
            # the share test draws only where chimeras are asked for, so other recipes keep their random stream
            shapes = [own_class_chimera(k) if mix > 0 and rng.random() < mix else cache.shape(tr_rows[k]) for k in sel]
            partner, share = sel.copy(), np.ones(len(sel), dtype=np.float32)
            for r in range(len(sel)) if label_mix > 0 else ():  # drawn only where asked, so other recipes keep their random stream
                if rng.random() < label_mix:
                    shapes[r], partner[r], share[r] = mixed_with_other_class(sel[r])
            if chimeras:
                pairs = different_class_pairs(tr_y, tcfg["outlier_batch"], rng)
                shapes += [chimera(cache.shape(tr_rows[i]), cache.shape(tr_rows[j]), rng) for i, j in pairs]
            elif outliers:
                shapes += [cache.shape(outliers[k]) for k in rng.choice(len(outliers), tcfg["outlier_batch"])]
            known = len(sel)
            if contrastive:  # the second turns of the drawn shapes follow the outliers, so the slices below stay
                shapes += shapes[:known]
            x = np.stack([augment(shape, n, cfg["augment"], rng) for shape in shapes])
            pen = model.head[:-2](model.embed(torch.from_numpy(x).transpose(1, 2).contiguous()))
            logits = logit_normalised(model.head[-1](model.head[-2](pen)), tcfg.get("logit_norm", 0.0))
            second = known if contrastive else 0
            rows = np.r_[0:known, len(shapes) - second : len(shapes)]
            y = torch.from_numpy(np.tile(tr_y[sel], len(rows) // known))
            if label_mix > 0:
                reps = len(rows) // known
                other, weight = torch.from_numpy(np.tile(tr_y[partner], reps)), torch.from_numpy(np.tile(share, reps))
                loss = mixed_cross_entropy(logits[rows], y, other, weight, tcfg["label_smoothing"])
            else:
                loss = F.cross_entropy(logits[rows], y, label_smoothing=tcfg["label_smoothing"])
            if exposure:
                loss = loss - tcfg["outlier_weight"] * F.log_softmax(logits[known : len(shapes) - second], dim=1).mean()
            if contrastive:
                whole = torch.from_numpy(np.tile(share == 1, len(rows) // known))
                loss = loss + tcfg["supcon_weight"] * supervised_contrastive(pen[rows][whole], y[whole], tcfg.get("supcon_tau", 0.1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            if average:
                average.update(model)
            losses.append(loss.item())

        kept = average.model if average else model
        pred = predict(kept, va_x).argmax(1)
        oa = float((pred == va_y).mean())
        macc = float(np.nanmean(class_accuracies(pred, va_y, len(names))))
        state = {"model": kept.state_dict(), "classes": names, "config": cfg, "epoch": epoch, "val_oa": oa, "val_macc": macc}
        torch.save(state, out / "last.pt")
        mark = ""
        if (oa + macc) / 2 > best:
            best = (oa + macc) / 2
            torch.save(state, out / "best.pt")
            mark = " *"
        minutes = (time.time() - t0) / 60
        print(f"epoch {epoch:3d} loss {np.mean(losses):.4f} val oa {oa:.3f} macc {macc:.3f} lr {opt.param_groups[0]['lr']:.2e} {minutes:.1f} min{mark}", flush=True)
        if minutes > tcfg["max_minutes"]:
            print(f"stopping: {tcfg['max_minutes']} minutes reached", flush=True)
            break
    print(f"best validation (oa + macc) / 2 {best:.3f}; training took {(time.time() - t0) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
