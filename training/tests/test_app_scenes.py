import numpy as np

from pointlens_train.datasets.scan_ply import write_scan_ply
from pointlens_train.pipelines.evaluate_app_scenes import read_vertices


def test_the_vertices_of_a_binary_ply_cloud_are_read_back_by_property_name(tmp_path):
    xyz = np.array([[0, 1, 2], [3.5, -4, 5]], dtype=np.float32)
    rgb = np.array([[1, 2, 3], [250, 251, 252]], dtype=np.uint8)
    path = tmp_path / "scan.ply"
    write_scan_ply(path, xyz, rgb, np.array([5, 40]), np.array([0, 7]), ["a comment"])
    rows = read_vertices(path)
    assert rows.dtype.names == ("x", "y", "z", "red", "green", "blue", "label", "instance")
    np.testing.assert_array_equal(np.c_[rows["x"], rows["y"], rows["z"]], xyz)
    assert rows["blue"].tolist() == [3, 252] and rows["label"].tolist() == [5, 40] and rows["instance"].tolist() == [0, 7]
