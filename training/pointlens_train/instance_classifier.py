"""An instance classifier for box proposals: a PointNet over one proposal's points in metres.

The segmenter's errors are mostly whole objects given the wrong class (an object's own points agree
with each other, see over_segment.py), so a second look at each proposal as one object can fix what
the per-block network cannot: it sees the object's whole extent, its height above the floor and its
colour together.

Inputs of a proposal of P points (any P >= 1):
- per point: x, y from the footprint centre, z from the lowest point (metres, not normalised: size
  is what tells a table from a desk or a cabinet), rgb / 255 - 0.5 (0 without colour), and the
  point's height above the scene's floor;
- with `local_shape`, also the point's vertical, linear and planar features (`datasets/local_shape.py`,
  the segmenter's geometric prior) of its neighbourhood in the whole scene: what kind of surface it
  lies on, which a PointNet over the proposal's points alone cannot see;
- resampled to `POINTS` points (with repetition when fewer).
Outputs: logits over the boxed classes of ScanNet-20 plus a last class "none" (a piece of wall,
floor or clutter that a proposal should not have made). With `objects` (`ObjectFeatures`), the head
also reads what the object classifier, trained on thousands of complete shapes, makes of the
proposal's x, y, z.

Training samples are the real instances of the training rooms (ScanNet instance ids; S3DIS's
connected components per class) seen the way proposals see them: cut by a plane, thinned, rotated
about the up axis, scaled slightly, sometimes grown by the points around them; and pieces of wall
and floor as "none".
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .datasets.scene_labels import NAMES, UNBOXED
from .datasets.cls_data import ClsCache
from .datasets.local_shape import NAMES as SHAPE_NAMES, local_shape as surface_shape
from .datasets.scenes import Scene
from .datasets.sources import fetch_sweethome3d, resolve_source
from .datasets.synth_catalog import FurnitureCatalog
from .datasets.synth_scan import visible
from .manifest import load_manifest
from .models.pointnet_cls import PointNetCls, from_onnx
from .piece_proposals import piece_proposals
from .scene_instances import voxel_components

POINTS = 256
FEATURES = 7
SHAPE_FEATURES = len(SHAPE_NAMES)
BOXED = tuple(i for i, n in enumerate(NAMES) if n not in UNBOXED)
NONE = len(BOXED)  # output index of "none"
CLASSES = len(BOXED) + 1
STRUCTURE = tuple(NAMES.index(n) for n in UNBOXED)


S3DIS_POINTS = 100_000  # S3DIS rooms thinned to about a ScanNet scan's density


def thinned(scene: Scene, rng: np.random.Generator) -> Scene:
    """A training scene with at most S3DIS_POINTS points (a random subset, in order)."""
    if len(scene.xyz) <= S3DIS_POINTS:
        return scene
    keep = np.sort(rng.choice(len(scene.xyz), S3DIS_POINTS, replace=False))
    rgb = None if scene.rgb is None else scene.rgb[keep]
    instances = None if scene.instances is None else scene.instances[keep]
    return Scene(scene.name, scene.room, scene.source, scene.xyz[keep], rgb, scene.labels[keep], instances, scene.boxes)


def floor_height(xyz: np.ndarray) -> float:
    """The scene's floor: the 1st percentile of its heights (robust to a few points below it)."""
    return float(np.percentile(xyz[:, 2].astype(np.float64), 1)) if len(xyz) else 0.0


def even_sample(n: int, points: int = POINTS) -> np.ndarray:
    """`points` indices spread evenly over n points (each repeated in turn when fewer): the app's
    sampling, with no random state to keep in step between Python and TypeScript."""
    i = np.arange(points, dtype=np.int64)
    return i * n // points if n >= points else i % n


