import json
import struct
from pathlib import Path

import numpy as np
import pytest

from pointlens_train.datasets.scan_ply import write_scan_ply
from pointlens_train.pipelines.make_samples import DEFAULT_ID, build, write_las

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
DET = DATA / "scannet" / "scannet_train_detection_data"
PLY_TYPES = {"float": "<f4", "uchar": "u1", "int": "<i4", "uint": "<u4", "double": "<f8"}


def read_binary_ply(path: Path) -> np.ndarray:
    """A reader that builds its dtype from the header alone, independent of the writer."""
    data = path.read_bytes()
    end = data.index(b"end_header\n") + len(b"end_header\n")
    header = data[:end].decode("ascii").splitlines()
    assert header[:2] == ["ply", "format binary_little_endian 1.0"]
    count = next(int(h.split()[2]) for h in header if h.startswith("element vertex"))
    props = [h.split()[1:] for h in header if h.startswith("property ")]
    dtype = np.dtype([(name, PLY_TYPES[kind]) for kind, name in props])
    assert len(data) - end == count * dtype.itemsize
    return np.frombuffer(data, dtype, count, end)


@pytest.fixture(scope="module")
def scan():
    vert = np.load(DET / "scene0009_02_vert.npy")[:2000]
    sem = np.load(DET / "scene0009_02_sem_label.npy")[:2000]
    ins = np.load(DET / "scene0009_02_ins_label.npy")[:2000]
    return vert, sem, ins


def test_scan_ply_round_trips(tmp_path, scan):
    vert, sem, ins = scan
    rgb = np.round(vert[:, 3:6]).astype(np.uint8)
    write_scan_ply(tmp_path / "s.ply", vert[:, :3], rgb, sem.astype(np.int32), ins.astype(np.int32), ["c"])
    rows = read_binary_ply(tmp_path / "s.ply")
    assert list(rows.dtype.names) == ["x", "y", "z", "red", "green", "blue", "label", "instance"]
    np.testing.assert_array_equal(np.stack([rows["x"], rows["y"], rows["z"]], 1), vert[:, :3])
    np.testing.assert_array_equal(np.stack([rows["red"], rows["green"], rows["blue"]], 1), rgb)
    np.testing.assert_array_equal(rows["label"], sem)
    np.testing.assert_array_equal(rows["instance"], ins)
    assert sem.max() > 31  # the scan has NYU40 ids that LAS cannot hold as a class


def test_las_header_and_records(tmp_path, scan):
    vert, sem, _ = scan
    rgb = np.round(vert[:, 3:6]).astype(np.uint8)
    write_las(tmp_path / "s.las", vert[:, :3], rgb, sem.astype(np.uint8))
    data = (tmp_path / "s.las").read_bytes()
    # LAS 1.2 public header block, table 4.1
    assert data[:4] == b"LASF"
    assert (data[24], data[25]) == (1, 2)
    header_size, offset, vlrs, fmt, rec_len, count = struct.unpack_from("<HIIBHI", data, 94)
    assert (header_size, offset, vlrs, fmt, rec_len, count) == (227, 227, 0, 2, 26, len(vert))
    assert struct.unpack_from("<5I", data, 111) == (len(vert), 0, 0, 0, 0)
    scale = struct.unpack_from("<3d", data, 131)
    off = struct.unpack_from("<3d", data, 155)
    max_x, min_x, max_y, min_y, max_z, min_z = struct.unpack_from("<6d", data, 179)
    assert scale == (0.001, 0.001, 0.001) and off == (0.0, 0.0, 0.0)
    assert len(data) == 227 + 26 * len(vert)

    rec = np.frombuffer(data, np.dtype([
        ("X", "<i4"), ("Y", "<i4"), ("Z", "<i4"), ("intensity", "<u2"), ("returns", "u1"),
        ("cls", "u1"), ("angle", "i1"), ("user", "u1"), ("src", "<u2"),
        ("r", "<u2"), ("g", "<u2"), ("b", "<u2")]), len(vert), 227)
    xyz = np.stack([rec["X"], rec["Y"], rec["Z"]], 1) * 0.001
    np.testing.assert_allclose(xyz, vert[:, :3], atol=0.0005 + 1e-6)
    assert (max_x, max_y, max_z) == tuple(xyz.max(0))
    assert (min_x, min_y, min_z) == tuple(xyz.min(0))
    assert (rec["cls"] == 0).all()
    np.testing.assert_array_equal(rec["user"], sem)
    np.testing.assert_array_equal(np.stack([rec["r"], rec["g"], rec["b"]], 1), rgb.astype(np.uint16) * 256)
    assert set(rec["returns"]) == {0b1001}


def test_build_gives_the_index_it_promises(tmp_path):
    index = build(DATA, tmp_path)
    assert index == json.loads((tmp_path / "index.json").read_text())
    assert index["default"] == DEFAULT_ID
    by_id = {s["id"]: s for s in index["samples"]}
    for s in index["samples"]:
        assert (tmp_path / s["file"]).stat().st_size == s["bytes"]
        assert all((tmp_path / c).is_file() for c in s["companions"])
    ply = by_id["scannet-scene0007_00"]
    rows = read_binary_ply(tmp_path / ply["file"])
    np.testing.assert_array_equal(rows["label"], np.load(DET / "scene0007_00_sem_label.npy"))
    assert {s["room"] for s in index["samples"] if s["dataset"] == "ScanNet"} >= {"scene0007", "scene0008", "scene0009"}
    unlabelled = by_id["scannet-scene0706_00-bin"]
    assert unlabelled["points"] * 24 == unlabelled["bytes"]
    mtl = (tmp_path / by_id[DEFAULT_ID]["companions"][0]).read_text()
    assert "map_" not in mtl


def test_build_is_repeatable(tmp_path):
    build(DATA, tmp_path / "a")
    build(DATA, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
