"""`make cls-data`: every object source -> one cache of surface samples in the canonical frame.

Writes work/cls/points.npy (all shapes' points, concatenated), offsets.npy and index.json (per
shape: source, key, label, split, geometry hash), plus classes.json: the classes served, each
with its train/test counts. The Sweet Home 3D packages are fetched here with apt-get and
unpacked with dpkg, so nothing that can be fetched is committed.
"""
from __future__ import annotations

import dataclasses
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from ..datasets.cc_objects import cc_object_records
from ..datasets.modelnet import modelnet40_records
from ..datasets.record import Mesh, ObjectRecord
from ..datasets.sh3d import sweethome3d_records
from ..datasets.shapenet import shapenet_records
from ..geometry import geometry_hash, normalize_unit_sphere, sample_surface
from ..datasets.mappings import (
    MODELNET40_CLASSES, OPEN_SET_CLASSES, OUTLIER_PREFIX, OUTLIER_SPLIT, shapenet_map, sweethome3d_map, sweethome3d_outlier_map,
)
from ..datasets.sources import fetch_sweethome3d, resolve_source
from ..datasets.splits import stratified_hash_split
from ..step_args import step_args

# When one mesh turns up in several sources, the first source in this order keeps it.
SOURCE_PRIORITY = ("modelnet40", "shapenetcore", "cc-object-models", "sweethome3d")


def collect_records(cfg: dict, data: Path, work: Path) -> list[ObjectRecord]:
    src = cfg["sources"]
    records: list[ObjectRecord] = []
    if "modelnet40" in src:
        records += modelnet40_records(resolve_source(src["modelnet40"], data, work))
    if "shapenetcore" in src:
        records += shapenet_records(resolve_source(src["shapenetcore"], data, work), shapenet_map())
    if "cc-object-models" in src:
        records += cc_object_records(resolve_source(src["cc-object-models"], data, work))
    if "sweethome3d" in src:
        root = fetch_sweethome3d(resolve_source(src["sweethome3d"], data, work), cfg["sweethome3d_packages"])
        records += sweethome3d_records(root, sweethome3d_map())
        if cfg.get("sweethome3d_outliers"):
            outliers = sweethome3d_records(root, sweethome3d_outlier_map())
            records += [dataclasses.replace(r, split=OUTLIER_SPLIT) for r in outliers]
    unknown = {r.label for r in records if not r.label.startswith(OUTLIER_PREFIX)} - set(MODELNET40_CLASSES) - set(OPEN_SET_CLASSES)
    if unknown:
        raise ValueError(f"labels outside ModelNet40 and the open-set classes: {sorted(unknown)}")
    # Open-set shapes come after the ModelNet40 classes and outlier-exposure shapes after them, so
    # that adding either leaves the surface samples of every shape before them as they were (one
    # random generator runs through the records in this order).
    return sorted(records, key=lambda r: (r.split == OUTLIER_SPLIT, r.label in OPEN_SET_CLASSES, SOURCE_PRIORITY.index(r.source)))


def shape_points(record: ObjectRecord, n: int, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """Surface points in the unit sphere, and the geometry hash used for de-duplication and splitting."""
    shape = record.load()
    if isinstance(shape, Mesh):
        return normalize_unit_sphere(sample_surface(shape, n, rng))[0], geometry_hash(shape.vertices)
    return normalize_unit_sphere(shape[:n])[0], geometry_hash(shape)


def dedupe_and_split(index: list[dict], test_fraction: float, min_test: int, min_train: int) -> list[int]:
    """Drops repeats of a geometry (the first, in SOURCE_PRIORITY order, stays) and gives every
    shape without an official split its side, in place; returns the positions kept."""
    keep, seen = [], set()
    for i, r in enumerate(index):
        if r["hash"] not in seen:
            seen.add(r["hash"])
            keep.append(i)
    unsplit = [(index[i]["hash"], index[i]["label"]) for i in keep if index[i]["split"] is None]
    assigned = stratified_hash_split(unsplit, test_fraction, min_test, min_train)
    for i in keep:
        index[i]["split"] = index[i]["split"] or assigned[index[i]["hash"]]
    return keep


def served_classes(index: list[dict], min_train: int, min_test: int) -> list[dict]:
    train = Counter(r["label"] for r in index if r["split"] == "train")
    test = Counter(r["label"] for r in index if r["split"] == "test")
    return [
        {"name": c, "train": train[c], "test": test[c]}
        for c in MODELNET40_CLASSES
        if train[c] >= min_train and test[c] >= min_test
    ]


def main() -> None:
    args, cfg = step_args("data", "work")
    data, work = Path(args.data), Path(args.work)
    out = work / "cls"
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    rng = np.random.default_rng(cfg["seed"])

    records = collect_records(cfg, data, work)
    index, chunks, skipped = [], [], Counter()
    for rec in records:
        try:
            pts, ghash = shape_points(rec, cfg["cache_points"], rng)
        except ValueError as err:
            print(f"skip {rec.source}:{rec.key}: {err}")
            skipped["unreadable"] += 1
            continue
        index.append({"source": rec.source, "key": rec.key, "label": rec.label, "split": rec.split, "hash": ghash})
        chunks.append(pts)
    keep = dedupe_and_split(index, cfg["test_fraction"], cfg["min_test"], cfg["min_train"])
    skipped["duplicate geometry"] = len(index) - len(keep)
    index, chunks = [index[i] for i in keep], [chunks[i] for i in keep]

    offsets = np.cumsum([0] + [len(c) for c in chunks]).astype(np.int64)
    np.save(out / "points.npy", np.concatenate(chunks).astype(np.float32))
    np.save(out / "offsets.npy", offsets)
    (out / "index.json").write_text(json.dumps(index, indent=0))
    classes = served_classes(index, cfg["min_train"], cfg.get("serve_min_test", cfg["min_test"]))
    (out / "classes.json").write_text(json.dumps(classes, indent=2))

    by_source = Counter((r["source"], r["split"]) for r in index)
    print(f"{len(index)} shapes kept, skipped: {dict(skipped)}")
    for (source, split), n in sorted(by_source.items()):
        print(f"  {source:18s} {split:5s} {n}")
    print(f"{len(classes)} classes served: " + ", ".join(f"{c['name']} {c['train']}/{c['test']}" for c in classes))
    print(f"prepare_cls took {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
