"""PointNet classifier (Qi et al., CVPR 2017, https://arxiv.org/abs/1612.00593) without the
input/feature transform nets: augmentation covers rotation about the up axis, and the plain
network exports to a handful of ONNX ops.

With `local_shape`, each point also carries the segmenter's three local-shape features (vertical,
linear, planar; `datasets/local_shape.py`) of its 0.3-unit neighbourhood on the unit-sphere cloud,
computed from the points before the first layer: what kind of surface a point lies on, which
PointNet's points, never seeing each other, cannot tell. The grid and its eigenvalues are not a
graph op, so such a network is compared on validation only.

Per-point MLP as kernel-1 Conv1d + BatchNorm + ReLU, then a symmetric max over the points written
as `torch.amax`, which exports as ReduceMax (onnxruntime-web's WebGPU provider fails on MaxPool).

With a `local` config, a point's features after the first `after` layers also take in its
neighbourhood on the object's surface, which plain PointNet never sees: `LocalBranch` adds, as a
residual, a projection of a few channels averaged over the first `anchors` points near it
(`neighbourhood.py`). The projection starts at zero, so the branch can be added to a trained
PointNet and fine-tuned from exactly its function.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_linear_bn_eval

from ..datasets.local_shape import NAMES as SHAPE_NAMES, local_shape
from .neighbourhood import NeighbourhoodMean, anchor_affinity


def with_local_shape(points: torch.Tensor) -> torch.Tensor:
    """points [B, 3, N] (y up) -> [B, 6, N]: each point followed by its vertical, linear and planar features."""
    feats = []
    for cloud in points.detach().transpose(1, 2).numpy():
        z_up = cloud[:, [0, 2, 1]]
        feats.append(local_shape(z_up, z_up.min(axis=0)))
    return torch.cat([points, torch.from_numpy(np.stack(feats)).transpose(1, 2).to(points.dtype)], 1)


class LocalBranch(nn.Module):
    """features (B, C, N) and the points (B, 3, N) -> a residual (B, C, N) from each point's
    Gaussian-weighted means, at each of `scales`, of `narrow` channels over the first `anchors` points."""

    def __init__(self, channels: int, scales: tuple[float, ...], narrow: int = 16, anchors: int = 256):
        super().__init__()
        self.anchors = anchors
        self.narrow = nn.Sequential(nn.Conv1d(channels, narrow, 1), nn.ReLU(inplace=True))
        self.means = nn.ModuleList(NeighbourhoodMean(s) for s in scales)
        self.widen = nn.Conv1d(narrow * len(scales), channels, 1)
        nn.init.zeros_(self.widen.weight)
        nn.init.zeros_(self.widen.bias)

    def forward(self, points: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        narrow = self.narrow(features)
        p, q = anchor_affinity(points, self.anchors)
        anchor_f = narrow[:, :, : self.anchors]
        return self.widen(torch.cat([mean(p, q, anchor_f) for mean in self.means], 1))


class PointNetCls(nn.Module):
    def __init__(self, num_classes: int, in_channels: int = 3, widths=(64, 64, 128, 512), head=(256, 128), dropout=0.4,
                 local: dict | None = None, groups: int = 1, local_shape: bool = False):
        super().__init__()
        layers: list[nn.Module] = []
        self.local_shape = local_shape
        c = in_channels + len(SHAPE_NAMES) * local_shape
        # groups > 1: that many networks side by side after the first layer (cls_ensemble.merge)
        for k, w in enumerate(widths):
            layers += [nn.Conv1d(c, w, 1, groups=1 if k == 0 else groups), nn.BatchNorm1d(w), nn.ReLU(inplace=True)]
            c = w
        self.features = nn.Sequential(*layers)
        mlp: list[nn.Module] = []
        for w in head:
            mlp += [nn.Linear(c, w), nn.BatchNorm1d(w), nn.ReLU(inplace=True), nn.Dropout(dropout)]
            c = w
        mlp.append(nn.Linear(c, num_classes))
        self.head = nn.Sequential(*mlp)
        self.local_after = local["after"] if local else 0
        self.local = (
            LocalBranch(widths[self.local_after - 1], tuple(local["scales"]), local["narrow"], local["anchors"]) if local else None
        )

    def per_point(self, points: torch.Tensor) -> torch.Tensor:
        """points [B, 3, N] -> every point's features before the pool [B, widths[-1], N]"""
        if self.local_shape:
            points = with_local_shape(points)
        if self.local is None:
            return self.features(points)
        mods = list(self.features)
        # the layer ends at its ReLU, folded or not (a folded layer has no BatchNorm)
        cut = [k for k, m in enumerate(mods) if isinstance(m, nn.ReLU)][self.local_after - 1] + 1
        f = points
        for m in mods[:cut]:
            f = m(f)
        f = f + self.local(points[:, :3], f)
        for m in mods[cut:]:
            f = m(f)
        return f

    def embed(self, points: torch.Tensor) -> torch.Tensor:
        """points [B, 3, N] -> the global feature [B, widths[-1]]: the max over the points, before the head"""
        return torch.amax(self.per_point(points), dim=2)

    def penultimate(self, feature: torch.Tensor) -> torch.Tensor:
        """The global feature -> the input of the head's last layer [B, head[-1]]"""
        return self.head[:-1](feature)

    def forward(self, points: torch.Tensor) -> torch.Tensor:
        """points [B, C, N] -> logits [B, num_classes]"""
        return self.head(self.embed(points))