def scene_shape(xyz: np.ndarray) -> np.ndarray:
    """(P, SHAPE_FEATURES) local shape of every point of a z-up scene in metres: the segmenter's features on its
    grid size, the grid anchored at the scene's lowest corner (the app's segmenter anchors it at the room's floor)."""
    return surface_shape(xyz, xyz.min(axis=0)) if len(xyz) else np.zeros((0, SHAPE_FEATURES), dtype=np.float32)


def standing_shape(xyz: np.ndarray, spacing: float = 0.05, margin: float = 0.3) -> np.ndarray:
    """The local shape of a model's points (base at z = 0) as they would be in a room: with a floor
    under and around it (a grid `spacing` apart, `margin` past its footprint), which its lowest points see."""
    lo, hi = xyz[:, :2].min(0) - margin, xyz[:, :2].max(0) + margin
    gx, gy = np.meshgrid(np.arange(lo[0], hi[0], spacing), np.arange(lo[1], hi[1], spacing))
    floor = np.stack([gx.ravel(), gy.ravel(), np.zeros(gx.size)], 1)
    return scene_shape(np.concatenate([xyz.astype(np.float64), floor]))[: len(xyz)]


def proposal_tensor(xyz: np.ndarray, rgb: np.ndarray | None, floor: float, idx: np.ndarray,
                    shape: np.ndarray | None = None) -> np.ndarray:
    """(FEATURES, len(idx)) float32 of one proposal's points `idx`; with `shape` (every point's local
    shape, `scene_shape`), FEATURES + SHAPE_FEATURES."""
    p = xyz[idx].astype(np.float64)
    lo, hi = p.min(0), p.max(0)
    out = np.zeros((len(idx), FEATURES + (0 if shape is None else SHAPE_FEATURES)), dtype=np.float32)
    out[:, 0:2] = p[:, 0:2] - (lo[0:2] + hi[0:2]) / 2
    out[:, 2] = p[:, 2] - lo[2]
    if rgb is not None:
        out[:, 3:6] = rgb[idx].astype(np.float32) / 255 - 0.5
    out[:, 6] = p[:, 2] - floor
    if shape is not None:
        out[:, FEATURES:] = shape[idx]
    return out.T.copy()


