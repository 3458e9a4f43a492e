"""Scene segmentation pipeline: readers on the shared data, label mapping, room split, the fixtures
the app's tests read, instances, metrics, and the export of a small segmenter."""
import json
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch

from pointlens_train.datasets.scenes import read_s3dis, read_scannet
from pointlens_train.models.onnx_export import batch_dim_is_dynamic, export_onnx
from pointlens_train.datasets.scene_blocks import Mulberry32, build_blocks, chunk_indices
from pointlens_train.datasets.scene_labels import NAMES, map_nyu40, read_s3dis_mapping
from pointlens_train.pipelines.seg_fixtures import write_local_shape, write_parity, write_scene
from pointlens_train.seg_metrics import box_ap, confusion, scores
from pointlens_train.models.neighbourhood import NeighbourhoodMean, anchor_affinity
from pointlens_train.models.pointnet2_seg import PointNet2Seg
from pointlens_train.models.seg_model import ROOM, ROOM_CONSTANT, PointNetSeg, ignore_inputs
from pointlens_train.datasets.seg_split import room_of_ref, split_scenes

TRAINING = Path(__file__).resolve().parents[1]
DATA = TRAINING.parent.parent / "shared" / "data"
FIXTURES = TRAINING.parent / "tests" / "fixtures" / "seg"
CONFIG = json.loads((TRAINING / "configs" / "seg.json").read_text())
needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not present")


def test_nyu40_mapping():
    got = map_nyu40(np.array([0, 1, 2, 13, 14, 39, 40, 50]))
    assert got.tolist() == [-1, 0, 1, -1, NAMES.index("desk"), NAMES.index("otherfurniture"), -1, -1]


@needs_data
def test_s3dis_mapping_file():
    lut = read_s3dis_mapping(DATA / "s3dis-area6" / "s3dis13_to_scannet20.txt")
    s3dis = (DATA / "s3dis-area6" / "s3dis_class_names.txt").read_text().split()
    named = {s3dis[i]: (NAMES[v] if v >= 0 else None) for i, v in enumerate(lut)}
    assert named["floor"] == "floor" and named["wall"] == "wall" and named["bookcase"] == "bookshelf"
    assert named["ceiling"] is None and named["clutter"] is None and named["board"] is None


@needs_data
def test_app_scores_s3dis_rooms_with_the_same_mapping():
    """`pointlens segment --truth s3dis` maps S3DIS classes with the app's own table: it must be this file's."""
    lut = read_s3dis_mapping(DATA / "s3dis-area6" / "s3dis13_to_scannet20.txt")
    source = (TRAINING.parent / "src" / "core" / "ml" / "scannetLabels.ts").read_text()
    table = source.split("S3DIS13_TO_SCANNET20 = [", 1)[1].split("]", 1)[0]
    app = [-1 if v.strip() == "IGNORED" else int(v) for v in table.split(",")]
    assert app == lut.tolist()


@needs_data
def test_scannet_reader():
    s = read_scannet(DATA, "scene0007_00")
    assert s.xyz.shape == (50000, 3) and s.xyz.dtype == np.float32 and s.rgb.shape == (50000, 3)
    assert s.room == "scene0007" and s.labels.min() >= -1 and s.labels.max() < len(NAMES)
    assert (s.labels == NAMES.index("floor")).sum() > 1000
    assert s.boxes.shape[1] == 7
    full = read_scannet(DATA, "scene0000_00", full_resolution=True)
    assert full.room == "scene0000" and len(full.xyz) > 50000


@needs_data
def test_s3dis_reader_with_and_without_colour():
    s = read_s3dis(DATA, "Area_6_office_1")
    assert s.rgb is not None and s.rgb.shape == s.xyz.shape and s.labels.max() < len(NAMES)
    assert read_s3dis(DATA, "Area_6_hallway_5").rgb is None


@needs_data
def test_split_is_by_room_and_disjoint():
    parts = split_scenes(DATA, CONFIG["split"])
    rooms = {part: {room_of_ref(r) for r in refs} for part, refs in parts.items()}
    names = list(rooms)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not rooms[a] & rooms[b], (a, b)
    assert rooms["test"] == set(CONFIG["split"]["scannet_test_rooms"])
    assert ("scannet_full", "scene0000_00") in parts["train"]
    assert len(parts["test"]) == 5  # scene0007_00, scene0008_00, scene0009_00..02


def test_mulberry32_matches_the_reference():
    # first outputs of createRng(1) in src/core/random.ts, printed by Node to 10 places
    rng = Mulberry32(1)
    assert [rng() for _ in range(3)] == pytest.approx([0.6270739406, 0.0027357212, 0.5274470400], abs=1e-10)


