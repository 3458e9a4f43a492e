"""The classifier's predictions: logits of a set of clouds, and PointNet's voting over turns about the up axis
(what the app does with `input.views`)."""
from __future__ import annotations

import numpy as np
import torch

from ..datasets.cls_data import view_turns


@torch.no_grad()
def predict(model: torch.nn.Module, clouds: np.ndarray, batch: int = 64) -> np.ndarray:
    """clouds [S, N, 3] -> logits [S, C]"""
    model.eval()
    out = [model(torch.from_numpy(clouds[i : i + batch]).transpose(1, 2).contiguous()) for i in range(0, len(clouds), batch)]
    return torch.cat(out).numpy()


def vote(model: torch.nn.Module, clouds: np.ndarray, views: int) -> np.ndarray:
    """PointNet's voting: class probabilities averaged over `views` turns about the up axis; [S, N, 3] -> [S, C]."""
    probs = [torch.softmax(torch.from_numpy(predict(model, turned)).double(), 1).numpy() for turned in view_turns(clouds, views)]
    return np.mean(probs, axis=0)
