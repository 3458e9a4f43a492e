"""Overlapping square blocks on a scene's floor plane, as the network sees them.

A port of `src/core/geometry/blocks.ts`; both must build the same tensors from the same points
(tests/fixtures/seg/blocks_parity.json proves it). All arithmetic is float64 on the float32
inputs, in the same order as the TypeScript, and sampling uses the same seeded generator
(mulberry32, `src/core/random.ts`), so the two agree bit for bit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .local_shape import NAMES as SHAPE_NAMES, local_shape
from .scene_floor import floor_of, grid_origin

# Every per-point feature the cache holds; a network takes the first `input_features(cfg)` of them.
FEATURES = ("x", "y", "z", "r", "g", "b", "room_x", "room_y", "room_z") + SHAPE_NAMES
# Scenes without colour (3 S3DIS rooms, many user files) get mid-grey, in training and in the app.
GREY = 0.5
_M32 = 0xFFFFFFFF


class Mulberry32:
    """mulberry32 on uint32 arithmetic; yields the same floats in [0, 1) as `createRng`."""

    def __init__(self, seed: int):
        self.a = seed & _M32

    def __call__(self) -> float:
        self.a = (self.a + 0x6D2B79F5) & _M32
        t = self.a
        t = ((t ^ (t >> 15)) * (t | 1)) & _M32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & _M32)) & _M32
        return ((t ^ (t >> 14)) & _M32) / 4294967296


@dataclass
class Room:
    """Bounds of the whole cloud, x-y grid origin at its min corner, and its floor (`scene_floor.py`)."""

    lo: np.ndarray  # float64 (3,)
    hi: np.ndarray
    floor: float

    @property
    def origin(self) -> np.ndarray:
        """Where heights and room positions are measured from: the min corner, at the floor's height."""
        return np.array([self.lo[0], self.lo[1], self.floor])

    @property
    def extent(self) -> np.ndarray:
        ext = self.hi - self.origin
        return np.where(ext > 0, ext, 1.0)


@dataclass
class Blocks:
    room: Room
    size: float
    stride: float
    nx: int
    ny: int
    # non-empty grid cells, index b = i * ny + j, ascending
    ids: np.ndarray
    # members of block ids[k] are points[offsets[k]:offsets[k+1]], ascending point index
    offsets: np.ndarray
    points: np.ndarray

    def members(self, k: int) -> np.ndarray:
        return self.points[self.offsets[k]:self.offsets[k + 1]]

    def centre(self, k: int) -> tuple[float, float]:
        b = int(self.ids[k])
        i, j = b // self.ny, b % self.ny
        return (
            self.room.lo[0] + i * self.stride + self.size / 2,
            self.room.lo[1] + j * self.stride + self.size / 2,
        )


def room_of(xyz: np.ndarray) -> Room:
    p = xyz.astype(np.float64)
    return Room(lo=p.min(axis=0), hi=p.max(axis=0), floor=floor_of(xyz[:, 2]))


def _cells(extent: float, size: float, stride: float) -> int:
    return max(1, math.ceil((extent - size) / stride) + 1)


def build_blocks(xyz: np.ndarray, size: float, stride: float) -> Blocks:
    """Every point joins each block whose closed square contains it (up to 4 with stride = size/2)."""
    room = room_of(xyz)
    nx = _cells(room.hi[0] - room.lo[0], size, stride)
    ny = _cells(room.hi[1] - room.lo[1], size, stride)
    p = xyz.astype(np.float64)
    span = math.ceil(size / stride) + 1
    pairs_b, pairs_p = [], []
    ranges = []
    for axis, n in ((0, nx), (1, ny)):
        u = p[:, axis] - room.lo[axis]
        first = np.maximum(0, np.ceil((u - size) / stride)).astype(np.int64)
        last = np.minimum(n - 1, np.floor(u / stride)).astype(np.int64)
        ranges.append((first, last))
    (fx, lx), (fy, ly) = ranges
    index = np.arange(len(p), dtype=np.int64)
    for di in range(span):
        for dj in range(span):
            i, j = fx + di, fy + dj
            ok = (i <= lx) & (j <= ly)
            pairs_b.append(i[ok] * ny + j[ok])
            pairs_p.append(index[ok])
    b = np.concatenate(pairs_b)
    pt = np.concatenate(pairs_p)
    order = np.lexsort((pt, b))
    b, pt = b[order], pt[order]
    ids, counts = np.unique(b, return_counts=True)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return Blocks(room, size, stride, nx, ny, ids.astype(np.int64), offsets, pt.astype(np.int64))


def chunk_indices(members: np.ndarray, block_id: int, points: int, seed: int) -> np.ndarray:
    """(chunks, points) point indices covering every member once; short chunks wrap around.

    A seeded Fisher-Yates shuffle of the members, cut into ceil(M / points) chunks of the cyclic
    sequence, so that every point gets a prediction and a block with fewer points than the
    network takes repeats them evenly (sampling with replacement, without the clumping).
    """
    rng = Mulberry32((seed + block_id) & _M32)
    perm = [int(v) for v in members]
    for i in range(len(perm) - 1, 0, -1):
        j = math.floor(rng() * (i + 1))
        perm[i], perm[j] = perm[j], perm[i]
    m = len(perm)
    n_chunks = -(-m // points)
    positions = np.arange(n_chunks * points) % m
    return np.asarray(perm, dtype=np.int64)[positions].reshape(n_chunks, points)


def input_features(cfg: dict) -> tuple[str, ...]:
    """The features a configuration's network takes: the first nine, or all twelve with the local shape."""
    return FEATURES[:cfg.get("input_features", 9)]


def point_features(xyz: np.ndarray, rgb: np.ndarray | None, room: Room) -> np.ndarray:
    """(P, 12) float64 per-point features before block centring: x, y, z-floor, rgb, room position, local shape."""
    p = xyz.astype(np.float64)
    f = np.empty((len(p), len(FEATURES)), dtype=np.float64)
    f[:, 0] = p[:, 0]
    f[:, 1] = p[:, 1]
    f[:, 2] = p[:, 2] - room.floor
    f[:, 3:6] = GREY if rgb is None else rgb.astype(np.float64) / 255
    f[:, 6:9] = (p - room.origin) / room.extent
    f[:, 9:12] = local_shape(xyz, grid_origin(room.lo, room.floor))
    return f


def block_tensor(features: np.ndarray, idx: np.ndarray, centre: tuple[float, float]) -> np.ndarray:
    """(chunks, F, points) float32 network input (BCN) for the chunks of one block, F = features' columns."""
    f = features[idx].copy()  # (chunks, points, F)
    f[..., 0] -= centre[0]
    f[..., 1] -= centre[1]
    return np.ascontiguousarray(f.transpose(0, 2, 1)).astype(np.float32)