def test_chunks_cover_every_member():
    members = np.arange(10, 15)
    idx = chunk_indices(members, 3, 4, 0)
    assert idx.shape == (2, 4) and set(idx.ravel()) == set(members)


def test_blocks_contain_their_members():
    rng = np.random.default_rng(0)
    xyz = rng.uniform(0, 4, size=(500, 3)).astype(np.float32)
    b = build_blocks(xyz, 1.5, 0.75)
    assert b.nx == 5 and b.ny == 5
    counts = np.zeros(500, dtype=int)
    for k in range(len(b.ids)):
        m = b.members(k)
        cx, cy = b.centre(k)
        assert np.all(np.abs(xyz[m, 0] - cx) <= 0.75 + 1e-6) and np.all(np.abs(xyz[m, 1] - cy) <= 0.75 + 1e-6)
        counts[m] += 1
    assert counts.min() >= 1


@needs_data
def test_committed_fixtures_are_what_the_code_writes(tmp_path):
    write_parity(DATA, tmp_path, CONFIG["block"]["size"], CONFIG["block"]["stride"])
    write_scene(DATA, tmp_path, CONFIG["boxes"]["voxel"], CONFIG["boxes"]["min_points"], CONFIG["boxes"]["suppress"])
    write_local_shape(DATA, tmp_path)
    for name in ("blocks_parity.json", "scene0008_00.json", "scene0008_00.bin", "local_shape_parity.json"):
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_metrics_by_hand():
    s = scores(confusion(np.array([0, 0, 0, 1, 1, 2, -1]), np.array([0, 1, 3, 1, 1, 0, 2]), 4))
    assert s["oa"] == pytest.approx(0.5)
    assert s["iou"][:3] == pytest.approx([0.25, 2 / 3, 0.0]) and np.isnan(s["iou"][3])
    truth = [{"center": [0, 0, 0], "size": [1, 1, 1], "classIndex": 0}, {"center": [3, 0, 0], "size": [1, 1, 1], "classIndex": 0}]
    pred = [{"center": c, "size": [1, 1, 1], "classIndex": 0, "score": sc}
            for c, sc in (([0, 0, 0], 0.9), ([0.05, 0, 0], 0.8), ([3, 0, 0], 0.7))]
    ap = box_ap([(pred, truth)], 2)
    assert ap["ap"][0] == pytest.approx(0.5 + 0.5 * 2 / 3) and np.isnan(ap["ap"][1])


def test_box_iou_of_turned_boxes():
    from pointlens_train.seg_metrics import box_iou

    a = {"center": [1.0, 2.0, 0.5], "size": [2.0, 1.0, 1.0]}
    assert box_iou(a, a) == 1.0
    # the same box a quarter turn about z shares its middle 1 x 1 square: 1 / (2 + 2 - 1)
    assert abs(box_iou(a, {**a, "yaw": np.pi / 2}) - 1 / 3) < 1e-12
    # a unit cube and the same cube turned 45 degrees share an octagon of 2 (sqrt 2 - 1)
    cube = {"center": [0.0, 0.0, 0.0], "size": [1.0, 1.0, 1.0]}
    octagon = 2 * (np.sqrt(2) - 1)
    assert abs(box_iou(cube, {**cube, "yaw": np.pi / 4}) - octagon / (2 - octagon)) < 1e-12
    # both turned alike, anywhere: as if neither were, whatever the angle
    t = 0.7
    r = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    b = {"center": [1.5, 2.2, 0.9], "size": [1.0, 2.0, 1.0]}
    turned = lambda x: {**x, "center": [*(r @ x["center"][:2]), x["center"][2]], "yaw": t}  # noqa: E731
    assert abs(box_iou(turned(a), turned(b)) - box_iou(a, b)) < 1e-9 and box_iou(a, b) > 0.05
    # apart in height or in plan: nothing shared
    assert box_iou(a, {**a, "center": [1.0, 2.0, 2.0], "yaw": 0.3}) == 0.0
    assert box_iou(a, {**a, "center": [9.0, 2.0, 0.5], "yaw": 0.3}) == 0.0


def test_export_of_a_small_segmenter(tmp_path):
    model = PointNetSeg(9, 20, local=16, glob=32, head=16).eval()
    ops = export_onnx(model, torch.zeros(1, 9, 64), tmp_path / "seg.onnx", "points", "logits")
    assert "ReduceMax" in ops and not any("MaxPool" in op for op in ops)
    m = onnx.load(tmp_path / "seg.onnx")
    assert batch_dim_is_dynamic(m)
    out = m.graph.output[0].type.tensor_type.shape.dim
    assert [d.dim_value for d in out[1:]] == [64, 20]


