"""Box proposals grown from a geometric over-segmentation: the Python twin of
`src/core/geometry/pieceProposals.ts`.

The one-class components of the segmentation propose one box per class blob, so an object the
segmenter split between two classes, or two objects it joined, never gets a box of its own (on
held-out rooms only 25-45% of the true boxes had a proposal overlapping them by 0.25). The pieces
of `over_segment.py` rarely cross an object's edge, so proposals are built from them instead:
- every piece whose mean segmenter probabilities make it an object (not wall or floor) is a
  proposal;
- touching object pieces are merged, the pair with the most alike mean probabilities first
  (half the L1 distance, 0 to 1), while that difference stays within `max_difference` and the
  merged footprint within `max_extent` metres; every merge is a proposal too.
The instance classifier then names or rejects each one, and duplicate suppression keeps the surest
of overlapping ones. Ties between equal differences go to the lower piece numbers, so the result
does not depend on anything but the points' order.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from .datasets.local_shape import voxel_neighbourhoods
from .datasets.scene_floor import anchored_grid_origin
from .datasets.scene_labels import NAMES, UNBOXED
from .over_segment import FORWARD, over_segment

STRUCTURE = tuple(NAMES.index(n) for n in UNBOXED)


@dataclass(frozen=True)
class PieceProposals:
    k: float
    min_cells: int
    colour_weight: float
    max_difference: float
    max_extent: float


def touching_pieces(xyz: np.ndarray, piece: np.ndarray) -> list[tuple[int, int]]:
    """(a, b) with a < b for each two pieces with touching cells (26-neighbourhood on the local-shape
    grid the pieces were cut on), sorted."""
    grid = voxel_neighbourhoods(xyz, anchored_grid_origin(xyz))
    cell_piece = np.zeros(len(grid.keys), dtype=np.int64)
    cell_piece[grid.voxel_of] = piece
    every = np.arange(len(grid.keys))
    pairs = []
    for off in FORWARD:
        b = grid.neighbour(every, *off)
        pa, pb = cell_piece[every[b >= 0]], cell_piece[b[b >= 0]]
        differ = pa != pb
        pairs.append(np.stack([np.minimum(pa, pb)[differ], np.maximum(pa, pb)[differ]], 1))
    return [tuple(map(int, p)) for p in np.unique(np.concatenate(pairs), axis=0)] if pairs else []


def merged_pieces(xyz: np.ndarray, piece: np.ndarray, probabilities: np.ndarray, params: PieceProposals,
                  min_points: int) -> list[np.ndarray]:
    """Point indices of each proposal: the object pieces of at least `min_points` points in piece order,
    then each merge of at least `min_points` points in the order it was made."""
    pieces = int(piece.max()) + 1 if len(piece) else 0
    if pieces == 0:
        return []
    order = np.argsort(piece, kind="stable")
    starts = np.searchsorted(piece[order], np.arange(pieces + 1))
    members = [order[starts[i]:starts[i + 1]] for i in range(pieces)]
    p = probabilities.astype(np.float64)
    total = np.zeros((2 * pieces, p.shape[1]), dtype=np.float64)
    np.add.at(total, piece, p)
    count = np.zeros(2 * pieces, dtype=np.int64)
    count[:pieces] = np.bincount(piece, minlength=pieces)
    q = xyz.astype(np.float64)
    lo = np.full((2 * pieces, 3), np.inf)
    hi = np.full((2 * pieces, 3), -np.inf)
    np.minimum.at(lo, piece, q)
    np.maximum.at(hi, piece, q)
    is_object = ~np.isin(np.argmax(total[:pieces], 1), STRUCTURE)
    out = [members[i] for i in range(pieces) if is_object[i] and count[i] >= min_points]

    def difference(a: int, b: int) -> float:
        # summed in class order, as the TypeScript does (numpy's sum is pairwise)
        return sum(np.abs(total[a] / count[a] - total[b] / count[b]).tolist()) / 2

    near: dict[int, set[int]] = {i: set() for i in range(pieces) if is_object[i]}
    for a, b in touching_pieces(xyz, piece):
        if is_object[a] and is_object[b]:
            near[a].add(b)
            near[b].add(a)
    heap = [(difference(a, b), a, b) for a in sorted(near) for b in sorted(near[a]) if a < b]
    heapq.heapify(heap)
    parts: dict[int, list[int]] = {i: [i] for i in near}
    made = pieces
    while heap:
        d, a, b = heapq.heappop(heap)
        if d > params.max_difference:
            break
        if a not in parts or b not in parts:
            continue
        l, h = np.minimum(lo[a], lo[b]), np.maximum(hi[a], hi[b])
        if max(h[0] - l[0], h[1] - l[1]) > params.max_extent:
            continue
        c = made
        made += 1
        total[c], count[c], lo[c], hi[c] = total[a] + total[b], count[a] + count[b], l, h
        parts[c] = parts.pop(a) + parts.pop(b)
        near[c] = (near.pop(a) | near.pop(b)) - {a, b}
        for n in sorted(near[c]):
            near[n] -= {a, b}
            near[n].add(c)
            heapq.heappush(heap, (difference(n, c), n, c))
        if count[c] >= min_points:
            out.append(np.sort(np.concatenate([members[i] for i in parts[c]])))
    return out


def piece_proposals(xyz: np.ndarray, rgb: np.ndarray | None, probabilities: np.ndarray, params: PieceProposals,
                    min_points: int) -> list[np.ndarray]:
    piece = over_segment(xyz, rgb, params.k, params.min_cells, params.colour_weight)
    return merged_pieces(xyz, piece, probabilities, params, min_points)
