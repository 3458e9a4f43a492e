"""Reads the scenes of each split and caches their points and blocks under <work>/seg/.

Per split: `features.npy` (P, 9) float32 point features before block centring, `labels.npy`
(P,) int8, `instances.npy` (P,) int32 object instance ids unique across the split (0 = none; see
instance_bank), `members.npy` block member point indices (into the split's points), `offsets.npy`
(blocks + 1), `centres.npy` (blocks, 2), `block_scene.npy` and `scenes.json` (names, kinds).

`synthetic_rooms.count` rooms composed from Sweet Home 3D furniture (synth_rooms) join the training
split; `--synthetic_rooms N` overrides the count (0 prepares the real rooms alone, to measure what
the synthetic ones add).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np

from .datasets.scenes import Scene, read_scene
from .instance_bank import components_as_instances
from .scene_blocks import build_blocks, point_features
from .seg_split import split_scenes
from .step_args import step_args
from .synth_rooms import KIND as SYNTH_KIND, make_room, open_catalog, room_index


def prepare_split(read: Callable[[str, str], Scene], refs, out: Path, size: float, stride: float, min_points: int) -> dict:
    feats, labels, instances, members, counts, centres, block_scene, scenes = [], [], [], [], [], [], [], []
    base, next_instance = 0, 1
    for s, (kind, name) in enumerate(refs):
        scene = read(kind, name)
        blocks = build_blocks(scene.xyz, size, stride)
        feats.append(point_features(scene.xyz, scene.rgb, blocks.room).astype(np.float32))
        labels.append(scene.labels.astype(np.int8))
        ins = scene.instances if scene.instances is not None else components_as_instances(scene.xyz, scene.labels)
        instances.append(np.where(ins > 0, ins + next_instance, 0).astype(np.int32))
        next_instance += int(ins.max(initial=0)) + 1
        kept = 0
        for k in range(len(blocks.ids)):
            m = blocks.members(k)
            if len(m) < min_points:
                continue
            members.append(m + base)
            counts.append(len(m))
            centres.append(blocks.centre(k))
            block_scene.append(s)
            kept += 1
        scenes.append({"kind": kind, "name": name, "points": int(len(scene.xyz)), "blocks": kept,
                       "colour": scene.rgb is not None})
        base += len(scene.xyz)
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "features.npy", np.concatenate(feats))
    np.save(out / "labels.npy", np.concatenate(labels))
    np.save(out / "instances.npy", np.concatenate(instances))
    np.save(out / "members.npy", np.concatenate(members).astype(np.int32))
    np.save(out / "offsets.npy", np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))
    np.save(out / "centres.npy", np.asarray(centres, dtype=np.float64))
    np.save(out / "block_scene.npy", np.asarray(block_scene, dtype=np.int32))
    (out / "scenes.json").write_text(json.dumps(scenes, indent=1) + "\n")
    return {"scenes": len(refs), "points": base, "blocks": len(counts)}


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
                             cfg["train"]["min_block_points"])
        print(part, info, flush=True)


if __name__ == "__main__":
    main()
