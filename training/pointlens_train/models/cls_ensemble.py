"""Several PointNet classifiers as one wider PointNet, whose logits are the mean of theirs.

An ensemble of networks trained from different seeds is the plainest way to better accuracy and to
better "this is none of them" scores (Lakshminarayanan et al. 2017,
https://arxiv.org/abs/1612.01474). Folded PointNets merge exactly: the first layer stacks the
members' filters (they all read the same xyz), every later layer is block-diagonal (a member reads
only its own channels: a grouped convolution, then block-diagonal Linear layers in the head), and
the last Linear averages the members' logits. What comes out is a
`PointNetCls` like any other, so the export, the open-set graph, the critical points and the head
model that the app reads need no change: the global feature is the members' features side by side,
and a critical point is the winner of one member's channel.
"""
from __future__ import annotations

import torch
from torch import nn

from .pointnet_cls import PointNetCls, fold_batchnorm


def _weighted(layers: nn.Sequential) -> list[nn.Module]:
    return [m for m in layers if isinstance(m, (nn.Conv1d, nn.Linear))]


def _stacked(first: list[nn.Conv1d]) -> nn.Conv1d:
    out = nn.Conv1d(first[0].in_channels, sum(m.out_channels for m in first), 1)
    out.weight.copy_(torch.cat([m.weight for m in first], 0))
    out.bias.copy_(torch.cat([m.bias for m in first], 0))
    return out


def _grouped(convs: list[nn.Conv1d]) -> nn.Conv1d:
    """Block-diagonal as a grouped convolution: no zeros stored or multiplied."""
    out = nn.Conv1d(sum(m.in_channels for m in convs), sum(m.out_channels for m in convs), 1, groups=len(convs))
    out.weight.copy_(torch.cat([m.weight for m in convs], 0))
    out.bias.copy_(torch.cat([m.bias for m in convs], 0))
    return out


def _block_diagonal(layers: list[nn.Linear]) -> nn.Linear:
    """The head stays Gemm, which the app's head model and the open-set graph read."""
    out = nn.Linear(sum(m.in_features for m in layers), sum(m.out_features for m in layers))
    out.weight.zero_()
    r = c = 0
    for m in layers:
        h, w = m.weight.shape[:2]
        out.weight[r : r + h, c : c + w] = m.weight
        r, c = r + h, c + w
    out.bias.copy_(torch.cat([m.bias for m in layers], 0))
    return out


def _averaged(last: list[nn.Linear]) -> nn.Linear:
    out = nn.Linear(sum(m.in_features for m in last), last[0].out_features)
    out.weight.copy_(torch.cat([m.weight for m in last], 1) / len(last))
    out.bias.copy_(torch.stack([m.bias for m in last]).mean(0))
    return out


def _with_relus(weighted: list[nn.Module], last_plain: bool) -> nn.Sequential:
    mods: list[nn.Module] = []
    for k, m in enumerate(weighted):
        mods.append(m)
        if not (last_plain and k == len(weighted) - 1):
            mods.append(nn.ReLU(inplace=True))
    return nn.Sequential(*mods)


@torch.no_grad()
def merge(members: list[PointNetCls]) -> PointNetCls:
    """One folded PointNet computing the members' features side by side and the mean of their logits."""
    if any(m.local is not None for m in members):
        raise ValueError("only plain PointNets merge: a local branch mixes points")
    folded = [fold_batchnorm(m) for m in members]
    features = [_weighted(m.features) for m in folded]
    heads = [_weighted(m.head) for m in folded]
    if len({len(f) for f in features}) != 1 or len({len(h) for h in heads}) != 1:
        raise ValueError("members must have the same depth")
    merged = PointNetCls.__new__(PointNetCls)
    nn.Module.__init__(merged)
    layers = [_stacked([f[0] for f in features])] + [_grouped([f[k] for f in features]) for k in range(1, len(features[0]))]
    merged.features = _with_relus(layers, last_plain=False)
    hidden = [_block_diagonal([h[k] for h in heads]) for k in range(len(heads[0]) - 1)]
    merged.head = _with_relus(hidden + [_averaged([h[-1] for h in heads])], last_plain=True)
    merged.local_after, merged.local, merged.local_shape = 0, None, False
    return merged.eval()
