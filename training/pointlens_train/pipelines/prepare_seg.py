"""Reads the scenes of each split and caches their points and blocks under <work>/seg/<split>
(datasets.block_cache describes the files).

`synthetic_rooms.count` rooms composed from Sweet Home 3D furniture (synth_rooms) join the training
split; `--synthetic_rooms N` overrides the count (0 prepares the real rooms alone, to measure what
the synthetic ones add).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..datasets.block_cache import prepare_split
from ..datasets.scenes import Scene, read_scene
from ..datasets.seg_split import split_scenes
from ..datasets.synth_rooms import KIND as SYNTH_KIND, make_room, open_catalog, room_index
from ..step_args import step_args


def main() -> None:
    args, cfg = step_args("data", "work", synthetic_rooms="")
    data, work = Path(args.data), Path(args.work) / "seg"
    spec = cfg.get("synthetic_rooms", {"count": 0})
    count = int(args.synthetic_rooms or spec["count"])
    catalog = open_catalog(spec, data, Path(args.work)) if count else None

    def read(kind: str, name: str) -> Scene:
        if kind == SYNTH_KIND:
            return make_room(catalog, spec["seed"], room_index(name), spec["points"])
        return read_scene(data, kind, name)

    parts = split_scenes(data, cfg["split"], count)
    (work).mkdir(parents=True, exist_ok=True)
    (work / "split.json").write_text(json.dumps(parts, indent=1) + "\n")
    for part in ("train", "val"):
        info = prepare_split(read, parts[part], work / part, cfg["block"]["size"], cfg["block"]["stride"],
                             cfg["train"]["min_block_points"], cfg["train"].get("level", False),
                             cfg["train"].get("colour_balance", False))
        print(part, info, flush=True)


if __name__ == "__main__":
    main()
