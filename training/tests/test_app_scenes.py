import numpy as np

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


def test_sunrgbd_truth_boxes_are_the_axis_aligned_boxes_around_the_oriented_ones():
    from pointlens_train.datasets.scene_labels import NAMES
    from pointlens_train.pipelines.evaluate_app_sunrgbd import truth_boxes

    # a bed 2 x 1 m (half 1 x 0.5) turned a quarter turn, and a night stand (SUN class 7) unturned
    rows = np.array([[1, 2, -0.7, 1.0, 0.5, 0.4, np.pi / 2, 0], [0, 3, -1, 0.2, 0.3, 0.25, 0, 7]])
    bed, stand = truth_boxes(rows)
    assert bed["classIndex"] == NAMES.index("bed") and stand["classIndex"] == NAMES.index("cabinet")
    np.testing.assert_allclose(bed["size"], [1.0, 2.0, 0.8], atol=1e-9)
    np.testing.assert_allclose(stand["size"], [0.4, 0.6, 0.5])
    assert bed["center"] == [1, 2, -0.7]
    # at 45 degrees the box around a 2 x 1 m bed is 2.12 m square
    turned = truth_boxes(np.array([[0, 0, 0, 1.0, 0.5, 0.4, np.pi / 4, 0]]))[0]
    np.testing.assert_allclose(turned["size"][:2], [1.5 * np.sqrt(2)] * 2)
    assert truth_boxes(np.zeros((0,))) == []  # a frame without boxes


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
