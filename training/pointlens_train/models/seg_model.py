"""PointNet semantic segmentation (Qi et al., CVPR 2017, Fig. 2 and section 5.3), sized for CPU.

Per-point features and the block's max-pooled global feature meet in the first head layer. A
pointwise layer over the concatenation [local; global] equals W_l·local + W_g·global, and W_g·global
is the same for every point of a block, so it is computed once per block and broadcast: the
same function as PointNet's concatenation at a fraction of the per-point cost.
Global pooling is `amax` so that ONNX gets ReduceMax (the WebGPU provider fails on MaxPool).
Input (B, F, N) features first; output logits (B, N, C), points first, the layout the app merges.

With `scales`, the per-point features also see their neighbourhood, which plain PointNet lacks (a
point knows only itself and the whole block): for each scale, a few channels of every point's
features are averaged over the block's points near it (`neighbourhood.py`), in the block's own x, y, z.
"""
from __future__ import annotations

import torch
from torch import nn

from .neighbourhood import NeighbourhoodMean, anchor_affinity

# The room-position features (room_x, room_y, room_z) in the input, and the value they are held at
# when `train.room_features` is false: six training rooms let a network learn where in *those*
# rooms a class sits instead of what it looks like.
ROOM = slice(6, 9)
ROOM_CONSTANT = 0.5


def _pointwise(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv1d(cin, cout, 1), nn.BatchNorm1d(cout), nn.ReLU())


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

    def input_convs(self) -> list[nn.Module]:
        """The layers that read the block's features, as channels 0..F-1 of their input."""
        return [self.local[0][0]]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = self.local(x)
        if len(self.scales):
            narrow = self.narrow(f)
            p, q = anchor_affinity(x[:, 0:3], self.anchors)
            anchor_f = narrow[:, :, :self.anchors]  # a constant slice: no shape arithmetic in the graph
            f = self.widen(torch.cat([f] + [mean(p, q, anchor_f) for mean in self.scales], 1))
        g = torch.amax(self.lift(f), dim=2)
        h = self.head_local(f) + self.head_global(g).unsqueeze(2)
        return self.head(h).transpose(1, 2)


class WithProbabilities(nn.Module):
    """What is exported: the network's class probabilities per point rather than its logits. The app
    averages probabilities over the blocks that hold a point, and a softmax in the graph runs in the
    runtime's vectorised kernels instead of one Math.exp at a time (bench/segment.ts)."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.model(x), dim=2)


def ignore_inputs(model: nn.Module, channels: slice, value: float) -> None:
    """Makes the network ignore input `channels` by folding their training-time constant `value` into
    the bias of each layer that reads them (`input_convs`) and zeroing their weights: the same
    function on inputs where they equal `value`, and the input contract unchanged for the app."""
    with torch.no_grad():
        for conv in model.input_convs():
            conv.bias += conv.weight[:, channels].flatten(1).sum(1) * value
            conv.weight[:, channels] = 0
