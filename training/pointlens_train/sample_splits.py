"""Which part of a model's data each bundled sample is, so that the gallery's accuracy can be read
on held-out samples apart from the ones a model learned from: the object classifier's for objects,
the scene model's (by room) for scans.

- `train`: a shape the classifier was trained on; `validation`: one that chose its checkpoint,
  temperature and open-set threshold; `test`: a held-out shape of a served class.
- `validation-unknown` / `test-unknown`: a shape of a class the classifier does not serve, of a
  class the open-set threshold was chosen on, or of one it never saw (`open_set.split_unknown_classes`).

A sample is matched to the prepared cache by its source file: ModelNet40 by class and name (a
ModelNet10 mesh is the ModelNet40 shape of the same name), ShapeNetCore by synset and model id,
cc-object-models by its path. A sample of a served class that the cache does not hold is refused,
so no sample is called held out by mistake.
"""
from __future__ import annotations

from pathlib import PurePosixPath

from . import open_set as osd
from .datasets.cls_data import ClsCache, train_val_split


def classifier_key(source: str) -> tuple[str, str] | None:
    """The (source, key) of the cache row a sample's source file is, or None where no single shape is named."""
    parts = PurePosixPath(source).parts
    if parts[0] == "modelnet40_normal_resampled":
        return "modelnet40", f"{parts[1]}/{PurePosixPath(parts[-1]).stem}"
    if parts[0] == "modelnet-format-samples" and parts[1] == "ModelNet10":
        return "modelnet40", f"{parts[2]}/{PurePosixPath(parts[-1]).stem}"
    if parts[0] == "shapenetcore":
        return "shapenetcore", f"{parts[1]}/{parts[2]}"
    if parts[0] == "cc-object-models":
        return "cc-object-models", "/".join(parts[1:])
    return None


def classifier_splits(samples: list[dict], cache: ClsCache, val_fraction: float) -> dict[str, str]:
    """Each object sample's part of the classifier's data, by sample id."""
    served = set(cache.class_names())
    val_unknown, _ = osd.split_unknown_classes(cache.unknown_classes())
    train_rows, _, val_rows, _ = train_val_split(cache, val_fraction)
    part_of_row = {**{i: "train" for i in train_rows}, **{i: "validation" for i in val_rows}}
    row_of = {(r["source"], r["key"]): i for i, r in enumerate(cache.index)}
    splits = {}
    for s in samples:
        if s["kind"] != "object":
            continue
        if s["label"] not in served:
            splits[s["id"]] = "validation-unknown" if s["label"] in val_unknown else "test-unknown"
            continue
        key = classifier_key(s["source"])
        row = row_of.get(key) if key else None
        if row is None:
            raise ValueError(f"sample {s['id']} ({s['source']}) is no shape of the prepared classifier cache: its part of the data is unknown")
        splits[s["id"]] = "test" if cache.index[row]["split"] == "test" else part_of_row[row]
    return splits


def segmenter_split(room: str, split: dict, segmenter_rooms: set[str]) -> str:
    """A scene sample's part of the scene model's data, by its room (configs/seg.json `split`): a test or
    validation room, a training room, or `test` too for a room the scene model's data does not hold."""
    if room in split["scannet_test_rooms"] or room in split["s3dis_test_rooms"]:
        return "test"
    if room in split["scannet_val_rooms"] or room in split["s3dis_val_rooms"]:
        return "validation"
    return "train" if room in segmenter_rooms else "test"
