"""PointNet classifier (Qi et al., CVPR 2017, https://arxiv.org/abs/1612.00593) without the
input/feature transform nets: augmentation covers rotation about the up axis, and the plain
network exports to a handful of ONNX ops.

Per-point MLP as kernel-1 Conv1d + BatchNorm + ReLU, then a symmetric max over the points written
as `torch.amax`, which exports as ReduceMax (onnxruntime-web's WebGPU provider fails on MaxPool).
"""
from __future__ import annotations

import torch
from torch import nn


class PointNetCls(nn.Module):
    def __init__(self, num_classes: int, in_channels: int = 3, widths=(64, 64, 128, 512), head=(256, 128), dropout=0.4):
        super().__init__()
        layers: list[nn.Module] = []
        c = in_channels
        for w in widths:
            layers += [nn.Conv1d(c, w, 1), nn.BatchNorm1d(w), nn.ReLU(inplace=True)]
            c = w
        self.features = nn.Sequential(*layers)
        mlp: list[nn.Module] = []
        for w in head:
            mlp += [nn.Linear(c, w), nn.BatchNorm1d(w), nn.ReLU(inplace=True), nn.Dropout(dropout)]
            c = w
        mlp.append(nn.Linear(c, num_classes))
        self.head = nn.Sequential(*mlp)

    def forward(self, points: torch.Tensor) -> torch.Tensor:
        """points [B, C, N] -> logits [B, num_classes]"""
        return self.head(torch.amax(self.features(points), dim=2))


def build(cfg: dict, num_classes: int) -> PointNetCls:
    return PointNetCls(num_classes, widths=tuple(cfg["widths"]), head=tuple(cfg["head"]), dropout=cfg["dropout"])
