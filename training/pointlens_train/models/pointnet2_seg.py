"""PointNet++ semantic segmentation (Qi et al., NeurIPS 2017: single-scale grouping, two set
abstraction levels and feature propagation back to every point), sized for CPU: a candidate
recipe for the leave-rooms-out cross-validation (`model.kind` "pointnet2").

The segmenter that ships is PointNet with neighbourhood means: a point sees itself, Gaussian means
of its surroundings at two scales, and the whole block. PointNet++ instead learns features of
local regions and of regions of regions, the inductive bias that made it far better than PointNet
on ScanNet in its paper. Here:
- level 1: the block's first 512 points are the centres (a block's points come in random order,
  so they are a uniform sample: PointNet++ samples by farthest points, which costs as much as the
  rest of a training step here); each passes its 32 nearest points (their input features and
  their offset from the centre) through a shared MLP and takes the max;
- level 2: the first 128 of those, each over its 32 nearest level-1 centres, the same way;
- a global feature: the max over the level-2 centres;
- feature propagation: each level-1 centre, then each point, takes the inverse-distance mean of
  its 3 nearest centres of the level above, joined to its own features of that level (a point's
  own: a pointwise MLP of its inputs) and the global feature.

The neighbour search (`neighbours`) is a function of the block's own x, y, z alone, without
gradients; `forward` runs it, and `given` takes its indices from outside, as an exported graph
would from the app's worker.
"""
from __future__ import annotations

from typing import NamedTuple

import torch
from torch import nn

from .seg_model import _pointwise


def nearest(query: torch.Tensor, points: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(B, Q, k) squared distances and indices of each query's k nearest points. query (B, Q, 3), points (B, N, 3)."""
    d = torch.cdist(query, points) ** 2
    dist, idx = torch.topk(d, k, dim=-1, largest=False)
    return dist, idx


def gather(values: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
    """values (B, N, C), idx (B, ...) -> (B, ..., C)."""
    b = values.shape[0]
    flat = idx.reshape(b, -1)
    out = torch.gather(values, 1, flat.unsqueeze(-1).expand(-1, -1, values.shape[-1]))
    return out.reshape(*idx.shape, values.shape[-1])


class Neighbours(NamedTuple):
    """Indices of a batch of blocks' neighbourhoods: all the network takes from a search, so an
    exported graph can be given them by whoever searched (int64)."""
    region1: torch.Tensor  # (B, S1, k): each of the first S1 points' k nearest points
    region2: torch.Tensor  # (B, S2, k): each of the first S2 points' k nearest of the first S1
    up1: torch.Tensor  # (B, S1, 3): each of the first S1 points' 3 nearest of the first S2
    up0: torch.Tensor  # (B, N, 3): each point's 3 nearest of the first S1


@torch.no_grad()
def neighbours(xyz: torch.Tensor, centres: tuple[int, int], k: int) -> Neighbours:
    """The neighbourhoods of blocks' xyz (B, N, 3)."""
    c1, c2 = xyz[:, :centres[0]], xyz[:, :centres[1]]
    return Neighbours(nearest(c1, xyz, k)[1], nearest(c2, c1, k)[1], nearest(c1, c2, 3)[1], nearest(xyz, c1, 3)[1])


def _mlp2d(widths: list[int]) -> nn.Sequential:
    layers = []
    for cin, cout in zip(widths, widths[1:]):
        layers += [nn.Conv2d(cin, cout, 1), nn.BatchNorm2d(cout), nn.ReLU()]
    return nn.Sequential(*layers)


class SetAbstraction(nn.Module):
    def __init__(self, cin: int, widths: list[int]):
        super().__init__()
        self.mlp = _mlp2d([cin + 3] + widths)

    def forward(self, xyz: torch.Tensor, feats: torch.Tensor, centres: torch.Tensor, region: torch.Tensor) -> torch.Tensor:
        """xyz (B, N, 3), feats (B, N, C), centres (B, S, 3), region (B, S, k) -> each region's features (B, S, C')."""
        grouped = torch.cat([gather(feats, region), gather(xyz, region) - centres.unsqueeze(2)], -1)  # (B, S, k, C+3)
        f = self.mlp(grouped.permute(0, 3, 1, 2))  # (B, C', S, k)
        return torch.amax(f, dim=3).transpose(1, 2)


def propagate(xyz: torch.Tensor, centres: torch.Tensor, centre_feats: torch.Tensor, near: torch.Tensor) -> torch.Tensor:
    """Each of xyz (B, N, 3) takes the inverse-distance mean of the features (B, S, C) of its nearest
    centres (B, S, 3), given by near (B, N, 3)."""
    d = ((gather(centres, near) - xyz.unsqueeze(2)) ** 2).sum(-1)
    w = 1.0 / (d + 1e-8)
    w = w / w.sum(-1, keepdim=True)
    return (gather(centre_feats, near) * w.unsqueeze(-1)).sum(2)


class PointNet2Seg(nn.Module):
    def __init__(self, in_features: int, classes: int, dropout: float = 0.3, centres: tuple[int, int] = (512, 128), k: int = 32):
        super().__init__()
        self.centres, self.k = centres, k
        self.own = nn.Sequential(_pointwise(in_features, 64), _pointwise(64, 64))
        self.sa1 = SetAbstraction(in_features, [32, 32, 64])
        self.sa2 = SetAbstraction(64, [64, 64, 128])
        self.glob = nn.Sequential(_pointwise(128 + 3, 256))
        self.fp2 = nn.Sequential(_pointwise(128 + 64 + 256, 128))
        self.fp1 = nn.Sequential(_pointwise(128 + 64, 128), _pointwise(128, 128))
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Conv1d(128, classes, 1))

    def input_convs(self) -> list[nn.Module]:
        """The layers that read the block's features, as channels 0..F-1 of their input."""
        return [self.own[0][0], self.sa1.mlp[0]]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.given(x, neighbours(x[:, 0:3].transpose(1, 2), self.centres, self.k))

    def given(self, x: torch.Tensor, nb: Neighbours) -> torch.Tensor:
        """Logits (B, N, classes) of blocks x (B, F, N) whose neighbourhoods were searched already."""
        xyz = x[:, 0:3].transpose(1, 2)
        feats = x.transpose(1, 2)
        c1, c2 = xyz[:, :self.centres[0]], xyz[:, :self.centres[1]]
        f1 = self.sa1(xyz, feats, c1, nb.region1)
        f2 = self.sa2(c1, f1, c2, nb.region2)
        g = torch.amax(self.glob(torch.cat([f2, c2], -1).transpose(1, 2)), dim=2)  # (B, 256)
        up2 = propagate(c1, c2, f2, nb.up1)  # (B, S1, 128)
        h1 = torch.cat([up2, f1, g.unsqueeze(1).expand(-1, f1.shape[1], -1)], -1).transpose(1, 2)
        h1 = self.fp2(h1).transpose(1, 2)  # (B, S1, 128)
        up1 = propagate(xyz, c1, h1, nb.up0).transpose(1, 2)  # (B, 128, N)
        h = self.fp1(torch.cat([up1, self.own(x)], 1))
        return self.head(h).transpose(1, 2)
