"""PointNet++ semantic segmentation (Qi et al., NeurIPS 2017: single-scale grouping, two set
abstraction levels and feature propagation back to every point), sized for CPU: a candidate
recipe for the leave-rooms-out cross-validation (`model.kind` "pointnet2").

The segmenter that ships is PointNet with neighbourhood means: a point sees itself, Gaussian means
of its surroundings at two scales, and the whole block. PointNet++ instead learns features of
local regions and of regions of regions, the inductive bias that made it far better than PointNet
on ScanNet in its paper. Here:
- level 1: the block's first 512 points are the centres (a block's points come in random order,
  so they are a uniform sample: PointNet++ samples by farthest points, which costs as much as the
  rest of a training step here); each gathers its 32 nearest points (their input features and their offset from the centre) through a shared MLP and
  takes the max;
- level 2: the first 128 of those, each over its 32 nearest level-1 centres, the same way;
- a global feature: the max over the level-2 centres;
- feature propagation: each level-1 centre, then each point, takes the inverse-distance mean of
  its 3 nearest centres of the level above, joined to its own features of that level (a point's
  own: a pointwise MLP of its inputs) and the global feature.

Neighbour search is computed in the forward pass, without gradients, from the
block's own x, y, z: a function of the points alone, as the app's worker would compute them.
"""
from __future__ import annotations

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


def _mlp2d(widths: list[int]) -> nn.Sequential:
    layers = []
    for cin, cout in zip(widths, widths[1:]):
        layers += [nn.Conv2d(cin, cout, 1), nn.BatchNorm2d(cout), nn.ReLU()]
    return nn.Sequential(*layers)


class SetAbstraction(nn.Module):
    def __init__(self, centres: int, k: int, cin: int, widths: list[int]):
        super().__init__()
        self.centres, self.k = centres, k
        self.mlp = _mlp2d([cin + 3] + widths)

    def forward(self, xyz: torch.Tensor, feats: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """xyz (B, N, 3), feats (B, N, C) -> the first S points' xyz (B, S, 3) and their region's features (B, S, C')."""
        with torch.no_grad():
            centres = xyz[:, :self.centres]
            _, idx = nearest(centres, xyz, self.k)
        grouped = torch.cat([gather(feats, idx), gather(xyz, idx) - centres.unsqueeze(2)], -1)  # (B, S, k, C+3)
        f = self.mlp(grouped.permute(0, 3, 1, 2))  # (B, C', S, k)
        return centres, torch.amax(f, dim=3).transpose(1, 2)


def propagate(xyz: torch.Tensor, centres: torch.Tensor, centre_feats: torch.Tensor) -> torch.Tensor:
    """Each of xyz (B, N, 3) takes the inverse-distance mean of its 3 nearest centres' features (B, S, C)."""
    with torch.no_grad():
        dist, idx = nearest(xyz, centres, 3)
        w = 1.0 / (dist + 1e-8)
        w = w / w.sum(-1, keepdim=True)
    return (gather(centre_feats, idx) * w.unsqueeze(-1)).sum(2)


class PointNet2Seg(nn.Module):
    def __init__(self, in_features: int, classes: int, dropout: float = 0.3, centres: tuple[int, int] = (512, 128), k: int = 32):
        super().__init__()
        self.own = nn.Sequential(_pointwise(in_features, 64), _pointwise(64, 64))
        self.sa1 = SetAbstraction(centres[0], k, in_features, [32, 32, 64])
        self.sa2 = SetAbstraction(centres[1], k, 64, [64, 64, 128])
        self.glob = nn.Sequential(_pointwise(128 + 3, 256))
        self.fp2 = nn.Sequential(_pointwise(128 + 64 + 256, 128))
        self.fp1 = nn.Sequential(_pointwise(128 + 64, 128), _pointwise(128, 128))
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Conv1d(128, classes, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xyz = x[:, 0:3].transpose(1, 2).contiguous()
        feats = x.transpose(1, 2)
        c1, f1 = self.sa1(xyz, feats)
        c2, f2 = self.sa2(c1, f1)
        g = torch.amax(self.glob(torch.cat([f2, c2], -1).transpose(1, 2)), dim=2)  # (B, 256)
        up2 = propagate(c1, c2, f2)  # (B, 512, 128)
        h1 = torch.cat([up2, f1, g.unsqueeze(1).expand(-1, f1.shape[1], -1)], -1).transpose(1, 2)
        h1 = self.fp2(h1).transpose(1, 2)  # (B, 512, 128)
        up1 = propagate(xyz, c1, h1).transpose(1, 2)  # (B, 128, N)
        h = self.fp1(torch.cat([up1, self.own(x)], 1))
        return self.head(h).transpose(1, 2)
