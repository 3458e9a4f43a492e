"""Furnished layouts of rectangular rooms: a room type, its size, and catalog furniture at real
sizes placed by rejection sampling on 3D boxes (nothing intersects; doors keep a clear space in
front). Walls are numbered 0..3 for y = 0, x = W, y = D, x = 0."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .scene_labels import IGNORE, NAMES
from .synth_catalog import FurnitureCatalog, Model


@dataclass
class Placed:
    model: Model
    yaw: float  # about z, applied to the model's points before `pos`
    pos: np.ndarray  # (3,) footprint centre at the base
    lo: np.ndarray  # (3,) axis-aligned box of the placed model
    hi: np.ndarray
    wall: int = -1  # the wall an opening (door, window) is cut into


@dataclass
class Item:
    cls: str  # ScanNet-20 name or "ignore"
    lo: int
    hi: int
    place: str  # wall | free | table | desk | hung | picture | door | window | curtain | run
    categories: tuple[str, ...] = ()
    name_has: str = ""
    name_lacks: str = ""


K, W_, F_ = "Kitchen", "Doors and windows", "Office"
LIVING, BED, BATH = "Living room", "Bedroom", "Bathroom"
ROOMS = {  # type: (side range in m, items)
    "bathroom": ((1.8, 3.5), [
        Item("door", 1, 1, "door"), Item("window", 0, 1, "window"), Item("toilet", 1, 1, "wall"),
        Item("sink", 1, 2, "wall", (BATH,)), Item("bathtub", 0, 1, "wall"), Item("shower_curtain", 0, 1, "wall"),
        Item("cabinet", 0, 1, "hung", name_has="upper"), Item("otherfurniture", 0, 1, "wall", (BATH, K)),
        Item("ignore", 0, 1, "wall", (BATH,)), Item("picture", 0, 1, "picture")]),
    "kitchen": ((2.6, 5.0), [
        Item("door", 1, 1, "door"), Item("window", 1, 2, "window"), Item("cabinet", 1, 1, "run", (K,), name_lacks="upper"),
        Item("refrigerator", 1, 1, "wall"), Item("sink", 1, 1, "wall", (K,)), Item("cabinet", 0, 4, "hung", (K,), "upper"),
        Item("ignore", 0, 2, "wall", (K,)), Item("table", 0, 1, "table"), Item("otherfurniture", 0, 1, "wall", (K,)),
        Item("curtain", 0, 1, "curtain")]),
    "office": ((3.0, 8.0), [
        Item("door", 1, 2, "door"), Item("window", 1, 3, "window"), Item("desk", 1, 4, "desk"), Item("table", 0, 1, "table"),
        Item("bookshelf", 0, 3, "wall"), Item("cabinet", 0, 3, "wall", name_lacks="upper"), Item("chair", 0, 2, "free"),
        Item("otherfurniture", 0, 2, "wall"), Item("ignore", 0, 3, "wall", (F_, LIVING, "Miscellaneous", "Lights")),
        Item("picture", 0, 2, "picture"), Item("curtain", 0, 1, "curtain")]),
    "bedroom": ((2.8, 5.5), [
        Item("door", 1, 2, "door"), Item("window", 1, 2, "window"), Item("bed", 1, 1, "wall"),
        Item("ignore", 0, 2, "wall", (BED, "Lights")), Item("otherfurniture", 0, 2, "wall", (BED,)),
        Item("cabinet", 0, 2, "wall", name_lacks="upper"), Item("desk", 0, 1, "desk"), Item("chair", 0, 1, "free"),
        Item("bookshelf", 0, 1, "wall"), Item("curtain", 0, 2, "curtain"), Item("picture", 0, 2, "picture")]),
    "living": ((3.5, 8.0), [
        Item("door", 1, 2, "door"), Item("window", 1, 3, "window"), Item("sofa", 1, 3, "wall"), Item("table", 1, 2, "table"),
        Item("chair", 0, 3, "free"), Item("bookshelf", 0, 2, "wall"), Item("cabinet", 0, 2, "wall", name_lacks="upper"),
        Item("otherfurniture", 0, 2, "wall", (LIVING, "Miscellaneous")), Item("ignore", 0, 3, "wall", (LIVING, "Lights")),
        Item("curtain", 0, 2, "curtain"), Item("picture", 0, 3, "picture")]),
}
TRIES = 40
CLEARANCE = 0.8  # free depth in front of a door


@dataclass
class Layout:
    kind: str
    size: np.ndarray  # (2,) width x, depth y
    height: float
    objects: list[Placed] = field(default_factory=list)
    # boxes nothing may enter (door swing space); not objects themselves
    reserved: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)


def inward(wall: int) -> np.ndarray:
    return np.array([(0, 1), (-1, 0), (0, -1), (1, 0)][wall], dtype=np.float64)


def wall_length(size: np.ndarray, wall: int) -> float:
    return float(size[wall % 2])


def wall_point(size: np.ndarray, wall: int, t: float) -> np.ndarray:
    return np.array([(t, 0), (size[0], t), (t, size[1]), (0, t)][wall], dtype=np.float64)


def facing(direction: np.ndarray) -> float:
    """The yaw that turns a model's front (-y) towards `direction`."""
    return math.atan2(direction[0], -direction[1])


