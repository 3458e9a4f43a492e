"""What training does to a block before the network sees it.

A block is (points, F) features as `scene_blocks.point_features` gives them (the first 9 or all 12), with x, y already taken
from the block centre and z the height above the room's lowest point (the floor), plus a label per
point. Two recipes (`train.augment`):

- `basic`, the recipe of the first shipped segmenter: quarter turns and a mirror about the block
  centre (room position turned alike), scale 0.9-1.1, 1 cm jitter, colour gain/offset.
- `strong`: any turn about z, mirrors on both axes, scale 0.8-1.2, elastic distortion, colour
  auto-contrast, jitter and drop, and the block cut back to its square, as the app's blocks are.
  The room position is held constant (`seg_model.ROOM_CONSTANT`): a turned block has no place in
  its room any more.

Scene mixing (Mix3D, Nekrasov et al., 3DV 2021: https://arxiv.org/abs/2110.02210) lays a second
training block over the first, each in its own frame, so objects are seen out of their usual
context. Instance pasting drops a real object from another training room onto the block's floor,
removing what it would intersect but keeping the real walls and floor around it.
"""
from __future__ import annotations

import numpy as np

from .scene_blocks import GREY
from ..models.seg_model import ROOM, ROOM_CONSTANT

XY, XYZ, RGB = slice(0, 2), slice(0, 3), slice(3, 6)


def basic(f: np.ndarray, rng: np.random.Generator, grey_p: float) -> np.ndarray:
    # quarter turns and a mirror about the block centre (rooms are mostly axis-aligned),
    # applied alike to the room position so the two stay consistent
    turns, mirror = rng.integers(4), rng.random() < 0.5
    xy, room = f[:, 0:2].copy(), f[:, 6:8] - 0.5
    for _ in range(turns):
        xy, room = np.stack([-xy[:, 1], xy[:, 0]], 1), np.stack([-room[:, 1], room[:, 0]], 1)
    if mirror:
        xy[:, 0], room[:, 0] = -xy[:, 0], -room[:, 0]
    f[:, 0:2], f[:, 6:8] = xy, room + 0.5
    f[:, 0:3] *= rng.uniform(0.9, 1.1)
    f[:, 0:3] += rng.normal(0, 0.01, size=(len(f), 3))
    if rng.random() < grey_p:
        f[:, 3:6] = GREY
    else:
        f[:, 3:6] = np.clip(f[:, 3:6] * rng.uniform(0.8, 1.2) + rng.normal(0, 0.02, 3), 0, 1)
    return f


