"""ShapeNetCore v2 meshes: `<synset or class>/<id>/models/model_normalized.obj` as released, or the
flattened `<class>/<id>/model_normalized.obj`. ShapeNetCore v2 is y up already."""
from __future__ import annotations

from pathlib import Path

from .obj_mesh import parse_obj
from .record import ObjectRecord


def shapenet_records(root: Path, class_map: dict[str, str]) -> list[ObjectRecord]:
    records = []
    for category in sorted(p for p in root.iterdir() if p.is_dir()):
        label = class_map.get(category.name)
        if label is None:
            continue
        for model in sorted(p for p in category.iterdir() if p.is_dir()):
            path = next((p for p in (model / "models/model_normalized.obj", model / "model_normalized.obj") if p.exists()), None)
            if path is not None:
                records.append(
                    ObjectRecord(
                        "shapenetcore",
                        f"{category.name}/{model.name}",
                        label,
                        lambda p=path: parse_obj(p.read_text(encoding="latin-1")),
                    )
                )
    return records
