"""`make cls-orientation-shapes`: the open-set protocol's shapes, for scripts/object-up-by-recognition.ts.

Writes work/cls/orientation/shapes.f32 (every listed shape's cached points, x y z float32, in the
canonical y-up frame) and parts.json: for each part (validation knowns, validation-unknown
classes, test knowns, test-unknown classes) the shapes' offsets into that file and their labels.
The parts are the ones `open_set_protocol` uses, so what the script chooses on validation never
saw a test shape or a test-unknown class.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from .. import open_set as osd
from ..datasets.cls_data import ClsCache, train_val_split
from ..open_set_protocol import unknown_rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    cfg = json.loads(Path(args.config).read_text())
    cache = ClsCache.load(Path(args.work))
    val_classes, test_classes = osd.split_unknown_classes(cache.unknown_classes())
    _, _, val_rows, _ = train_val_split(cache, cfg["val_fraction"])
    test_rows, _ = cache.served("test")
    parts = {
        "validation_known": val_rows,
        "validation_unknown": unknown_rows(cache, val_classes),
        "test_known": test_rows,
        "test_unknown": unknown_rows(cache, test_classes),
    }
    out = Path(args.work) / "cls" / "orientation"
    out.mkdir(parents=True, exist_ok=True)
    chunks, start, listing = [], 0, {}
    for part, rows in parts.items():
        entries = []
        for row in rows:
            pts = np.asarray(cache.shape(row), dtype=np.float32)
            entries.append({"row": row, "label": cache.index[row]["label"], "start": start, "count": len(pts)})
            chunks.append(pts)
            start += len(pts)
        listing[part] = entries
    np.concatenate(chunks).tofile(out / "shapes.f32")
    (out / "parts.json").write_text(json.dumps({"classes": cache.class_names(), "parts": listing}))
    print({k: len(v) for k, v in listing.items()})


if __name__ == "__main__":
    main()
