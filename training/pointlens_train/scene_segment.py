"""The whole-scene pipeline of `src/core/ml/segmentScene.ts` in Python, for evaluation: every chunk
of every block through the network, softmax probabilities summed per point in float32 in the same
order, prediction = argmax, confidence = mean probability of that class."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .datasets.scene_blocks import block_tensor, build_blocks, chunk_indices, point_features

# (batch, features, points) float32 -> (batch, points, classes) logits
Network = Callable[[np.ndarray], np.ndarray]


def scene_probabilities(xyz: np.ndarray, rgb: np.ndarray | None, net: Network, classes: int, size: float,
                        stride: float, points: int, seed: int = 0, batch: int = 16, features: int = 9) -> np.ndarray:
    """(P, C) float64: each point's probabilities, summed in float32 over its chunks and divided by their count.
    `features`: how many of scene_blocks.FEATURES the network takes."""
    blocks = build_blocks(xyz, size, stride)
    feats = point_features(xyz, rgb, blocks.room)[:, :features]
    scores = np.zeros((len(xyz), classes), dtype=np.float32)
    votes = np.zeros(len(xyz), dtype=np.int64)
    pending_x, pending_i = [], []

    def flush() -> None:
        x = np.concatenate(pending_x)
        idx = np.concatenate(pending_i).reshape(-1)
        logits = net(x).reshape(-1, classes).astype(np.float64)
        e = np.exp(logits - logits.max(1, keepdims=True))
        np.add.at(scores, idx, (e / e.sum(1, keepdims=True)).astype(np.float32))
        np.add.at(votes, idx, 1)
        pending_x.clear()
        pending_i.clear()

    queued = 0
    for k in range(len(blocks.ids)):
        idx = chunk_indices(blocks.members(k), int(blocks.ids[k]), points, seed)
        t = block_tensor(feats, idx, blocks.centre(k))
        for c in range(len(idx)):
            pending_x.append(t[c:c + 1])
            pending_i.append(idx[c:c + 1])
            queued += 1
            if queued == batch:
                flush()
                queued = 0
    if queued:
        flush()
    return scores.astype(np.float64) / np.maximum(votes, 1)[:, None]


def decide(probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """prediction = argmax, confidence = its probability."""
    pred = probabilities.argmax(1)
    return pred.astype(np.int64), probabilities[np.arange(len(pred)), pred].astype(np.float32)


def segment_scene(xyz: np.ndarray, rgb: np.ndarray | None, net: Network, classes: int, size: float,
                  stride: float, points: int, seed: int = 0, batch: int = 16, features: int = 9) -> tuple[np.ndarray, np.ndarray]:
    return decide(scene_probabilities(xyz, rgb, net, classes, size, stride, points, seed, batch, features))
