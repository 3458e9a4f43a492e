"""Build the app's bundled samples (`samples/`) and their index from the real datasets.

Every pick is fixed below, so two runs give byte-identical files. Run as
`make -C training samples`.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..datasets.cls_data import ClsCache
from ..datasets.scan_ply import write_scan_ply
from ..datasets.scenes import s3dis_rooms, scannet_room, scannet_scans
from ..sample_splits import classifier_splits, segmenter_split

CITATIONS = {
    "ModelNet40": 'Wu et al., "3D ShapeNets: A Deep Representation for Volumetric Shapes", CVPR 2015',
    "ShapeNetCore": 'Chang et al., "ShapeNet: An Information-Rich 3D Model Repository", arXiv 1512.03012',
    "ScanNet": 'Dai et al., "ScanNet: Richly-annotated 3D Reconstructions of Indoor Scenes", CVPR 2017',
    "S3DIS": 'Armeni et al., "3D Semantic Parsing of Large-Scale Indoor Spaces", CVPR 2016',
}
LICENCES = {
    "ModelNet40": "Princeton ModelNet terms: research and non-commercial use",
    "ShapeNetCore": "ShapeNet terms of use: research and non-commercial use",
    "ScanNet": "ScanNet terms of use: research and non-commercial use",
    "S3DIS": "Stanford S3DIS terms: research and non-commercial use",
}

# One shape a class; classes the classifier is expected to serve.
MODELNET_CLASSES = [
    "airplane", "bathtub", "bench", "chair", "table", "sofa",
    "bed", "monitor", "toilet", "guitar", "lamp", "piano",
]
# (ShapeNet class folder, model id, ModelNet40 name); all < 1.5 MB without textures.
SHAPENET_PICKS = [
    ("chair", "356fc758685e9054347185e772ead5bd", "chair"),
    ("aeroplane", "4de5861211ad5b95e7ef9fff09638f8e", "airplane"),
    ("bench", "a857f9d4838b885f2056b4bd5d870b47", "bench"),
    ("toilet", "ae9e1ff1ae0b0a8f6ee473575a9f31bd", "toilet"),
    ("bathtub", "bdac92a52bc53cb4b362845c6edb57fc", "bathtub"),
    ("vase", "18b41cb029cf7f6c2b151d8b52c53b90", "vase"),
]
CC_PICKS = [
    "kenney-furniture-kit/obj__toilet.obj",
    "kenney-furniture-kit/obj__computerScreen.obj",
    "quaternius-glb-showcase/house_interior_pack__Couch_Medium1.obj",
    "quaternius-glb-showcase/house_interior_pack__Light_Floor1.obj",
    "gso-subset-brinashong/ACE_Coffee_Mug_Kristen_16_oz_cup__model.obj",
]
# Rooms scene0007-scene0009 are the scene model's held-out rooms, so the app shows them unseen.
SCANNET_PLY_SCANS = ["scene0007_00", "scene0008_00", "scene0009_00"]
SCANNET_NPY_SCAN = "scene0009_01"
SCANNET_LAS_SCAN = "scene0009_02"
# A scan without labels as its dataset hands it out: float32 x y z r g b records and nothing else.
SCANNET_BIN_SCAN = "scene0706_00"
S3DIS_ROOM = "Area_6_pantry_1"
OFF_PICK = "bathtub_0002"
DEFAULT_ID = "shapenet-chair-356fc758"


@dataclass
class Sample:
    id: str
    name: str
    file: str
    dataset: str
    format: str
    kind: str
    label: str
    points: int
    faces: int
    source: str
    upAxis: str
    licence: str = ""
    citation: str = ""
    companions: list[str] = field(default_factory=list)
    room: str | None = None

    def to_json(self, out: Path) -> dict:
        entry = {
            "id": self.id,
            "name": self.name,
            "file": self.file,
            "companions": self.companions,
            "dataset": self.dataset,
            "format": self.format,
            "kind": self.kind,
            "label": self.label,
            "points": self.points,
            "faces": self.faces,
            "bytes": (out / self.file).stat().st_size,
            "licence": self.licence or LICENCES[self.dataset],
            "citation": self.citation or CITATIONS.get(self.dataset, ""),
            "source": self.source,
            "upAxis": self.upAxis,
        }
        if self.room is not None:
            entry["room"] = self.room
        return entry


# --- writers -------------------------------------------------------------------------------

LAS_HEADER_SIZE = 227  # LAS 1.2, table 4.1
LAS_PDRF2_SIZE = 26    # point data record format 2: format 0 (20 bytes) + red, green, blue
LAS_SCALE = 0.001
# the ASPRS class "created, never classified": a scanner's export; the classes are ASPRS's (ground,
# building, vegetation...), which NYU40's room classes are not
LAS_NEVER_CLASSIFIED = 0


def las_header(count: int, lo: np.ndarray, hi: np.ndarray, software: str) -> bytes:
    """The public header block of ASPRS LAS 1.2 (https://www.asprs.org/a/society/committees/standards/asprs_las_format_v12.pdf)."""
    return struct.pack(
        "<4sHHIHH8sBB32s32sHHHIIBHI5I3d3d6d",
        b"LASF", 0, 0,
        0, 0, 0, b"\0" * 8,           # project GUID: none
        1, 2,                          # version 1.2
        b"pointlens".ljust(32, b"\0"),
        software.encode("ascii").ljust(32, b"\0"),
        0, 0,                          # creation day/year left unknown so rebuilds are byte-identical
        LAS_HEADER_SIZE, LAS_HEADER_SIZE, 0,
        2, LAS_PDRF2_SIZE, count,
        count, 0, 0, 0, 0,             # every point is a single (first) return
        LAS_SCALE, LAS_SCALE, LAS_SCALE,
        0.0, 0.0, 0.0,
        hi[0], lo[0], hi[1], lo[1], hi[2], lo[2],
    )


def write_las(path: Path, xyz: np.ndarray, rgb: np.ndarray, nyu40: np.ndarray) -> None:
    """LAS 1.2, point format 2: every point never classified, as the ASPRS classes name no room class; user data keeps the NYU40 id."""
    ints = np.round(xyz.astype(np.float64) / LAS_SCALE).astype(np.int32)
    rec = np.zeros(len(xyz), np.dtype([
        ("X", "<i4"), ("Y", "<i4"), ("Z", "<i4"), ("intensity", "<u2"), ("returns", "u1"),
        ("classification", "u1"), ("scan_angle", "i1"), ("user_data", "u1"),
        ("point_source", "<u2"), ("red", "<u2"), ("green", "<u2"), ("blue", "<u2"),
    ]))
    assert rec.dtype.itemsize == LAS_PDRF2_SIZE
    rec["X"], rec["Y"], rec["Z"] = ints[:, 0], ints[:, 1], ints[:, 2]
    rec["returns"] = 1 | (1 << 3)  # return 1 of 1
    rec["classification"] = LAS_NEVER_CLASSIFIED
    rec["user_data"] = nyu40
    # LAS colours are 16-bit; scaling by 256 keeps 8-bit readers that shift right by 8 exact.
    rec["red"], rec["green"], rec["blue"] = (rgb.astype(np.uint16) * 256).T
    scaled = ints * LAS_SCALE
    header = las_header(len(rec), scaled.min(0), scaled.max(0), "make_samples.py")
    path.write_bytes(header + rec.tobytes())


# --- helpers -------------------------------------------------------------------------------

def scan_rgb(vert: np.ndarray) -> np.ndarray:
    return np.clip(np.round(vert[:, 3:6]), 0, 255).astype(np.uint8)


def obj_counts(path: Path) -> tuple[int, int]:
    v = f = 0
    with path.open("rb") as fh:
        for line in fh:
            if line.startswith(b"v "):
                v += 1
            elif line.startswith(b"f "):
                f += 1
    return v, f


def text_rows(path: Path) -> int:
    return sum(1 for line in path.read_bytes().splitlines() if line.strip())


def first_present_shape(data: Path, cls: str) -> str:
    """The first test-split shape of a class that is present, else its first file."""
    root = data / "modelnet40_normal_resampled"
    for name in (root / "modelnet40_test.txt").read_text().split():
        if name.rsplit("_", 1)[0] == cls and (root / cls / f"{name}.txt").exists():
            return name
    return sorted(p.stem for p in (root / cls).glob("*.txt"))[0]


# --- builders ------------------------------------------------------------------------------

def build_modelnet(data: Path, out: Path) -> list[Sample]:
    samples = []
    for cls in MODELNET_CLASSES:
        shape = first_present_shape(data, cls)
        rel = f"modelnet40_normal_resampled/{cls}/{shape}.txt"
        dst = out / "modelnet40" / f"{shape}.txt"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data / rel, dst)
        samples.append(Sample(
            id=f"modelnet40-{shape.replace('_', '-')}", name=f"{cls.replace('_', ' ').capitalize()} (ModelNet40 {shape})",
            file=f"modelnet40/{shape}.txt", dataset="ModelNet40", format="xyz", kind="object",
            label=cls, points=text_rows(dst), faces=0, source=rel, upAxis="y"))
    return samples


