"""A geometric over-segmentation of a scene, and the segmenter's labels smoothed over it: a candidate
post-processing, scored by `pipelines/seg_smoothing.py` and not in the app (see training/README.md).

The network decides each point from its block, so one chair can come out half chair and half sofa,
and a wall speckled with door. Surfaces that are smooth and of one colour are mostly one object, so
the scene is cut into such pieces and each piece takes the mean of its points' probabilities:
- the cells of the local-shape grid (`local_shape.VOXEL`) are the graph's nodes, each with the
  normal of its 3x3x3 neighbourhood and the mean colour of its points;
- two touching cells (26-neighbourhood) are joined by an edge of weight
  1 - |n_a . n_b| + colour_weight * mean |c_a - c_b| (colour in 0..1; none without colour);
- Felzenszwalb and Huttenlocher's graph segmentation (2004) merges along the edges, lightest first,
  while the edge is no heavier than either side's internal difference plus k / its cells;
- pieces of fewer than `min_cells` cells then join the neighbour of their lightest edge.
Ties between equal weights are broken by the cells' grid keys, so the pieces do not depend on the
order of the points.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datasets.local_shape import covariance_eigen, voxel_neighbourhoods
from .datasets.scene_floor import anchored_grid_origin

# the 13 of the 26 neighbours that come after a cell in key order: each edge once
FORWARD = tuple((dx, dy, dz) for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dz in (-1, 0, 1) if (dx, dy, dz) > (0, 0, 0))


@dataclass(frozen=True)
class Smoothing:
    k: float
    min_cells: int
    colour_weight: float
    # how much of a point's probabilities come from its piece's mean (1: all)
    blend: float = 1.0


def _find(parent: np.ndarray, a: int) -> int:
    root = a
    while parent[root] != root:
        root = parent[root]
    while parent[a] != root:
        parent[a], a = root, parent[a]
    return root


def over_segment(xyz: np.ndarray, rgb: np.ndarray | None, k: float, min_cells: int, colour_weight: float) -> np.ndarray:
    """(P,) int64: the piece of each point, numbered in the key order of their first cells; the grid is
    anchored as the segmenter's local shape is (`scene_floor.grid_origin`)."""
    if len(xyz) == 0:
        return np.zeros(0, dtype=np.int64)
    grid = voxel_neighbourhoods(xyz, anchored_grid_origin(xyz))
    cells = len(grid.keys)
    normal = np.zeros((cells, 3), dtype=np.float64)
    for v in range(cells):
        e = covariance_eigen(grid.near[v])
        if e is not None:
            normal[v] = e[3]
    colour = np.zeros((cells, 3), dtype=np.float64)
    if rgb is not None:
        np.add.at(colour, grid.voxel_of, rgb.astype(np.float64) / 255)
        colour /= grid.own[:, :1]
    a_all, b_all, w_all = [], [], []
    every = np.arange(cells)
    for off in FORWARD:
        b = grid.neighbour(every, *off)
        a = every[b >= 0]
        b = b[b >= 0]
        dot = np.abs(normal[a, 0] * normal[b, 0] + normal[a, 1] * normal[b, 1] + normal[a, 2] * normal[b, 2])
        diff = (np.abs(colour[a, 0] - colour[b, 0]) + np.abs(colour[a, 1] - colour[b, 1])
                + np.abs(colour[a, 2] - colour[b, 2])) / 3
        a_all.append(a)
        b_all.append(b)
        w_all.append((1 - dot) + colour_weight * diff)
    a, b, w = np.concatenate(a_all), np.concatenate(b_all), np.concatenate(w_all)
    order = np.lexsort((grid.keys[b], grid.keys[a], w))
    parent = np.arange(cells)
    size = np.ones(cells, dtype=np.int64)
    internal = np.zeros(cells, dtype=np.float64)
    for e in order:
        ra, rb = _find(parent, a[e]), _find(parent, b[e])
        if ra == rb or w[e] > min(internal[ra] + k / size[ra], internal[rb] + k / size[rb]):
            continue
        parent[rb] = ra
        size[ra] += size[rb]
        internal[ra] = w[e]
    for e in order:
        ra, rb = _find(parent, a[e]), _find(parent, b[e])
        if ra != rb and (size[ra] < min_cells or size[rb] < min_cells):
            parent[rb] = ra
            size[ra] += size[rb]
    roots = np.array([_find(parent, v) for v in range(cells)])
    _, first, inverse = np.unique(roots, return_index=True, return_inverse=True)
    piece = np.argsort(np.argsort(first))[inverse]
    return piece[grid.voxel_of].astype(np.int64)


def smooth(probabilities: np.ndarray, piece: np.ndarray, blend: float) -> np.ndarray:
    """(P, C) float64: each point's probabilities moved `blend` of the way to its piece's mean."""
    pieces = int(piece.max()) + 1 if len(piece) else 0
    total = np.zeros((pieces, probabilities.shape[1]), dtype=np.float64)
    np.add.at(total, piece, probabilities.astype(np.float64))
    mean = total / np.bincount(piece, minlength=pieces)[:, None]
    return (1 - blend) * probabilities + blend * mean[piece]
