"""Synthetic labelled rooms for training the scene segmenter: a furnished layout (synth_furnish)
sampled by area as a scanner would see it (synth_scan), coloured and labelled like a ScanNet scan.

Room i of a seed is always the same room (`make -C training seg-synth-preview` writes a few as PLY).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .scene_labels import IGNORE, NAMES, NYU40_IDS, UNBOXED
from .scenes import Scene
from .sources import fetch_sweethome3d, resolve_source
from .synth_catalog import FurnitureCatalog
from .synth_furnish import compose
from .synth_layout import Layout
from .synth_scan import visible

KIND = "sh3d_room"
FLOORS = np.array([[0.55, 0.4, 0.25], [0.7, 0.58, 0.42], [0.45, 0.45, 0.45], [0.8, 0.75, 0.65], [0.3, 0.25, 0.22],
                   [0.32, 0.36, 0.45]])
WALLS = np.array([[0.9, 0.9, 0.88], [0.85, 0.82, 0.75], [0.75, 0.75, 0.75], [0.82, 0.75, 0.62], [0.7, 0.78, 0.85],
                  [0.75, 0.82, 0.7]])
BUDGET = 600_000  # surface points before culling; sets the room's sampling density
MIN_BOX_POINTS = 10


def room_name(index: int) -> str:
    return f"{KIND}_{index:03d}"


def room_index(name: str) -> int:
    return int(name.rsplit("_", 1)[1])


def open_catalog(spec: dict, data: Path, work: Path) -> FurnitureCatalog:
    return FurnitureCatalog(fetch_sweethome3d(resolve_source(spec["sh3d"], data, work), spec["packages"]))


def _structure(layout: Layout, density: float, rng: np.random.Generator):
    """Floor and wall points (with normals and labels), minus the holes of doors and windows."""
    (w, d), h = layout.size, layout.height
    n = int(w * d * density)
    parts = [(np.c_[rng.random((n, 2)) * layout.size, np.zeros(n)], np.tile([0, 0, 1.0], (n, 1)),
              np.full(n, NAMES.index("floor")))]
    openings = [o for o in layout.objects if o.wall >= 0 and o.model.label in (NAMES.index("door"), NAMES.index("window"))]
    for k in range(4):
        length = layout.size[k % 2]
        n = int(length * h * density)
        t, z = rng.random(n) * length, rng.random(n) * h
        keep = np.ones(n, dtype=bool)
        for o in (o for o in openings if o.wall == k):
            c = o.pos[k % 2]
            keep &= ~((np.abs(t - c) < o.model.size[0] / 2) & (z > o.lo[2]) & (z < o.hi[2]))
        t, z = t[keep], z[keep]
        fixed = 0.0 if k in (0, 3) else layout.size[(k + 1) % 2]
        xy = np.c_[t, np.full(len(t), fixed)] if k % 2 == 0 else np.c_[np.full(len(t), fixed), t]
        normal = np.r_[[(0, 1), (-1, 0), (0, -1), (1, 0)][k], 0.0]
        parts.append((np.c_[xy, z], np.tile(normal, (len(t), 1)), np.full(len(t), NAMES.index("wall"))))
    return [np.concatenate(a) for a in zip(*parts)]


def _objects(layout: Layout, keep: float, rng: np.random.Generator):
    xyz, normals, albedo, labels, inst = [], [], [], [], []
    for i, o in enumerate(layout.objects, start=1):
        m = o.model
        sel = rng.random(len(m.points)) < keep
        c, s = np.cos(o.yaw), np.sin(o.yaw)
        rot = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
        xyz.append(m.points[sel] @ rot.T + o.pos)
        normals.append(m.normals[sel] @ rot.T)
        albedo.append(m.albedo[sel])
        labels.append(np.full(sel.sum(), m.label))
        inst.append(np.full(sel.sum(), i))
    return [np.concatenate(a) for a in (xyz, normals, albedo, labels, inst)]


def _eyes(layout: Layout, rng: np.random.Generator) -> np.ndarray:
    eyes, wanted = [], int(rng.integers(3, 7))
    for _ in range(200):
        xy = 0.4 + rng.random(2) * (layout.size - 0.8)
        if not any(np.all(xy > o.lo[:2] - 0.1) and np.all(xy < o.hi[:2] + 0.1) for o in layout.objects):
            eyes.append(np.r_[xy, rng.uniform(1.2, 1.8)])
        if len(eyes) == wanted:
            break
    return np.array(eyes) if eyes else np.array([[*(layout.size / 2), 1.5]])


def _shade(xyz, normals, albedo, layout: Layout, rng: np.random.Generator) -> np.ndarray:
    light = np.r_[layout.size / 2, layout.height - 0.1]
    to_light = light - xyz
    to_light /= np.maximum(np.linalg.norm(to_light, axis=1, keepdims=True), 1e-9)
    lambert = np.abs((normals * to_light).sum(1, keepdims=True))
    gain = rng.normal(1, 0.04, 3) * rng.uniform(0.75, 1.05)
    rgb = albedo * (0.5 + 0.5 * lambert) * gain + rng.normal(0, 0.03, albedo.shape)
    return np.clip(np.round(rgb * 255), 0, 255).astype(np.uint8)


def make_room(catalog: FurnitureCatalog, seed: int, index: int, points: int = 50_000) -> Scene:
    rng = np.random.default_rng([seed, index])
    layout = compose(catalog, rng)
    (w, d), h = layout.size, layout.height
    object_area = sum(len(o.model.points) for o in layout.objects) / catalog.density
    density = min(catalog.density, BUDGET / (w * d + 2 * (w + d) * h + object_area))
    s_xyz, s_n, s_lab = _structure(layout, density, rng)
    pal = lambda p: np.clip(p[rng.integers(len(p))] + rng.normal(0, 0.04, 3), 0, 1)
    s_alb = np.where((s_lab == NAMES.index("floor"))[:, None], pal(FLOORS), pal(WALLS))
    o_xyz, o_n, o_alb, o_lab, o_inst = _objects(layout, density / catalog.density, rng)
    xyz = np.concatenate([s_xyz, o_xyz])
    labels = np.concatenate([s_lab, o_lab]).astype(np.int64)
    inst = np.concatenate([np.zeros(len(s_xyz), np.int64), o_inst])
    inside = np.all((xyz[:, :2] > -0.01) & (xyz[:, :2] < layout.size + 0.01), axis=1) & (xyz[:, 2] < h)
    seen = inside & visible(xyz, _eyes(layout, rng), 1 / np.sqrt(density))
    idx = np.nonzero(seen)[0]
    if len(idx) > points:
        idx = np.sort(rng.choice(idx, points, replace=False))
    rgb = _shade(xyz[idx], np.concatenate([s_n, o_n])[idx], np.concatenate([s_alb, o_alb])[idx], layout, rng)
    xyz = (xyz[idx] + rng.normal(0, 0.004, (len(idx), 3))).astype(np.float32)
    labels, inst = labels[idx], inst[idx]
    return Scene(room_name(index), room_name(index), KIND, xyz, rgb, labels, inst, object_boxes(xyz, labels, inst))


def object_boxes(xyz: np.ndarray, labels: np.ndarray, inst: np.ndarray) -> np.ndarray:
    """(K, 7) axis-aligned boxes of the labelled object instances: centre, size, NYU40 id."""
    boxes = []
    for i in np.unique(inst[inst > 0]):
        m = inst == i
        lab = int(labels[m][0])
        if lab == IGNORE or NAMES[lab] in UNBOXED or m.sum() < MIN_BOX_POINTS:
            continue
        lo, hi = xyz[m].min(0).astype(np.float64), xyz[m].max(0).astype(np.float64)
        boxes.append(np.r_[(lo + hi) / 2, hi - lo, NYU40_IDS[lab]])
    return np.array(boxes, dtype=np.float64).reshape(-1, 7)