def build_shapenet(data: Path, out: Path) -> list[Sample]:
    samples = []
    for folder, model, label in SHAPENET_PICKS:
        src = data / "shapenetcore" / folder / model
        short = model[:8]
        rel_dir = f"shapenet/{label}-{short}"
        (out / rel_dir).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / "model_normalized.obj", out / rel_dir / "model_normalized.obj")
        # Texture images are not bundled; dropping their map_ lines keeps loaders from fetching them.
        mtl = [l for l in (src / "model_normalized.mtl").read_bytes().splitlines(keepends=True)
               if not l.lstrip().lower().startswith(b"map_")]
        (out / rel_dir / "model_normalized.mtl").write_bytes(b"".join(mtl))
        v, f = obj_counts(out / rel_dir / "model_normalized.obj")
        samples.append(Sample(
            id=f"shapenet-{label}-{short}", name=f"{label.capitalize()} (ShapeNetCore {short})",
            file=f"{rel_dir}/model_normalized.obj", companions=[f"{rel_dir}/model_normalized.mtl"],
            dataset="ShapeNetCore", format="obj", kind="object", label=label, points=v, faces=f,
            source=f"shapenetcore/{folder}/{model}/model_normalized.obj", upAxis="y"))
    return samples


def build_cc_objects(data: Path, out: Path) -> list[Sample]:
    with (data / "cc-object-models" / "index.csv").open(newline="") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    samples = []
    for rel in CC_PICKS:
        row = rows[rel]
        pack, name = rel.split("/")
        dst = out / "cc-object-models" / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data / "cc-object-models" / rel, dst)
        v, f = obj_counts(dst)
        stem = name.removesuffix(".obj").split("__")[0 if pack.startswith("gso") else -1]
        samples.append(Sample(
            id=f"cc-{pack.split('-')[0]}-{stem.lower().replace('_', '-')}",
            name=f"{row['modelnet40_class'].replace('_', ' ').capitalize()} ({row['source'].split(',')[0].split(' (')[0]}: {stem})",
            file=f"cc-object-models/{name}", dataset="cc-object-models", format="obj",
            kind="object", label=row["modelnet40_class"], points=v, faces=f,
            source=f"cc-object-models/{rel}", upAxis="y", licence=row["licence"],
            citation=row["source"]))
    return samples