def turn(xy: np.ndarray, angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return xy @ np.array([[c, s], [-s, c]])


def elastic(xyz: np.ndarray, rng: np.random.Generator, amplitude: float = 0.02, waves: int = 4) -> np.ndarray:
    """A smooth random displacement field (a sum of plane waves of 0.5-2 m wavelength, each moving
    points by up to `amplitude`): bends surfaces the way scanner drift does, keeps neighbours together."""
    out = xyz.copy()
    for _ in range(waves):
        direction = rng.normal(size=3)
        direction /= np.linalg.norm(direction)
        k = 2 * np.pi / rng.uniform(0.5, 2.0)
        phase = np.sin(k * xyz @ direction + rng.uniform(0, 2 * np.pi))
        out += amplitude * phase[:, None] * rng.normal(size=3) / np.sqrt(waves)
    return out


def colour(rgb: np.ndarray, rng: np.random.Generator, grey_p: float) -> np.ndarray:
    """Colour drop to the app's no-colour grey, auto-contrast, gain/offset and per-point jitter.
    A block that is already grey (a room without colour) stays grey, as the app feeds it."""
    if rng.random() < grey_p or np.all(rgb == GREY):
        return np.full_like(rgb, GREY)
    out = rgb.copy()
    if rng.random() < 0.2:
        lo, hi = out.min(0), out.max(0)
        stretched = (out - lo) / np.where(hi > lo, hi - lo, 1)
        blend = rng.uniform(0.3, 1.0)
        out = (1 - blend) * out + blend * stretched
    out = out * rng.uniform(0.8, 1.2, 3) + rng.normal(0, 0.05, 3)
    out += rng.normal(0, 0.02, size=out.shape)
    return np.clip(out, 0, 1)


def strong(f: np.ndarray, y: np.ndarray, rng: np.random.Generator, grey_p: float, half: float):
    """The strong recipe; returns the kept points' features and labels (the block cut back to its
    square of half-side `half`)."""
    f = f.copy()
    f[:, XY] = turn(f[:, XY], rng.uniform(0, 2 * np.pi))
    f[:, 0] *= rng.choice((-1, 1))
    f[:, 1] *= rng.choice((-1, 1))
    f[:, XYZ] *= rng.uniform(0.8, 1.2)
    f[:, XYZ] = elastic(f[:, XYZ], rng)
    f[:, XYZ] += rng.normal(0, 0.005, size=(len(f), 3))
    f[:, RGB] = colour(f[:, RGB], rng, grey_p)
    f[:, ROOM] = ROOM_CONSTANT
    keep = (np.abs(f[:, 0]) <= half) & (np.abs(f[:, 1]) <= half)
    return f[keep], y[keep]


def mix(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray], rng: np.random.Generator):
    """Mix3D on blocks: the union of two blocks, each in its own frame (centred, floor at z = 0),
    the second turned at random so the two layouts do not line up."""
    fb = b[0].copy()
    fb[:, XY] = turn(fb[:, XY], rng.uniform(0, 2 * np.pi))
    return np.concatenate([a[0], fb]), np.concatenate([a[1], b[1]])


def surface_density(xyz: np.ndarray, voxel: float = 0.05) -> float:
    """Points per occupied voxel: how densely a scan samples its surfaces, whatever their area."""
    if len(xyz) == 0:
        return 0.0
    return len(xyz) / len(np.unique(np.floor(xyz / voxel).astype(np.int64), axis=0))


def room_position(host: np.ndarray, xyz: np.ndarray) -> np.ndarray:
    """The room-position features of points at `xyz` in the host block's frame: each is linear in its
    coordinate (`scene_blocks.point_features`), so it is read off the host's points by a line fit."""
    out = np.full((len(xyz), 3), ROOM_CONSTANT, dtype=host.dtype)
    for a in range(3):
        if np.ptp(host[:, a]) > 1e-3:
            slope, at_zero = np.polyfit(host[:, a].astype(np.float64), host[:, 6 + a].astype(np.float64), 1)
            out[:, a] = slope * xyz[:, a] + at_zero
    return out


def paste(f: np.ndarray, y: np.ndarray, bank, rng: np.random.Generator, half: float):
    """One object from `bank` (a real instance, instance_bank.InstanceBank, or a scanned model,
    model_bank.ModelBank), turned at random, standing on the block's floor somewhere inside the
    block, thinned to the block's surface density, placed in the room as the block is. Points of the
    block inside the object's footprint above the floor are removed (they would intersect it)."""
    g, label = bank.draw(rng)
    g = g.copy()
    g[:, XY] = turn(g[:, XY], rng.uniform(0, 2 * np.pi))
    g[:, XY] += rng.uniform(-half * 0.7, half * 0.7, 2)
    floor = np.percentile(f[:, 2], 1) if len(f) else 0.0
    g[:, 2] += floor
    host, guest = surface_density(f[:, XYZ]), surface_density(g[:, XYZ])
    if guest > host > 0:
        g = g[rng.random(len(g)) < host / guest]
    if len(g) == 0:
        return f, y
    lo, hi = g[:, XY].min(0), g[:, XY].max(0)
    inside = np.all((f[:, XY] >= lo) & (f[:, XY] <= hi), axis=1) & (f[:, 2] > floor + 0.05)
    if g.shape[1] > 6:
        g[:, ROOM] = room_position(f, g[:, XYZ])
    return np.concatenate([f[~inside], g]), np.concatenate([y[~inside], np.full(len(g), label, dtype=y.dtype)])