# the activations an open-set distance can be measured in: the global feature or the input of the head's last layer
OPEN_SET_LAYERS = ("global", "penultimate")


class MahalanobisDistance(nn.Module):
    """The squared Mahalanobis distance to the nearest class mean, computed so that the app needs no
    D x D matrix: with the shared precision P = W^T W, (f - mu_c)^T P (f - mu_c) = |W f - W mu_c|^2,
    so `whiten` holds W and `means` the whitened class means W mu_c."""

    def __init__(self, whiten: torch.Tensor, means: torch.Tensor):
        super().__init__()
        self.register_buffer("whiten", whiten.float())
        self.register_buffer("means", means.float())

    def forward(self, measured: torch.Tensor) -> torch.Tensor:
        diff = (measured @ self.whiten.T).unsqueeze(1) - self.means  # [B, C, D]
        return torch.amin((diff * diff).sum(dim=2), dim=1)


class NearestNeighbourDistance(nn.Module):
    """1 - the cosine similarity to the nearest training activation; `bank` holds those activations
    as unit rows [N, D], so the graph needs one MatMul and a ReduceMax."""

    def __init__(self, bank: torch.Tensor):
        super().__init__()
        self.register_buffer("bank", bank.float())

    def forward(self, measured: torch.Tensor) -> torch.Tensor:
        unit = measured / torch.sqrt((measured * measured).sum(dim=1, keepdim=True) + 1e-24)
        return 1.0 - torch.amax(unit @ self.bank.T, dim=1)