class ObjectFeatures(nn.Module):
    """What the object classifier, trained on thousands of complete shapes, makes of a proposal's points:
    its penultimate activations and calibrated probabilities. The proposal's x, y, z (z up) are turned y
    up, centred on their mean and put on the unit sphere, the classifier's own input frame, inside the
    graph, so the app feeds the instance classifier the same tensor as before. Frozen: it keeps the
    function the object classifier was exported with."""

    def __init__(self, cls: PointNetCls, temperature: float):
        super().__init__()
        self.cls = cls
        self.temperature = temperature
        for q in self.cls.parameters():
            q.requires_grad_(False)
        self.width = cls.head[-1].in_features + cls.head[-1].out_features

    def train(self, mode: bool = True):
        return super().train(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xyz = torch.stack([x[:, 0], x[:, 2], -x[:, 1]], 1)
        xyz = xyz - xyz.mean(2, keepdim=True)
        radius = torch.sqrt((xyz * xyz).sum(1).amax(1)).clamp(min=1e-6)
        pen = self.cls.penultimate(self.cls.embed(xyz / radius[:, None, None]))
        return torch.cat([pen, torch.softmax(self.cls.head[-1](pen) / self.temperature, 1)], 1)


def object_features(models: Path, cls_config: Path) -> ObjectFeatures:
    """ObjectFeatures of the shipped object classifier (models/manifest.json's `classifier` entry)."""
    entry = next(m for m in load_manifest(models / "manifest.json")["models"] if m["id"] == "classifier")
    cls = from_onnx(str(models / entry["file"]), json.loads(cls_config.read_text())["model"], len(entry["classes"]))
    return ObjectFeatures(cls, entry["calibration"]["temperature"])


class InstanceNet(nn.Module):
    def __init__(self, width: int = 256, dropout: float = 0.3, objects: ObjectFeatures | None = None, local_shape: bool = False):
        super().__init__()
        self.local_shape = local_shape
        self.point = nn.Sequential(
            nn.Conv1d(FEATURES + SHAPE_FEATURES * local_shape, 64, 1), nn.BatchNorm1d(64), nn.ReLU(),
            nn.Conv1d(64, 128, 1), nn.BatchNorm1d(128), nn.ReLU(),
            nn.Conv1d(128, width, 1), nn.BatchNorm1d(width), nn.ReLU())
        self.objects = objects
        self.head = nn.Sequential(
            nn.Linear(width + (objects.width if objects else 0), 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(128, CLASSES))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = torch.amax(self.point(x), 2)
        if self.objects is not None:
            f = torch.cat([f, self.objects(x)], 1)
        return self.head(f)


def scene_instances(scene: Scene, min_points: int = 30, voxel: float = 0.1) -> list[tuple[np.ndarray, int]]:
    """(point indices, output class) of each real object instance of a scene: ScanNet's instance ids,
    or the connected components of each boxed class where a scene has none (S3DIS)."""
    out = []
    if scene.instances is not None:
        order = np.argsort(scene.instances, kind="stable")
        ids, starts = np.unique(scene.instances[order], return_index=True)
        for i, s, e in zip(ids, starts, np.append(starts[1:], len(order))):
            idx = order[s:e]
            idx = idx[scene.labels[idx] >= 0]
            if i == 0 or len(idx) < min_points:
                continue
            label = int(np.bincount(scene.labels[idx]).argmax())
            if label in BOXED:
                out.append((idx[scene.labels[idx] == label], BOXED.index(label)))
        return out
    cells = np.floor(scene.xyz.astype(np.float64) / voxel).astype(np.int64)
    for c in BOXED:
        pts = np.nonzero(scene.labels == c)[0]
        if len(pts) < min_points:
            continue
        slot = voxel_components(cells[pts])
        for s in range(int(slot.max()) + 1):
            members = pts[slot == s]
            if len(members) >= min_points:
                out.append((members, BOXED.index(c)))
    return out


# catalog classes whose models stand on the floor (base at z = 0), as they stand in a room
CATALOG_CLASSES = tuple(NAMES.index(n) for n in ("cabinet", "bed", "chair", "sofa", "table", "door", "bookshelf", "desk",
                                                 "refrigerator", "toilet", "sink", "bathtub", "otherfurniture"))


@dataclass
class ModelView:
    xyz: np.ndarray  # float32 (P, 3), base at z = 0 (the floor)
    rgb: np.ndarray  # uint8 (P, 3)
    label: int  # output class


def furniture_catalog(cfg: dict, data: Path, work: Path) -> FurnitureCatalog:
    """The Sweet Home 3D catalogs of the synthetic rooms' config (fetched as Debian packages on first use)."""
    rooms = cfg["synthetic_rooms"]
    return FurnitureCatalog(fetch_sweethome3d(resolve_source(rooms["sh3d"], data, work), rooms["packages"]))


def _scanned(points: np.ndarray, footprint: float, spacing: float, rng: np.random.Generator) -> np.ndarray | None:
    """Indices of a model's points (base at z = 0) that a handheld scan keeps: those seen from one or
    two standing viewpoints 1-3 m away (hidden surfaces dropped), thinned to 150-1,500 points like an
    object of a 50k-point ScanNet scan; None where fewer than 30 are seen."""
    eyes = []
    for _ in range(rng.integers(1, 3)):
        a, d = rng.uniform(0, 2 * np.pi), rng.uniform(1.0, 3.0) + footprint / 2
        eyes.append([d * np.cos(a), d * np.sin(a), rng.uniform(1.2, 1.7)])
    seen = np.nonzero(visible(points.astype(np.float64), np.array(eyes), spacing))[0]
    if len(seen) < 30:
        return None
    return rng.choice(seen, min(len(seen), int(rng.uniform(150, 1500))), replace=False)


def catalog_views(catalog: FurnitureCatalog, views: int, rng: np.random.Generator) -> list[ModelView]:
    """Each floor-standing catalog model seen the way a handheld scan sees it (`_scanned`), lit from above."""
    out = []
    for c in CATALOG_CLASSES:
        for i in catalog.pool(c):
            m = catalog.model(i)
            shade = 0.6 + 0.4 * np.abs(m.normals[:, 2:3])
            for _ in range(views):
                keep = _scanned(m.points, max(m.size[0], m.size[1]), 1 / np.sqrt(catalog.density), rng)
                if keep is None:
                    continue
                rgb = np.clip(m.albedo[keep] * shade[keep] * 255, 0, 255).astype(np.uint8)
                out.append(ModelView(m.points[keep].astype(np.float32), rgb, BOXED.index(c)))
    return out


# the object classifier's cached classes that are boxed ScanNet-20 classes (dressers and night stands
# are ScanNet cabinets), from the sources other than Sweet Home 3D, whose models the catalog already holds
SHAPE_CLASSES = {"bathtub": "bathtub", "bed": "bed", "bookshelf": "bookshelf", "chair": "chair", "desk": "desk",
                 "door": "door", "dresser": "cabinet", "night_stand": "cabinet", "sink": "sink", "sofa": "sofa",
                 "table": "table", "toilet": "toilet"}
SHAPE_SOURCES = ("modelnet40", "cc-object-models", "shapenetcore")
GREY = 128


def _spacing(points: np.ndarray, sample: int = 200) -> float:
    """The median distance from the first `sample` points (the cache's are in random order) to their nearest other point."""
    d2 = ((points[:sample, None] - points[None]) ** 2).sum(-1)
    d2[d2 == 0] = np.inf
    return float(np.median(np.sqrt(d2.min(1))))


def shape_views(cache: ClsCache, catalog: FurnitureCatalog, views: int, rng: np.random.Generator) -> list[ModelView]:
    """The object classifier's training shapes of boxed classes (`SHAPE_CLASSES`; its TRAIN split
    only) seen as partial scans, as `catalog_views` sees the catalog. They come normalised to the unit
    sphere with y up, so each view is turned to z up and scaled to the height of a random catalog
    model of its class (times 0.9-1.1): the catalog's real sizes are the prior. They have no colour:
    grey, which the sampler's colour augmentation tints."""
    heights = {c: [catalog.entries[i][1].size[1] / 100 for i in catalog.pool(c)] for c in CATALOG_CLASSES}
    out = []
    for k, row in enumerate(cache.index):
        if row["split"] != "train" or row["source"] not in SHAPE_SOURCES or row["label"] not in SHAPE_CLASSES:
            continue
        c = NAMES.index(SHAPE_CLASSES[row["label"]])
        if not heights.get(c):
            continue
        p = cache.shape(k).astype(np.float64)
        p = np.stack([p[:, 0], -p[:, 2], p[:, 1]], 1)
        p /= max(np.ptp(p[:, 2]), 1e-6)  # unit height
        for _ in range(views):
            q = p * (heights[c][rng.integers(len(heights[c]))] * rng.uniform(0.9, 1.1))
            q -= [(q[:, 0].min() + q[:, 0].max()) / 2, (q[:, 1].min() + q[:, 1].max()) / 2, q[:, 2].min()]
            keep = _scanned(q, max(np.ptp(q[:, 0]), np.ptp(q[:, 1])), _spacing(q), rng)
            if keep is not None:
                out.append(ModelView(q[keep].astype(np.float32), np.full((len(keep), 3), GREY, np.uint8), BOXED.index(c)))
    return out


def model_views(cfg: dict, data: Path, work: Path, views: int, shape_views_each: int) -> tuple[list[ModelView], list[ModelView]]:
    """The catalog's views (`catalog_views`, `views` each) and, with `shape_views_each`, the object
    classifier's shapes' (`shape_views`; its cache, work/cls, from `make cls-data`)."""
    catalog = furniture_catalog(cfg, data, work)
    from_catalog = catalog_views(catalog, views, np.random.default_rng(7))
    if not shape_views_each:
        return from_catalog, []
    if not (work / "cls" / "index.json").exists():
        raise SystemExit(f"{work / 'cls'} is missing: run `make cls-data` first (instances.shape_views needs its shapes)")
    return from_catalog, shape_views(ClsCache.load(work), catalog, shape_views_each, np.random.default_rng(8))


def labelled_proposals(scene: Scene, members: list[np.ndarray], positive: float = 0.5,
                       negative: float = 0.25) -> list[tuple[np.ndarray, int]]:
    """(point indices, output class) of the proposals of a training scene that are clearly one true
    instance (point IoU at least `positive`: its class) or clearly none (below `negative` with every
    instance: "none"); the ones in between teach nothing certain and are left out."""
    instance = np.full(len(scene.xyz), -1, dtype=np.int64)
    truth = scene_instances(scene)
    for i, (idx, _) in enumerate(truth):
        instance[idx] = i
    sizes = np.array([len(idx) for idx, _ in truth], dtype=np.float64)
    out = []
    for m in members:
        hit = instance[m]
        hit = hit[hit >= 0]
        if len(hit) == 0:
            out.append((m, NONE))
            continue
        inter = np.bincount(hit, minlength=len(truth)).astype(np.float64)
        iou = inter / (len(m) + sizes - inter)
        best = int(np.argmax(iou))
        if iou[best] >= positive:
            out.append((m, truth[best][1]))
        elif iou[best] < negative:
            out.append((m, NONE))
    return out


def piece_examples(scenes: list[Scene], probabilities_of, params, min_points: int,
                   positive: float = 0.5) -> list[tuple[int, np.ndarray, int]]:
    """(scene index, point indices, output class) of the labelled piece proposals of training scenes,
    grown from `probabilities_of(scene)` (a segmenter's per-point probabilities): the sampler's
    `proposals`, a class where they overlap a true instance by `positive`."""
    out = []
    for j, sc in enumerate(scenes):
        found = piece_proposals(sc.xyz, sc.rgb, probabilities_of(sc), params, min_points)
        out += [(j, m, c) for m, c in labelled_proposals(sc, found, positive)]
    return out


class ProposalSampler:
    """Training samples drawn from scenes: a class chosen with probability ~ sqrt(its instance count),
    one of its instances seen as a proposal would see it; "none" drawn as often as an average class.
    With `proposals` ((scene, point indices, output class) of real proposals of the training scenes,
    `labelled_proposals`), a share `proposal_share` of the draws is one of them instead, half of
    those "none" (pieces of objects, objects joined, clutter: what the app's proposals get wrong)."""

    def __init__(self, scenes: list[Scene], rng: np.random.Generator, models: list[ModelView] = (), model_share: float = 0.5,
                 proposals: list[tuple[int, np.ndarray, int]] = (), proposal_share: float = 0.0, local_shape: bool = False):
        self.proposals = ([p for p in proposals if p[2] != NONE], [p for p in proposals if p[2] == NONE])
        self.proposal_share = proposal_share if all(self.proposals) else 0.0
        self.scenes = scenes
        self.models: dict[int, list[ModelView]] = {}
        for v in models:
            self.models.setdefault(v.label, []).append(v)
        self.model_share = model_share
        self.floors = [floor_height(s.xyz) for s in scenes]
        # local shape is left alone by the turns about the up axis and the scaling of `_augmented`, so it is computed once
        self.features = FEATURES + SHAPE_FEATURES * local_shape
        self.shapes = [scene_shape(s.xyz) if local_shape else None for s in scenes]
        self.view_shapes = {id(v): standing_shape(v.xyz) for v in models} if local_shape else {}
        self.items: dict[int, list[tuple[int, np.ndarray]]] = {}
        self.structure: list[tuple[int, np.ndarray]] = []
        for k, s in enumerate(scenes):
            for idx, c in scene_instances(s):
                self.items.setdefault(c, []).append((k, idx))
            wall_floor = np.nonzero(np.isin(s.labels, STRUCTURE))[0]
            if len(wall_floor):
                self.structure.append((k, wall_floor))
        self.classes = sorted(set(self.items) | set(self.models))
        counts = [np.sqrt(len(self.items.get(c, ())) + len(self.models.get(c, ()))) for c in self.classes]
        weights = np.array(counts + [np.mean(counts)])
        self.weights = weights / weights.sum()
        self.rng = rng

    def counts(self) -> dict[str, int]:
        return {NAMES[BOXED[c]]: (len(self.items.get(c, ())), len(self.models.get(c, ()))) for c in self.classes}

    def _seen_as_proposal(self, k: int, idx: np.ndarray) -> np.ndarray:
        rng, xyz = self.rng, self.scenes[k].xyz
        p = xyz[idx].astype(np.float64)
        if rng.random() < 0.3:  # grown by the points around it, as a proposal that ran over
            lo, hi = p.min(0) - rng.uniform(0, 0.15), p.max(0) + rng.uniform(0, 0.15)
            idx = np.nonzero(np.all((xyz >= lo) & (xyz <= hi), axis=1))[0]
            p = xyz[idx].astype(np.float64)
        if rng.random() < 0.6:  # cut by a plane, as a proposal that stopped short
            d = rng.normal(size=3)
            d[2] *= 0.3
            d /= np.linalg.norm(d)
            t = p @ d
            keep = t <= np.quantile(t, rng.uniform(0.5, 1.0))
            if keep.sum() >= 10:
                idx = idx[keep]
        return idx

    def _structure_piece(self) -> tuple[int, np.ndarray]:
        rng = self.rng
        k, pts = self.structure[rng.integers(len(self.structure))]
        xyz = self.scenes[k].xyz
        centre = xyz[pts[rng.integers(len(pts))]]
        half = np.array([rng.uniform(0.15, 1.0), rng.uniform(0.15, 1.0), rng.uniform(0.15, 1.2)])
        inside = np.all(np.abs(xyz[pts] - centre) <= half, axis=1)
        return k, pts[inside]

    def batch(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        rng = self.rng
        x = np.zeros((size, self.features, POINTS), dtype=np.float32)
        y = np.zeros(size, dtype=np.int64)
        for b in range(size):
            if self.proposal_share and rng.random() < self.proposal_share:
                pool = self.proposals[int(rng.random() < 0.5)]
                k, idx, label = pool[rng.integers(len(pool))]
                scene = self.scenes[k]
                x[b] = self._augmented(scene.xyz[idx].astype(np.float64), None if scene.rgb is None else scene.rgb[idx],
                                       self.floors[k], self._shape_of(k, idx))
                y[b] = label
                continue
            pick = rng.choice(len(self.weights), p=self.weights)
            if pick == len(self.classes):
                k, idx = self._structure_piece()
                label = NONE
            else:
                label = self.classes[pick]
                real = self.items.get(label, [])
                if label in self.models and (not real or rng.random() < self.model_share):
                    view = self.models[label][rng.integers(len(self.models[label]))]
                    x[b] = self._augmented(view.xyz.astype(np.float64), view.rgb, 0.0, self.view_shapes.get(id(view)))
                    y[b] = label
                    continue
                k, idx = real[rng.integers(len(real))]
                idx = self._seen_as_proposal(k, idx)
            scene = self.scenes[k]
            x[b] = self._augmented(scene.xyz[idx].astype(np.float64), None if scene.rgb is None else scene.rgb[idx],
                                   self.floors[k], self._shape_of(k, idx))
            y[b] = label
        return x, y

    def _shape_of(self, k: int, idx: np.ndarray) -> np.ndarray | None:
        return None if self.shapes[k] is None else self.shapes[k][idx]

    def _augmented(self, p: np.ndarray, rgb: np.ndarray | None, floor: float, shape: np.ndarray | None = None) -> np.ndarray:
        rng = self.rng
        a = rng.uniform(0, 2 * np.pi)
        rot = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
        scale = rng.uniform(0.9, 1.1)
        p = p @ rot.T * scale
        rgb = None if rgb is None or rng.random() < 0.1 else np.clip(
            rgb.astype(np.float64) * rng.uniform(0.8, 1.2) + rng.normal(0, 10, 3), 0, 255)
        return proposal_tensor(p, rgb, floor * scale, rng.choice(len(p), POINTS, replace=len(p) < POINTS), shape)


def train_instance_net(sampler: ProposalSampler, steps: int, batch: int = 32, lr: float = 1e-3, seed: int = 0,
                       log=None, objects: ObjectFeatures | None = None, local_shape: bool = False) -> InstanceNet:
    torch.manual_seed(seed)
    net = InstanceNet(objects=objects, local_shape=local_shape)
    opt = torch.optim.Adam([q for q in net.parameters() if q.requires_grad], lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    net.train()
    for step in range(steps):
        x, y = sampler.batch(batch)
        loss = nn.functional.cross_entropy(net(torch.from_numpy(x)), torch.from_numpy(y))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if log and step % 200 == 0:
            log(f"step {step}: loss {loss.item():.3f}")
    net.eval()
    return net


def quarter_turned(x: np.ndarray, k: int) -> np.ndarray:
    """Proposal tensors (B, FEATURES, N) turned k quarter turns about the up axis, about their footprint
    centre (where x and y are measured from): (x, y) -> (-y, x) each turn, exactly."""
    out = x.copy()
    for _ in range(k % 4):
        out[:, 0], out[:, 1] = -out[:, 1].copy(), out[:, 0].copy()
    return out


def classify_proposals(net: InstanceNet, xyz: np.ndarray, rgb: np.ndarray | None, members: list[np.ndarray], turns: int = 1) -> np.ndarray:
    """(K, CLASSES) softmax probabilities of each proposal (point indices into xyz), as the app computes
    them; with `turns` 2 or 4, the mean of the probabilities over that many equal turns about the up axis
    (test-time augmentation: the classifier was trained on proposals turned at random)."""
    if not members:
        return np.zeros((0, CLASSES))
    if turns not in (1, 2, 4):
        raise ValueError(f"turns must be 1, 2 or 4 (quarter turns are exact), not {turns}")
    floor = floor_height(xyz)
    shape = scene_shape(xyz) if net.local_shape else None
    x = np.stack([proposal_tensor(xyz, rgb, floor, m[even_sample(len(m))], shape) for m in members])
    with torch.no_grad():
        probs = [torch.softmax(net(torch.from_numpy(quarter_turned(x, 4 // turns * t))), 1).numpy().astype(np.float64) for t in range(turns)]
    return np.mean(probs, axis=0)


def true_instance_accuracy(net: InstanceNet, scenes: list[Scene]) -> dict:
    """How often the classifier names the true instances of scenes right, from their own points; and
    the confusion (rows truth, columns the output class, "none" last)."""
    cm = np.zeros((CLASSES, CLASSES), dtype=np.int64)
    for sc in scenes:
        found = scene_instances(sc)
        if found:
            probs = classify_proposals(net, sc.xyz, sc.rgb, [m for m, _ in found])
            for p, (_, c) in zip(probs, found):
                cm[c, int(np.argmax(p))] += 1
    return {"accuracy": round(float(np.trace(cm) / max(cm.sum(), 1)), 4), "instances": int(cm.sum()),
            "confusion": cm.tolist()}
