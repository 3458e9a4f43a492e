import numpy as np
import pytest

from cls_paths import DATA

from pointlens_train.datasets.scan_ply import read_vertices, write_cloud_ply, write_scan_ply


def test_the_vertices_of_a_binary_ply_cloud_are_read_back_by_property_name(tmp_path):
    xyz = np.array([[0, 1, 2], [3.5, -4, 5]], dtype=np.float32)
    rgb = np.array([[1, 2, 3], [250, 251, 252]], dtype=np.uint8)
    path = tmp_path / "scan.ply"
    write_scan_ply(path, xyz, rgb, np.array([5, 40]), np.array([0, 7]), ["a comment"])
    rows = read_vertices(path)
    assert rows.dtype.names == ("x", "y", "z", "red", "green", "blue", "label", "instance")
    np.testing.assert_array_equal(np.c_[rows["x"], rows["y"], rows["z"]], xyz)
    assert rows["blue"].tolist() == [3, 252] and rows["label"].tolist() == [5, 40] and rows["instance"].tolist() == [0, 7]


def test_a_cloud_without_labels_is_written_and_read_back(tmp_path):
    xyz = np.array([[0, 1, 2], [3.5, -4, 5]], dtype=np.float32)
    rgb = np.array([[1, 2, 3], [250, 251, 252]], dtype=np.uint8)
    path = tmp_path / "frame.ply"
    write_cloud_ply(path, xyz, rgb)
    rows = read_vertices(path)
    assert rows.dtype.names == ("x", "y", "z", "red", "green", "blue")
    np.testing.assert_array_equal(np.c_[rows["x"], rows["y"], rows["z"]], xyz)
    np.testing.assert_array_equal(np.c_[rows["red"], rows["green"], rows["blue"]], rgb)


def test_sunrgbd_truth_boxes_keep_their_turn_about_z():
    from pointlens_train.datasets.scene_labels import NAMES
    from pointlens_train.pipelines.evaluate_app_sunrgbd import truth_boxes

    # a bed 2 x 1 m (half 1 x 0.5) with heading a quarter turn, and a night stand (SUN class 7) unturned
    rows = np.array([[1, 2, -0.7, 1.0, 0.5, 0.4, np.pi / 2, 0], [0, 3, -1, 0.2, 0.3, 0.25, 0, 7]])
    bed, stand = truth_boxes(rows)
    assert bed["classIndex"] == NAMES.index("bed") and stand["classIndex"] == NAMES.index("cabinet")
    np.testing.assert_allclose(bed["size"], [2.0, 1.0, 0.8])
    np.testing.assert_allclose(stand["size"], [0.4, 0.6, 0.5])
    assert bed["center"] == [1, 2, -0.7]
    # VoteNet turns the corners by -heading
    assert bed["yaw"] == -np.pi / 2 and stand["yaw"] == 0
    assert truth_boxes(np.zeros((0,))) == []  # a frame without boxes


def test_sunrgbd_truth_box_holds_the_points_of_a_real_turned_bed():
    """Frame 000009's bed has heading 51 degrees: turned by -heading its box holds twice the points it holds turned by +heading."""
    from pointlens_train.pipelines.evaluate_app_sunrgbd import truth_boxes

    root = DATA / "sunrgbd-votenet"
    if not (root / "sunrgbd_000009_xyz.npy").exists():
        pytest.skip("no SUN RGB-D frames")
    xyz = np.load(root / "sunrgbd_000009_xyz.npy")
    bed = next(b for b in truth_boxes(np.load(root / "sunrgbd_000009_boxes.npy")) if b["classIndex"] == 3)

    def inside(yaw):
        d = xyz[:, :2] - bed["center"][:2]
        u = d[:, 0] * np.cos(yaw) + d[:, 1] * np.sin(yaw)
        v = -d[:, 0] * np.sin(yaw) + d[:, 1] * np.cos(yaw)
        return int(((abs(u) <= bed["size"][0] / 2) & (abs(v) <= bed["size"][1] / 2) & (abs(xyz[:, 2] - bed["center"][2]) <= bed["size"][2] / 2)).sum())

    assert inside(bed["yaw"]) > 2 * inside(-bed["yaw"])


def test_sunrgbd_app_boxes_keep_their_turn_through_a_y_up_copy():
    from pointlens_train.pipelines.evaluate_app_sunrgbd import _from_y_up, app_boxes

    # a box turned 30 degrees about +y in a Y-up copy is turned 30 degrees about +z as recorded
    y_up = {"label": "bed", "score": 0.5, "center": [0.0, -0.5, -2.0], "size": [2.0, 0.6, 1.5], "turn": {"about": "y", "degrees": 30.0}}
    (box,) = app_boxes({"boxes": [y_up]}, _from_y_up)
    np.testing.assert_allclose(box["yaw"], np.pi / 6)
    np.testing.assert_allclose(box["size"], [2.0, 1.5, 0.6])
    # turned about a horizontal axis (a wrong up axis), the box is the axis-aligned one around it
    (side,) = app_boxes({"boxes": [{**y_up, "turn": {"about": "x", "degrees": 90.0}}]}, lambda p: p)
    assert "yaw" not in side
    np.testing.assert_allclose(side["size"], [2.0, 1.5, 0.6], atol=1e-9)


def test_sunrgbd_app_boxes_of_a_y_up_copy_come_back_to_the_recorded_frame():
    from pointlens_train.pipelines.evaluate_app_sunrgbd import _from_y_up, _to_y_up, app_boxes

    recorded = {"label": "chair", "score": 0.7, "center": [0.5, 3.0, -0.9], "size": [0.5, 0.6, 0.9]}
    y_up = {**recorded, "center": _to_y_up(np.array([recorded["center"]]))[0].tolist(),
            "size": np.abs(_to_y_up(np.array([recorded["size"]])))[0].tolist()}
    assert y_up["center"] == [0.5, -0.9, -3.0]
    (box,) = app_boxes({"boxes": [y_up]}, _from_y_up)
    np.testing.assert_allclose(box["center"], recorded["center"])
    np.testing.assert_allclose(box["size"], recorded["size"])
    assert box["score"] == 0.7
