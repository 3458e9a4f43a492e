"""cc-object-models: openly licensed OBJ meshes listed in `index.csv` with their ModelNet40 class
(already y up)."""
from __future__ import annotations

import csv
from pathlib import Path

from .obj_mesh import parse_obj
from .record import ObjectRecord


def cc_object_records(root: Path, include_borderline: bool = True) -> list[ObjectRecord]:
    records = []
    with open(root / "index.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["confidence"] != "strong" and not include_borderline:
                continue
            path = root / row["file"]
            records.append(
                ObjectRecord(
                    "cc-object-models",
                    row["file"],
                    row["modelnet40_class"],
                    lambda p=path: parse_obj(p.read_text(encoding="latin-1")),
                )
            )
    return records