def build_scannet(data: Path, out: Path) -> list[Sample]:
    det = data / "scannet" / "scannet_train_detection_data"
    (out / "scannet").mkdir(parents=True, exist_ok=True)
    samples = []
    for scan in SCANNET_PLY_SCANS:
        vert = np.load(det / f"{scan}_vert.npy")
        sem = np.load(det / f"{scan}_sem_label.npy")
        ins = np.load(det / f"{scan}_ins_label.npy")
        write_scan_ply(out / "scannet" / f"{scan}.ply", vert[:, :3], scan_rgb(vert),
                       sem.astype(np.int32), ins.astype(np.int32),
                       [f"ScanNet v2 {scan}, VoteNet preprocessing (50,000 points, z up, metres)",
                        "label: NYU40 id (0 = unannotated); instance: instance id"])
        samples.append(Sample(
            id=f"scannet-{scan}", name=f"ScanNet {scan} (PLY)", file=f"scannet/{scan}.ply",
            dataset="ScanNet", format="ply", kind="scene", label="scene", points=len(vert), faces=0,
            source=f"scannet/scannet_train_detection_data/{scan}_vert.npy", upAxis="z",
            room=scan[:9]))

    scan = SCANNET_NPY_SCAN
    names = [f"{scan}_{k}.npy" for k in ("vert", "sem_label", "ins_label")]
    for n in names:
        shutil.copyfile(det / n, out / "scannet" / n)
    samples.append(Sample(
        id=f"scannet-{scan}-npy", name=f"ScanNet {scan} (NumPy arrays)", file=f"scannet/{names[0]}",
        companions=[f"scannet/{n}" for n in names[1:]], dataset="ScanNet", format="npy",
        kind="scene", label="scene", points=int(np.load(det / names[0], mmap_mode="r").shape[0]),
        faces=0, source=f"scannet/scannet_train_detection_data/{names[0]}", upAxis="z",
        room=scan[:9]))

    scan = SCANNET_LAS_SCAN
    vert = np.load(det / f"{scan}_vert.npy")
    sem = np.load(det / f"{scan}_sem_label.npy").astype(np.uint8)
    write_las(out / "scannet" / f"{scan}.las", vert[:, :3], scan_rgb(vert), sem)
    samples.append(Sample(
        id=f"scannet-{scan}-las", name=f"ScanNet {scan} (LAS)", file=f"scannet/{scan}.las",
        dataset="ScanNet", format="las", kind="scene", label="scene", points=len(vert), faces=0,
        source=f"scannet/scannet_train_detection_data/{scan}_vert.npy", upAxis="z",
        room=scan[:9]))

    scan = SCANNET_BIN_SCAN
    src = f"unlabeled_scannet_{scan}.bin"
    shutil.copyfile(data / "scannet" / src, out / "scannet" / f"{scan}.bin")
    rows = np.fromfile(out / "scannet" / f"{scan}.bin", dtype="<f4").reshape(-1, 6)
    samples.append(Sample(
        id=f"scannet-{scan}-bin", name=f"ScanNet {scan} (unlabelled, headerless float32)",
        file=f"scannet/{scan}.bin", dataset="ScanNet", format="bin", kind="scene", label="scene",
        points=len(rows), faces=0, source=f"scannet/{src}", upAxis="z", room=scan[:9]))
    return samples


