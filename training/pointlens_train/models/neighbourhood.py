"""A Gaussian-kernel point convolution with no neighbour search, shared by the scene segmenter and
the object classifier: every point's features averaged over a set of anchor points, weighted by
exp(-d^2 / 2s^2) with d the distance between them. Written as batched matrix products and a
softmax, so that the exported graph needs only element-wise ops, Concat, MatMul and Softmax, which
every onnxruntime-web provider runs (a k-nearest search would need TopK, which the WebGPU provider
lacks).
"""
from __future__ import annotations

import torch
from torch import nn


def anchor_affinity(xyz: torch.Tensor, anchors: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Two factors, p (B, N, 4) and q (B, 4, A), whose product is 2 x.a - |a|^2 = |x|^2 - d^2 for
    every point x of xyz (B, 3, N) and each of its first `anchors` points a. The points come in random
    order, so the anchors are a random subset (a constant slice: no shape arithmetic in the graph).
    A point's own |x|^2 is the same for every anchor and cancels in the softmax over them, so it is
    never computed; p is x with a 1 appended, which carries the anchors' -|a|^2 into the product."""
    a = xyz[:, :, :anchors]
    # torch exports F.pad and ones_like with shape arithmetic; this is two element-wise ops
    ones = xyz[:, :1] * 0 + 1
    p = torch.cat([xyz, ones], 1).transpose(1, 2)
    q = torch.cat([2 * a, -(a * a).sum(1, keepdim=True)], 1)
    return p, q


class NeighbourhoodMean(nn.Module):
    def __init__(self, scale: float):
        super().__init__()
        self.inv_two_var = 1.0 / (2 * scale * scale)

    def forward(self, p: torch.Tensor, q: torch.Tensor, anchor_f: torch.Tensor) -> torch.Tensor:
        """p, q from anchor_affinity, anchor_f (B, C, A) the anchors' features -> (B, C, N): each point's
        mean of them weighted by exp(-d^2 / 2s^2). The weights are a softmax over the anchors, which
        takes off each point's largest logit itself, so a point far from every anchor gets the nearest
        one's features rather than 0 / 0; the scale is applied to the small q rather than to the
        A x N logits, and the runtimes' softmax kernels are vectorised where an Exp may not be."""
        w = torch.softmax(torch.bmm(p, q * self.inv_two_var), dim=2)
        return torch.bmm(anchor_f, w.transpose(1, 2))