class OpenSetClassifier(nn.Module):
    """What is exported: the logits first (what the app has always read), then the global feature,
    then the open-set distance of one view (`distance`, a MahalanobisDistance or a
    NearestNeighbourDistance) measured in the global feature or the head's penultimate activations
    (`layer`, one of OPEN_SET_LAYERS)."""

    def __init__(self, model: PointNetCls, layer: str, distance: nn.Module):
        super().__init__()
        if layer not in OPEN_SET_LAYERS:
            raise ValueError(f"layer must be one of {OPEN_SET_LAYERS}, not {layer}")
        self.model = model
        self.layer = layer
        self.distance = distance

    def forward(self, points: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        feature = self.model.embed(points)
        penultimate = self.model.penultimate(feature)
        return self.model.head[-1](penultimate), feature, self.distance(feature if self.layer == "global" else penultimate)


def _fold(layers: nn.Sequential) -> nn.Sequential:
    """Conv/Linear followed by BatchNorm -> one Conv/Linear with the eval-mode statistics folded in;
    Dropout (a no-op at inference) goes."""
    out: list[nn.Module] = []
    mods = list(layers)
    i = 0
    while i < len(mods):
        m = mods[i]
        nxt = mods[i + 1] if i + 1 < len(mods) else None
        if isinstance(nxt, nn.BatchNorm1d) and isinstance(m, nn.Conv1d):
            out.append(fuse_conv_bn_eval(m, nxt))
            i += 2
        elif isinstance(nxt, nn.BatchNorm1d) and isinstance(m, nn.Linear):
            out.append(fuse_linear_bn_eval(m, nxt))
            i += 2
        else:
            if not isinstance(m, nn.Dropout):
                out.append(m)
            i += 1
    return nn.Sequential(*out)


def fold_batchnorm(model: PointNetCls) -> PointNetCls:
    """The same function as `model` in eval mode with fewer ops: what gets exported."""
    model = model.eval()
    folded = PointNetCls.__new__(PointNetCls)
    nn.Module.__init__(folded)
    folded.features = _fold(model.features)
    folded.head = _fold(model.head)
    folded.local_after, folded.local = model.local_after, model.local
    folded.local_shape = model.local_shape
    return folded.eval()


def build(cfg: dict, num_classes: int) -> PointNetCls:
    return PointNetCls(num_classes, widths=tuple(cfg["widths"]), head=tuple(cfg["head"]), dropout=cfg["dropout"], local=cfg.get("local"),
                       groups=cfg.get("groups", 1), local_shape=cfg.get("local_shape", False))


def pointwise_config(cfg: dict) -> dict:
    """The model config without its local branch: the plain PointNet a branch can be added to."""
    return {k: v for k, v in cfg.items() if k != "local"}


def _widths_of(params: dict[str, torch.Tensor]) -> dict:
    """The layer widths (and groups) of a folded plain PointNet's parameters: its Conv/Linear weights sit at the even places of `features` and `head`."""
    def weights(prefix: str) -> list[torch.Tensor]:
        found = {}
        for name, t in params.items():
            parts = name.removeprefix("model.").split(".")
            if parts[0] == prefix and parts[-1] == "weight":
                found[int(parts[1])] = t
        return [found[k] for k in sorted(found)]
    features = weights("features")
    groups = features[0].shape[0] // features[1].shape[1] if len(features) > 1 else 1
    return {"widths": [w.shape[0] for w in features], "head": [w.shape[0] for w in weights("head")[:-1]], "groups": groups}


def from_onnx(path: str, cfg: dict, num_classes: int) -> PointNetCls:
    """A classifier exported by `fold_batchnorm` + `export_onnx`, read back as the folded network:
    its initializers carry the folded modules' parameter names. This lets a shipped model be
    evaluated again (e.g. given open-set outputs) without its training checkpoint."""
    import onnx
    from onnx import numpy_helper

    params = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(path).graph.initializer}
    # a file without a local branch holds the plain PointNet, whatever the config adds to it, at the
    # widths its weights have (an ensemble merged by cls_ensemble is wider than the config)
    if not any(".local." in f".{name}" for name in params):
        cfg = {**pointwise_config(cfg), **_widths_of(params)}
    folded = fold_batchnorm(build(cfg, num_classes))
    # an OpenSetClassifier export names the network's parameters under its `model` attribute
    state = {k: params[k] if k in params else params[f"model.{k}"] for k in folded.state_dict()}
    first = "features.0.weight"
    wanted = folded.state_dict()[first].shape
    if state[first].shape[1] < wanted[1]:  # channels the file's network never had start at zero: the same function
        state[first] = torch.cat([state[first], torch.zeros(wanted[0], wanted[1] - state[first].shape[1], *wanted[2:])], 1)
    folded.load_state_dict(state)
    return folded.eval()


@torch.no_grad()
def unfold_batchnorm(folded: PointNetCls, model: PointNetCls, clouds: torch.Tensor) -> PointNetCls:
    """`model` (with BatchNorm) made to compute what `folded` computes, to train on from there: its
    Conv/Linear layers take the folded weights, and each BatchNorm after one gets the mean and
    variance of that layer's output on `clouds` [B, 3, N] as running statistics and as its affine
    (scale sqrt(var + eps), shift mean). Eval mode then computes the folded function exactly; train
    mode, normalising by the batch's statistics, nearly."""
    src = [m for m in list(folded.features) + list(folded.head) if isinstance(m, (nn.Conv1d, nn.Linear))]
    dst = [m for m in list(model.features) + list(model.head) if isinstance(m, (nn.Conv1d, nn.Linear))]
    if len(src) != len(dst):
        raise ValueError(f"the folded network has {len(src)} Conv/Linear layers, the model {len(dst)}")
    outputs: dict[int, torch.Tensor] = {}
    # cloned: the ReLU after each layer works in place
    hooks = [m.register_forward_hook(lambda mod, inp, out, k=k: outputs.__setitem__(k, out.clone())) for k, m in enumerate(src)]
    folded.eval()(clouds)
    for h in hooks:
        h.remove()
    if folded.local is not None and model.local is not None:
        model.local.load_state_dict(folded.local.state_dict())
    mods = list(model.features) + list(model.head)
    for k, (s, d) in enumerate(zip(src, dst)):
        d.weight.copy_(s.weight)
        d.bias.copy_(s.bias)
        nxt = mods[mods.index(d) + 1] if mods.index(d) + 1 < len(mods) else None
        if isinstance(nxt, nn.BatchNorm1d):
            y = outputs[k]
            dims = (0, 2) if y.dim() == 3 else (0,)
            mean, var = y.mean(dim=dims), y.var(dim=dims, unbiased=False)
            nxt.running_mean.copy_(mean)
            nxt.running_var.copy_(var)
            nxt.weight.copy_(torch.sqrt(var + nxt.eps))
            nxt.bias.copy_(mean)
    return model