def test_neighbourhood_mean_is_the_gaussian_weighted_mean_over_the_anchors():
    torch.manual_seed(0)
    xyz, f = torch.rand(2, 3, 40), torch.rand(2, 5, 40)
    got = NeighbourhoodMean(0.2)(*anchor_affinity(xyz, 8), f[:, :, :8])
    for b in range(2):
        for i in range(40):
            w = torch.exp(-((xyz[b, :, :8] - xyz[b, :, i:i + 1]) ** 2).sum(0) / (2 * 0.2 ** 2))
            assert torch.allclose(got[b, :, i], (f[b, :, :8] * w).sum(1) / w.sum(), atol=1e-5)


def test_anchor_affinity_is_the_squared_distance_less_the_points_own_square_length():
    torch.manual_seed(1)
    xyz = torch.rand(2, 3, 30)
    p, q = anchor_affinity(xyz, 6)
    assert p.shape == (2, 30, 4) and q.shape == (2, 4, 6)
    d2 = ((xyz.unsqueeze(3) - xyz[:, :, :6].unsqueeze(2)) ** 2).sum(1)  # (B, N, A)
    own = (xyz * xyz).sum(1).unsqueeze(2)  # (B, N, 1)
    assert torch.allclose(torch.bmm(p, q), own - d2, atol=1e-5)


def test_a_point_far_from_every_anchor_gets_their_weighted_mean_not_nan():
    xyz = torch.zeros(1, 3, 5)
    xyz[0, 0, 1] = 0.1
    xyz[0, 0, 4] = 50.0  # exp(-d^2 / 2s^2) of every anchor underflows to 0 here
    f = torch.arange(10.0).reshape(1, 2, 5)
    got = NeighbourhoodMean(0.2)(*anchor_affinity(xyz, 2), f[:, :, :2])
    assert torch.isfinite(got).all()
    # the weights are in the ratio exp(-(49.9^2 - 50^2) / 2s^2) = exp(125) to 1: the nearer anchor is all of it
    assert torch.allclose(got[0, :, 4], f[0, :, 1])


def test_the_exported_segmenter_gives_probabilities_that_sum_to_one(tmp_path):
    from pointlens_train.models.seg_model import WithProbabilities

    model = PointNetSeg(9, 20, local=16, glob=32, head=16).eval()
    x = torch.rand(2, 9, 64)
    with torch.no_grad():
        p = WithProbabilities(model)(x)
        assert torch.allclose(p.sum(2), torch.ones(2, 64), atol=1e-5)
        assert torch.equal(p.argmax(2), model(x).argmax(2))
    ops = export_onnx(WithProbabilities(model).eval(), torch.zeros(1, 9, 64), tmp_path / "seg.onnx", "points", "probabilities")
    assert "Softmax" in ops


def test_export_of_a_segmenter_with_neighbourhood_features_needs_no_neighbour_search(tmp_path):
    model = PointNetSeg(12, 20, local=16, glob=32, head=16, scales=(0.15, 0.4), scale_channels=4, anchors=16).eval()
    ops = export_onnx(model, torch.zeros(1, 12, 64), tmp_path / "seg.onnx", "points", "logits")
    assert {"MatMul", "Softmax", "ReduceMax"} <= set(ops)
    assert not {"TopK", "MaxPool", "GatherElements", "Shape", "Exp"} & set(ops)


@pytest.mark.parametrize("network", ["pointnet", "pointnet2"])
def test_ignoring_the_room_features_keeps_the_trained_function(network):
    torch.manual_seed(0)
    model = (PointNetSeg(9, len(NAMES), local=16, glob=32, head=16) if network == "pointnet"
             else PointNet2Seg(9, len(NAMES), centres=(16, 8), k=4)).eval()
    x = torch.rand(2, 9, 64)
    x[:, ROOM] = ROOM_CONSTANT  # as training fed them
    with torch.no_grad():
        before = model(x)
        ignore_inputs(model, ROOM, ROOM_CONSTANT)
        after = model(x)
        moved = x.clone()
        moved[:, ROOM] = torch.rand(2, 3, 64)  # what the app feeds: the real room position
        assert torch.allclose(before, after, atol=1e-5)
        assert torch.allclose(after, model(moved), atol=1e-6)