def place(model: Model, yaw: float, pos: np.ndarray) -> Placed:
    c, s = math.cos(yaw), math.sin(yaw)
    w, d, h = model.size
    corners = np.array([[sx * w / 2, sy * d / 2] for sx in (-1, 1) for sy in (-1, 1)])
    xy = corners @ np.array([[c, s], [-s, c]]) + pos[:2]
    return Placed(model, yaw, pos, np.r_[xy.min(0), pos[2]], np.r_[xy.max(0), pos[2] + h])


def _overlap(alo, ahi, blo, bhi, margin: float) -> bool:
    return bool(np.all(alo < bhi - margin) and np.all(blo < ahi - margin))


class Composer:
    def __init__(self, catalog: FurnitureCatalog, rng: np.random.Generator, layout: Layout):
        self.cat, self.rng, self.room = catalog, rng, layout

    def fits(self, p: Placed, ignore: tuple[Placed, ...] = (), margin: float = 0.01) -> bool:
        size, r = self.room.size, self.room
        if np.any(p.lo[:2] < -0.3) or np.any(p.hi[:2] > size + 0.3) or p.hi[2] > r.height:
            return False
        others = [(o.lo, o.hi) for o in r.objects if o not in ignore] + r.reserved
        return not any(_overlap(p.lo, p.hi, lo, hi, margin) for lo, hi in others)

    def pick(self, item: Item) -> Model | None:
        label = IGNORE if item.cls == "ignore" else NAMES.index(item.cls)
        pool = self.cat.pool(label, item.categories, item.name_has, item.name_lacks)
        return self.cat.model(pool[self.rng.integers(len(pool))]) if pool else None

    def against_wall(self, model: Model, z0: float = 0.0, gap: float = 0.0, wall: int | None = None,
                     inside: bool = True) -> Placed | None:
        for _ in range(TRIES):
            k = int(self.rng.integers(4)) if wall is None else wall
            length = wall_length(self.room.size, k)
            if model.size[0] > length - 0.1:
                continue
            t = self.rng.uniform(model.size[0] / 2 + 0.05, length - model.size[0] / 2 - 0.05)
            n = inward(k)
            depth = model.size[1] / 2 + gap if inside else 0.0
            xy = wall_point(self.room.size, k, t) + n * depth
            p = place(model, facing(n) + self.rng.normal(0, 0.01), np.r_[xy, z0])
            p.wall = k
            if self.fits(p):
                return p
        return None

    def free(self, model: Model, yaw: float | None = None) -> Placed | None:
        for _ in range(TRIES):
            xy = 0.3 + self.rng.random(2) * (self.room.size - 0.6)
            a = self.rng.uniform(-math.pi, math.pi) if yaw is None else yaw
            p = place(model, a, np.r_[xy, 0.0])
            if self.fits(p, margin=-0.15):  # free-standing things keep a walkway around them
                return p
        return None

    def add(self, p: Placed | None) -> Placed | None:
        if p is not None:
            self.room.objects.append(p)
        return p
