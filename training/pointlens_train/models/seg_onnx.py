"""A shipped segmenter read back from its ONNX file, for steps that need the network itself (the
instance classifier's training proposals) when its training checkpoint is not at hand.

The export folds each BatchNorm that follows a Conv into the Conv's weights and gives those folded
weights generated names ("onnx::Conv_<n>", in the order the graph uses them); the other parameters
keep their module names under the exporting wrapper's `model.`. So the folded Convs are matched to
the network's pointwise layers in forward order, checked by shape, and their BatchNorms set to the
identity.
"""
from __future__ import annotations

import re
from pathlib import Path

import torch
from torch import nn

from .seg_model import PointNetSeg
from .seg_training import build_model


def _pointwise_in_forward_order(model: PointNetSeg) -> list[nn.Sequential]:
    layers = list(model.local)
    if len(model.scales):
        layers += [model.narrow, model.widen]
    return layers + list(model.lift) + [model.head[2]]


def seg_from_onnx(path: Path, cfg: dict) -> PointNetSeg:
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    params = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    folded = sorted((k for k in params if k.startswith("onnx::Conv_")), key=lambda k: int(re.sub(r"\D", "", k)))
    model = build_model(cfg).eval()
    layers = _pointwise_in_forward_order(model)
    if len(folded) != 2 * len(layers):
        raise ValueError(f"{path} holds {len(folded) // 2} folded layers, the config's network {len(layers)}")
    with torch.no_grad():
        for (w, b), (conv, bn, _) in zip(zip(folded[0::2], folded[1::2]), layers):
            if tuple(params[w].shape) != tuple(conv.weight.shape):
                raise ValueError(f"{path}: {w} is {tuple(params[w].shape)}, the layer {tuple(conv.weight.shape)}")
            conv.weight.copy_(params[w])
            conv.bias.copy_(params[b])
            bn.weight.fill_(1.0)
            bn.bias.zero_()
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)
        named = dict(model.named_parameters()) | dict(model.named_buffers())
        for k, v in params.items():
            if k.startswith("model."):
                named[k[len("model."):]].copy_(v)
    return model
