"""A Gaussian-kernel point convolution with no neighbour search, shared by the scene segmenter and
the object classifier: every point's features averaged over a set of anchor points, weighted by
exp(-d^2 / 2s^2) with d the distance between them. Written as two batched matrix products
(distances, then the weighted mean), so that the exported graph needs only MatMul, Exp, ReduceSum
and Div, which every onnxruntime-web provider runs (a k-nearest search would need TopK, which the
WebGPU provider lacks).
"""
from __future__ import annotations

import torch
from torch import nn


def squared_distances(xyz: torch.Tensor, anchors: int) -> torch.Tensor:
    """(B, N, A) squared distances from every point of xyz (B, 3, N) to the first `anchors` points: the
    points come in random order, so these are a random subset of them. A constant slice, so the graph
    needs no shape arithmetic."""
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
        # the nearest anchor's distance is taken off first: the normalised weights are the same, and a
        # point far from every anchor gets their mean rather than 0 / 0 (exp underflows past ~87)
        w = torch.exp(-(d2 - d2.amin(2, keepdim=True).detach()) * self.inv_two_var)
        w = w / w.sum(2, keepdim=True)
        return torch.bmm(anchor_f, w.transpose(1, 2))