def build_s3dis(data: Path, out: Path) -> list[Sample]:
    room = data / "s3dis-area6" / S3DIS_ROOM
    xyz = np.load(room / "coord.npy")
    rgb = np.load(room / "color.npy")
    dst = out / "s3dis" / f"{S3DIS_ROOM}.xyz"
    dst.parent.mkdir(parents=True, exist_ok=True)
    # Millimetres are finer than the scan's own spacing (~1.6 cm), so 3 decimals lose nothing visible.
    lines = [f"{x:.3f} {y:.3f} {z:.3f} {r} {g} {b}\n" for (x, y, z), (r, g, b) in zip(xyz.tolist(), rgb.tolist())]
    dst.write_text("".join(lines))
    return [Sample(
        id=f"s3dis-{S3DIS_ROOM.lower().replace('_', '-')}", name=f"S3DIS {S3DIS_ROOM} (x y z r g b)",
        file=f"s3dis/{S3DIS_ROOM}.xyz", dataset="S3DIS", format="xyz", kind="scene", label="scene",
        points=len(lines), faces=0, source=f"s3dis-area6/{S3DIS_ROOM}/coord.npy", upAxis="z",
        room=S3DIS_ROOM)]


def build_format_samples(data: Path, out: Path) -> list[Sample]:
    src = data / "modelnet-format-samples"
    (out / "formats").mkdir(parents=True, exist_ok=True)
    off_rel = f"ModelNet10/bathtub/train/{OFF_PICK}.off"
    shutil.copyfile(src / off_rel, out / "formats" / f"{OFF_PICK}.off")
    counts = (out / "formats" / f"{OFF_PICK}.off").read_text().split(maxsplit=3)
    # OFF's header is "OFF" then "V F E"; the picked file has them apart.
    verts, faces = int(counts[1]), int(counts[2])
    samples = [Sample(
        id=f"modelnet-off-{OFF_PICK.replace('_', '-')}", name=f"Bathtub (ModelNet10 {OFF_PICK}, OFF mesh)",
        file=f"formats/{OFF_PICK}.off", dataset="ModelNet40", format="off", kind="object",
        label="bathtub", points=verts, faces=faces, source=f"modelnet-format-samples/{off_rel}",
        upAxis="z")]
    for ext in ("ply", "pcd"):
        rel = f"ModelNet40_2048pts/flower_pot.{ext}"
        dst = out / "formats" / f"flower_pot.{ext}"
        shutil.copyfile(src / rel, dst)
        header = dst.read_text().split("end_header" if ext == "ply" else "DATA ascii")[0]
        key = "element vertex" if ext == "ply" else "POINTS"
        points = int(next(l for l in header.splitlines() if l.startswith(key)).split()[-1])
        samples.append(Sample(
            id=f"modelnet40-flower-pot-{ext}", name=f"Flower pot (ModelNet40, ASCII {ext.upper()})",
            file=f"formats/flower_pot.{ext}", dataset="ModelNet40", format=ext, kind="object",
            label="flower_pot", points=points, faces=0, source=f"modelnet-format-samples/{rel}",
            upAxis="y"))
    return samples


