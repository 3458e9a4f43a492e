"""The upright network's candidates, scores and training shapes, shared by `upright` and `upright-export`.

A shape is shown to the network six times, each direction turned onto +y by its row of TURNS; the
network scores each for looking upright, and the six scores are a softmax over which is up.
"""
from __future__ import annotations

import numpy as np
import torch

from . import open_set as osd
from .datasets.cls_data import ClsCache, eval_points, train_val_split
from .datasets.mappings import OUTLIER_SPLIT
from .open_set_protocol import unknown_rows

DIRECTIONS = ["+x", "-x", "+y", "-y", "+z", "-z"]
# each turns its direction (in DIRECTIONS' order) onto +y
TURNS = np.array([
    [[0, 1, 0], [1, 0, 0], [0, 0, -1]],
    [[0, -1, 0], [-1, 0, 0], [0, 0, -1]],
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    [[1, 0, 0], [0, -1, 0], [0, 0, -1]],
    [[1, 0, 0], [0, 0, 1], [0, -1, 0]],
    [[1, 0, 0], [0, 0, -1], [0, 1, 0]],
], dtype=np.float32)
UPRIGHT = 2


def candidates(points: np.ndarray) -> np.ndarray:
    """[N, 3] in the shape's own frame -> [6, N, 3]: each direction turned onto +y."""
    return np.einsum("kij,nj->kni", TURNS, points)


def validation_parts(cache: ClsCache, val_fraction: float) -> tuple[list[int], list[int]]:
    """The open-set protocol's validation rows: the validation part of TRAIN, and the shapes of the validation-unknown classes."""
    val_classes, _ = osd.split_unknown_classes(cache.unknown_classes())
    _, _, val_rows, _ = train_val_split(cache, val_fraction)
    return val_rows, unknown_rows(cache, val_classes)


def training_rows(cache: ClsCache, val_fraction: float) -> list[int]:
    """Every cached shape of TRAIN or the outlier exposure, less the validation part and every open-set unknown class."""
    held = set(unknown_rows(cache, cache.unknown_classes())) | set(validation_parts(cache, val_fraction)[0])
    return [i for i, r in enumerate(cache.index) if r["split"] in ("train", OUTLIER_SPLIT) and i not in held]


def up_scores(model: torch.nn.Module, clouds: np.ndarray) -> np.ndarray:
    """[S, N, 3] upright-frame shapes -> [S, 6] scores of each direction being up."""
    model.eval()
    device = next(model.parameters()).device
    out = []
    with torch.no_grad():
        for s in range(0, len(clouds), 32):
            c = np.stack([candidates(x) for x in clouds[s : s + 32]])  # [b, 6, N, 3]
            b = c.shape[0]
            x = torch.from_numpy(c.reshape(b * 6, -1, 3)).transpose(1, 2).contiguous().to(device)
            out.append(model(x).reshape(b, 6).cpu().numpy())
    return np.concatenate(out)


def upright_rate(model: torch.nn.Module, cache: ClsCache, rows: list[int], n: int) -> float:
    clouds = np.stack([eval_points(cache.shape(i), n) for i in rows])
    return float((up_scores(model, clouds).argmax(1) == UPRIGHT).mean())
