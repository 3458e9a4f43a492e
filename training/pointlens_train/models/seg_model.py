"""PointNet semantic segmentation (Qi et al., CVPR 2017, Fig. 2 and section 5.3), sized for CPU.

Per-point features and the block's max-pooled global feature meet in the first head layer. A
pointwise layer over the concatenation [local; global] equals W_l·local + W_g·global, and W_g·global
is the same for every point of a block, so it is computed once per block and broadcast: the
same function as PointNet's concatenation at a fraction of the per-point cost.
Global pooling is `amax` so that ONNX gets ReduceMax (the WebGPU provider fails on MaxPool).
Input (B, F, N) features first; output logits (B, N, C), points first, the layout the app merges.

With `scales`, the per-point features also see their neighbourhood, which plain PointNet lacks (a
point knows only itself and the whole block). For each scale s, a few channels of every point's
features are averaged over the block's points weighted by exp(-d^2 / 2s^2), d the distance between
the points (in the block's own x, y, z): a Gaussian-kernel point convolution written as two batched
matrix products (distances, then the weighted mean), so that the exported graph needs only MatMul,
Exp, ReduceSum and Div, which every onnxruntime-web provider runs, and no neighbour search.
"""
from __future__ import annotations

import torch
from torch import nn

# The room-position features (room_x, room_y, room_z) in the input, and the value they are held at
# when `train.room_features` is false: six training rooms let a network learn where in *those*
# rooms a class sits instead of what it looks like.
ROOM = slice(6, 9)
ROOM_CONSTANT = 0.5


def _pointwise(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv1d(cin, cout, 1), nn.BatchNorm1d(cout), nn.ReLU())


def squared_distances(xyz: torch.Tensor, anchors: int) -> torch.Tensor:
    """(B, N, A) squared distances from every point to the first `anchors` points (a chunk's points come
    in random order, so these are a random subset of the block)."""
    a = xyz[:, :, :anchors]
    sq = (xyz * xyz).sum(1)
    return sq.unsqueeze(2) + sq[:, :anchors].unsqueeze(1) - 2 * torch.bmm(xyz.transpose(1, 2), a)


class NeighbourhoodMean(nn.Module):
    def __init__(self, scale: float):
        super().__init__()
        self.inv_two_var = 1.0 / (2 * scale * scale)

    def forward(self, d2: torch.Tensor, anchor_f: torch.Tensor) -> torch.Tensor:
        """d2 (B, N, A) from squared_distances, anchor_f (B, C, A) the anchors' features -> (B, C, N): each
        point's Gaussian-weighted mean of them."""
        w = torch.exp(-d2 * self.inv_two_var)
        w = w / w.sum(2, keepdim=True)
        return torch.bmm(anchor_f, w.transpose(1, 2))


class PointNetSeg(nn.Module):
    def __init__(self, in_features: int, classes: int, local: int = 64, glob: int = 512, head: int = 256, dropout: float = 0.3,
                 scales: tuple[float, ...] = (), scale_channels: int = 16, anchors: int = 512):
        super().__init__()
        self.local = nn.Sequential(_pointwise(in_features, 64), _pointwise(64, local))
        self.scales = nn.ModuleList(NeighbourhoodMean(s) for s in scales)
        self.anchors = anchors
        if scales:
            self.narrow = _pointwise(local, scale_channels)
            self.widen = _pointwise(local + len(scales) * scale_channels, local)
        self.lift = nn.Sequential(_pointwise(local, 128), _pointwise(128, glob))
        self.head_local = nn.Conv1d(local, head, 1)
        self.head_global = nn.Linear(glob, head)
        self.head = nn.Sequential(
            nn.BatchNorm1d(head), nn.ReLU(),
            _pointwise(head, 128),
            nn.Dropout(dropout),
            nn.Conv1d(128, classes, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = self.local(x)
        if len(self.scales):
            narrow = self.narrow(f)
            d2 = squared_distances(x[:, 0:3], self.anchors)
            anchor_f = narrow[:, :, :self.anchors]  # a constant slice: no shape arithmetic in the graph
            f = self.widen(torch.cat([f] + [mean(d2, anchor_f) for mean in self.scales], 1))
        g = torch.amax(self.lift(f), dim=2)
        h = self.head_local(f) + self.head_global(g).unsqueeze(2)
        return self.head(h).transpose(1, 2)


def ignore_inputs(model: PointNetSeg, channels: slice, value: float) -> None:
    """Makes the network ignore input `channels` by folding their training-time constant `value` into
    the first layer's bias and zeroing their weights: the same function on inputs where they equal
    `value`, and the input contract (9 features) unchanged for the app."""
    conv = model.local[0][0]
    with torch.no_grad():
        conv.bias += conv.weight[:, channels, 0].sum(1) * value
        conv.weight[:, channels, 0] = 0
