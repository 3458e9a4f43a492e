"""Readers for the labelled indoor scenes: ScanNet (VoteNet's 50k-point scans and the full-resolution
scans of scene0000) and S3DIS Area 6. Each gives a `Scene` with labels already on ScanNet's 20
classes (-1 = ignored).

A ScanNet "room" is the sceneXXXX part of sceneXXXX_YY: the _YY scans are rescans of the same room,
so every split below is by room.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .scene_labels import map_nyu40, read_s3dis_mapping


@dataclass
class Scene:
    name: str  # scan name, e.g. scene0007_00 or Area_6_office_1
    room: str  # split unit
    source: str  # "scannet" | "s3dis"
    xyz: np.ndarray  # float32 (P, 3), metres, z up
    rgb: np.ndarray | None  # uint8 (P, 3)
    labels: np.ndarray  # int64 (P,), ScanNet-20 index or -1
    instances: np.ndarray | None  # int64 (P,), 0 = none
    boxes: np.ndarray | None  # float64 (K, 7): centre, size, NYU40 id


def scannet_room(scan: str) -> str:
    return scan.split("_")[0]


def scannet_scans(data: Path) -> list[str]:
    root = data / "scannet" / "scannet_train_detection_data"
    return sorted(p.name[: -len("_vert.npy")] for p in root.glob("*_vert.npy"))


def read_scannet(data: Path, scan: str, full_resolution: bool = False) -> Scene:
    if full_resolution:
        root, suffix, name = data / "scannet" / "full_resolution", "_all", f"{scan}_full"
    else:
        root, suffix, name = data / "scannet" / "scannet_train_detection_data", "", scan
    vert = np.load(root / f"{scan}_vert{suffix}.npy")
    sem = np.load(root / f"{scan}_sem_label{suffix}.npy")
    ins = np.load(root / f"{scan}_ins_label{suffix}.npy")
    return Scene(
        name=name,
        room=scannet_room(scan),
        source="scannet",
        xyz=np.ascontiguousarray(vert[:, :3], dtype=np.float32),
        rgb=np.clip(np.round(vert[:, 3:6]), 0, 255).astype(np.uint8),
        labels=map_nyu40(sem),
        instances=ins.astype(np.int64),
        boxes=np.load(root / f"{scan}_bbox.npy").astype(np.float64),
    )


def full_resolution_scans(data: Path) -> list[str]:
    root = data / "scannet" / "full_resolution"
    return sorted(p.name[: -len("_vert_all.npy")] for p in root.glob("*_vert_all.npy"))


def s3dis_rooms(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "s3dis-area6").iterdir() if (p / "coord.npy").exists())


def read_s3dis(data: Path, room: str) -> Scene:
    root = data / "s3dis-area6"
    lut = read_s3dis_mapping(root / "s3dis13_to_scannet20.txt")
    seg = np.load(root / room / "segment.npy").astype(np.int64)
    color = root / room / "color.npy"
    return Scene(
        name=room,
        room=room,
        source="s3dis",
        xyz=np.ascontiguousarray(np.load(root / room / "coord.npy"), dtype=np.float32),
        rgb=np.load(color).astype(np.uint8) if color.exists() else None,
        labels=lut[seg],
        instances=None,
        boxes=None,
    )


def read_scene(data: Path, kind: str, name: str) -> Scene:
    if kind == "scannet":
        return read_scannet(data, name)
    if kind == "scannet_full":
        return read_scannet(data, name, full_resolution=True)
    if kind == "s3dis":
        return read_s3dis(data, name)
    raise ValueError(f"unknown scene kind {kind}")
