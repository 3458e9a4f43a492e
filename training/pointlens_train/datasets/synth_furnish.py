"""Fills a room with the items of its type: openings first (they constrain the walls), then
furniture against walls, tables with chairs around them, desks with a chair, wall-hung things."""
from __future__ import annotations

import math

import numpy as np

from .scene_labels import NAMES
from .synth_catalog import FurnitureCatalog, box_model
from .synth_layout import (CLEARANCE, ROOMS, Composer, Item, Layout, facing, inward, place, wall_length, wall_point)

COUNTER_TOPS = np.array([[0.85, 0.83, 0.8], [0.3, 0.3, 0.32], [0.62, 0.48, 0.33], [0.92, 0.92, 0.9]])


def compose(catalog: FurnitureCatalog, rng: np.random.Generator) -> Layout:
    kinds = sorted(ROOMS)
    kind = kinds[rng.integers(len(kinds))]
    (lo, hi), items = ROOMS[kind]
    size = rng.uniform(lo, hi, 2)
    layout = Layout(kind, size, float(rng.uniform(2.4, 3.0)))
    c = Composer(catalog, rng, layout)
    for item in items:
        for _ in range(int(rng.integers(item.lo, item.hi + 1))):
            HANDLERS[item.place](c, item)
    return layout


def _wall(c: Composer, item: Item) -> None:
    m = c.pick(item)
    if m is not None:
        c.add(c.against_wall(m, gap=float(c.rng.uniform(0, 0.05))))


def _free(c: Composer, item: Item) -> None:
    m = c.pick(item)
    if m is not None:
        c.add(c.free(m))


def _opening(c: Composer, item: Item) -> None:
    m = c.pick(item)
    if m is None:
        return
    tall = m.size[2] > 1.6
    z0 = 0.0 if item.place == "door" or tall else float(c.rng.uniform(0.7, min(1.1, c.room.height - m.size[2] - 0.1)))
    p = c.add(c.against_wall(m, z0=max(z0, 0.0), inside=False))
    if p is not None and item.place == "door":
        n = inward(p.wall)
        front = p.pos[:2] + n * (CLEARANCE / 2)
        half = np.abs(n[::-1]) * m.size[0] / 2 + np.abs(n) * CLEARANCE / 2
        c.room.reserved.append((np.r_[front - half, 0.0], np.r_[front + half, 2.0]))


def _hung(c: Composer, item: Item) -> None:
    m = c.pick(item)
    if m is not None:
        c.add(c.against_wall(m, z0=float(c.rng.uniform(1.35, 1.6))))


def _picture(c: Composer, item: Item) -> None:
    w, h = c.rng.uniform(0.25, 1.2), c.rng.uniform(0.2, 0.9)
    m = box_model("picture", NAMES.index("picture"), np.array([w, 0.03, h]), c.rng.uniform(0.1, 0.9, 3), c.rng,
                  c.cat.density)
    c.add(c.against_wall(m, z0=float(c.rng.uniform(1.2, 1.9) - h / 2)))


def _curtain(c: Composer, item: Item) -> None:
    windows = [o for o in c.room.objects if o.model.label == NAMES.index("window")]
    m = c.pick(item)
    if not windows or m is None:
        return
    win = windows[c.rng.integers(len(windows))]
    n = inward(win.wall)
    z0 = max(0.0, min(win.hi[2] + 0.1, c.room.height) - m.size[2])
    p = place(m, facing(n), np.r_[win.pos[:2] + n * (m.size[1] / 2 + 0.12), z0])
    if c.fits(p, ignore=(win,)):
        c.add(p)


def _seat(c: Composer, parent, chair, target: np.ndarray, direction: np.ndarray) -> None:
    """A chair whose front faces `direction`, centred at `target` (may tuck under its table)."""
    p = place(chair, facing(direction) + c.rng.normal(0, 0.15), np.r_[target, 0.0])
    if c.fits(p, ignore=(parent,)):
        c.add(p)


def _table(c: Composer, item: Item) -> None:
    m = c.pick(item)
    t = c.add(c.free(m, yaw=float(c.rng.integers(4)) * math.pi / 2 + c.rng.normal(0, 0.05))) if m else None
    if t is None:
        return
    chair = c.pick(Item("chair", 1, 1, "free"))
    cs, sn = math.cos(t.yaw), math.sin(t.yaw)
    axes = [np.array([cs, sn]), np.array([-sn, cs])]
    for k in c.rng.permutation(4)[: int(c.rng.integers(2, 5))]:
        out = axes[k % 2] * (1 if k < 2 else -1)
        reach = t.model.size[k % 2] / 2 + chair.size[1] / 2 - c.rng.uniform(0.05, 0.2)
        _seat(c, t, chair, t.pos[:2] + out * reach, -out)


def _desk(c: Composer, item: Item) -> None:
    m = c.pick(item)
    d = c.add(c.against_wall(m, gap=float(c.rng.uniform(0, 0.03)))) if m else None
    if d is not None:
        chair = c.pick(Item("chair", 1, 1, "free"))
        n = inward(d.wall)
        _seat(c, d, chair, d.pos[:2] + n * (d.model.size[1] / 2 + chair.size[1] / 2 - 0.15), -n)


def _run(c: Composer, item: Item) -> None:
    """Kitchen base cabinets side by side along one wall, under one counter top."""
    units = [c.pick(item) for _ in range(int(c.rng.integers(2, 6)))]
    length = sum(u.size[0] for u in units)
    k = int(c.rng.integers(4))
    span = wall_length(c.room.size, k)
    if length > span - 0.2:
        return
    t0 = t = c.rng.uniform(0.05, span - length - 0.05)
    n = inward(k)
    placed = []
    for u in units:
        p = place(u, facing(n), np.r_[wall_point(c.room.size, k, t + u.size[0] / 2) + n * u.size[1] / 2, 0.0])
        if not c.fits(p):
            break
        placed.append(c.add(p))
        t += u.size[0]
    if not placed:
        return
    top_z = max(p.hi[2] for p in placed)
    depth = max(p.model.size[1] for p in placed) + 0.03
    run = t - t0
    centre = wall_point(c.room.size, k, t0 + run / 2) + n * depth / 2
    slab = box_model("counter top", NAMES.index("counter"), np.array([run, depth, 0.04]),
                     COUNTER_TOPS[c.rng.integers(len(COUNTER_TOPS))], c.rng, c.cat.density)
    c.add(place(slab, facing(n), np.r_[centre, top_z]))


HANDLERS = {"wall": _wall, "free": _free, "door": _opening, "window": _opening, "hung": _hung, "picture": _picture,
            "curtain": _curtain, "table": _table, "desk": _desk, "run": _run}
