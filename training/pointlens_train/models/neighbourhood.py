"""A Gaussian-kernel point convolution with no neighbour search, shared by the scene segmenter and
the object classifier: every point's features averaged over a set of anchor points, weighted by
exp(-d^2 / 2s^2) with d the distance between them. Written as two batched matrix products
(distances, then the weighted mean), so that the exported graph needs only MatMul, Exp, ReduceMin,
ReduceSum, Sub and Div, which every onnxruntime-web provider runs (a k-nearest search would need
TopK, which the WebGPU provider lacks).
"""
from __future__ import annotations

import torch
from torch import nn


def distance_excess(xyz: torch.Tensor, anchors: int) -> torch.Tensor:
    """(B, N, A): the squared distance from every point of xyz (B, 3, N) to each of the first `anchors`
    points, less its squared distance to the nearest of them. The points come in random order, so the
    anchors are a random subset (a constant slice: no shape arithmetic in the graph). A point's own
    |x|^2 is the same for every anchor and cancels, so it is never computed; taking off the nearest
    anchor keeps the weights' exp from underflowing to 0 / 0 far from every anchor."""
    a = xyz[:, :, :anchors]
    e = (a * a).sum(1).unsqueeze(1) - 2 * torch.bmm(xyz.transpose(1, 2), a)
    return e - e.amin(2, keepdim=True).detach()


class NeighbourhoodMean(nn.Module):
    def __init__(self, scale: float):
        super().__init__()
        self.inv_two_var = 1.0 / (2 * scale * scale)

    def forward(self, excess: torch.Tensor, anchor_f: torch.Tensor) -> torch.Tensor:
        """excess (B, N, A) from distance_excess, anchor_f (B, C, A) the anchors' features -> (B, C, N):
        each point's mean of them weighted by exp(-d^2 / 2s^2). The sums are divided after the weighted
        sum, on C x N values rather than the A x N weights."""
        w = torch.exp(excess * -self.inv_two_var)
        return torch.bmm(anchor_f, w.transpose(1, 2)) / w.sum(2).unsqueeze(1)
