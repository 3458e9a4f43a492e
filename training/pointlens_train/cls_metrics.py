"""Classifier scores shared by training and evaluation."""
from __future__ import annotations

import numpy as np


def class_accuracies(pred: np.ndarray, labels: np.ndarray, num_classes: int) -> np.ndarray:
    """Per-class accuracy; NaN where the class has no shapes."""
    acc = np.full(num_classes, np.nan)
    for c in range(num_classes):
        m = labels == c
        if m.any():
            acc[c] = (pred[m] == c).mean()
    return acc
