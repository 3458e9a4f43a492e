"""Read-modify-write of models/manifest.json, one model entry at a time.

Several pipelines (classifier, scene segmentation) write the same manifest; each replaces only
the entry with its own id, so their runs do not undo each other.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def load_manifest(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    if not path.exists():
        return {"version": 1, "models": []}
    return json.loads(path.read_text())


def update_entry(path: str | Path, entry: dict[str, Any]) -> dict[str, Any]:
    """Replaces (or appends) the entry whose `id` matches `entry["id"]`; keeps the others and their order."""
    path = Path(path)
    manifest = load_manifest(path)
    models = manifest.setdefault("models", [])
    for i, existing in enumerate(models):
        if existing.get("id") == entry["id"]:
            models[i] = entry
            break
    else:
        models.append(entry)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2) + "\n")
    os.replace(tmp, path)  # atomic, so a concurrent reader never sees half a file
    return manifest
