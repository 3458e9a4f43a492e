"""Which scenes train, select and test the segmenter. Split by room, never by scan: rescans of a
room (sceneXXXX_01, _02, the full-resolution scene0000 scans) go wherever their room goes.
Synthetic rooms only ever train: validation and test stay real scans."""
from __future__ import annotations

from pathlib import Path

from .scenes import full_resolution_scans, s3dis_rooms, scannet_room, scannet_scans
from .synth_rooms import KIND as SYNTH_KIND, room_name

# (reader kind, scan or room name)
SceneRef = tuple[str, str]


def split_scenes(data: Path, split: dict, synthetic_rooms: int = 0) -> dict[str, list[SceneRef]]:
    test, val = set(split["scannet_test_rooms"]), set(split["scannet_val_rooms"])
    s3_test, s3_val = set(split["s3dis_test_rooms"]), set(split["s3dis_val_rooms"])
    out: dict[str, list[SceneRef]] = {"train": [], "val": [], "test": [], "test_s3dis": []}

    def scannet_part(room: str) -> str:
        return "test" if room in test else "val" if room in val else "train"

    for scan in scannet_scans(data):
        out[scannet_part(scannet_room(scan))].append(("scannet", scan))
    for scan in full_resolution_scans(data):
        out[scannet_part(scannet_room(scan))].append(("scannet_full", scan))
    for room in s3dis_rooms(data):
        part = "test_s3dis" if room in s3_test else "val" if room in s3_val else "train"
        out[part].append(("s3dis", room))
    out["train"] += [(SYNTH_KIND, room_name(i)) for i in range(synthetic_rooms)]
    return out


def room_of_ref(ref: SceneRef) -> str:
    kind, name = ref
    return name if kind in ("s3dis", SYNTH_KIND) else scannet_room(name)