def build(data: Path, out: Path, cls_work: Path | None = None) -> dict:
    """Writes the samples and their index: each scan's part of the scene model's data
    (`segmenterSplit`) and, with the classifier's prepared cache (`cls_work`), each object sample's
    part of the classifier's data (`classifierSplit`; sample_splits.py)."""
    for sub in ("modelnet40", "shapenet", "cc-object-models", "scannet", "s3dis", "formats"):
        shutil.rmtree(out / sub, ignore_errors=True)
    samples = (build_shapenet(data, out) + build_modelnet(data, out) + build_cc_objects(data, out)
               + build_scannet(data, out) + build_s3dis(data, out) + build_format_samples(data, out))
    ids = [s.id for s in samples]
    assert len(set(ids)) == len(ids) and DEFAULT_ID in ids
    entries = [s.to_json(out) for s in samples]
    split = json.loads((Path(__file__).resolve().parents[2] / "configs/seg.json").read_text())["split"]
    segmenter_rooms = {scannet_room(s) for s in scannet_scans(data)} | set(s3dis_rooms(data))
    for e in entries:
        if e["kind"] == "scene":
            e["segmenterSplit"] = segmenter_split(e["room"], split, segmenter_rooms)
    if cls_work is not None:
        cfg = json.loads((Path(__file__).resolve().parents[2] / "configs/cls.json").read_text())
        splits = classifier_splits(entries, ClsCache.load(cls_work), cfg["val_fraction"])
        for e in entries:
            if e["id"] in splits:
                e["classifierSplit"] = splits[e["id"]]
    index = {"version": 1, "default": DEFAULT_ID, "samples": entries}
    (out / "index.json").write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n")
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cls-work", type=Path, required=True, help="the work folder holding the classifier's prepared cache (make cls-data)")
    args = ap.parse_args()
    if not (args.cls_work / "cls" / "index.json").exists():
        raise SystemExit(f"{args.cls_work}/cls has no prepared classifier cache: run make cls-data first")
    index = build(args.data, args.out, args.cls_work)
    total = sum(s["bytes"] + sum((args.out / c).stat().st_size for c in s["companions"])
                for s in index["samples"])
    print(f"{len(index['samples'])} samples, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
