"""PointNet semantic segmentation (Qi et al., CVPR 2017, Fig. 2 and section 5.3), sized for CPU.

Per-point features and the block's max-pooled global feature meet in the first head layer. A
pointwise layer over the concatenation [local; global] equals W_l·local + W_g·global, and W_g·global
is the same for every point of a block, so it is computed once per block and broadcast: the
same function as PointNet's concatenation at a fraction of the per-point cost.
Global pooling is `amax` so that ONNX gets ReduceMax (the WebGPU provider fails on MaxPool).
Input (B, F, N) features first; output logits (B, N, C), points first, the layout the app merges.
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


class PointNetSeg(nn.Module):
    def __init__(self, in_features: int, classes: int, local: int = 64, glob: int = 512, head: int = 256, dropout: float = 0.3):
        super().__init__()
        self.local = nn.Sequential(_pointwise(in_features, 64), _pointwise(64, local))
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
