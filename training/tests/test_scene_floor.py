"""The floor the segmenter measures heights from (`scene_floor.py`, as `sceneFloor.ts`): a recorded
scan's lowest point, and the same height with stray points below it."""
import numpy as np
import pytest

from pointlens_train.datasets.scene_blocks import point_features, room_of
from pointlens_train.datasets.scene_floor import FLOOR_BAND, anchored_grid_origin, floor_of, floor_support, grid_origin
from test_seg import DATA, needs_data


def test_a_small_cloud_needs_no_support_and_its_floor_is_its_lowest_point():
    assert floor_support(3) == 1 and floor_support(1000) == 1 and floor_support(1001) == 2
    assert floor_of(np.array([0.0, -5.0, 0.05], np.float32)) == -5.0


def test_stray_points_below_leave_the_floor_and_a_surface_below_moves_it():
    rng = np.random.default_rng(0)
    z = rng.uniform(0, 0.02, 4990).astype(np.float32)  # a floor; with what is added, a support of 5
    strays = np.full(4, -2.0, np.float32)
    assert floor_support(len(z) + 4) == 5 and floor_of(np.r_[z, strays]) == float(z.min())
    surface = np.r_[z, strays, np.float32(-2.0 + FLOOR_BAND / 2)]
    assert floor_support(len(surface)) == 5 and floor_of(surface) == pytest.approx(-2.0)


def test_grids_are_anchored_on_the_floor_by_whole_voxels():
    np.testing.assert_array_equal(grid_origin(np.array([1.0, 2.0, -0.5]), -0.5), [1.0, 2.0, -0.5])
    assert grid_origin(np.array([1.0, 2.0, -2.53]), -0.5)[2] == pytest.approx(-2.6)


@needs_data
def test_a_recorded_scan_s_features_are_the_same_with_a_stray_point_below_it():
    from pointlens_train.datasets.scenes import read_scannet

    scene = read_scannet(DATA, "scene0008_00")
    xyz, rgb = scene.xyz, scene.rgb
    assert floor_of(xyz[:, 2]) == float(xyz[:, 2].min())
    stray = np.r_[xyz, [[xyz[0, 0], xyz[0, 1], xyz[:, 2].min() - 2]]].astype(np.float32)
    np.testing.assert_array_equal(anchored_grid_origin(stray)[:2], anchored_grid_origin(xyz)[:2])
    plain = point_features(xyz, rgb, room_of(xyz))
    with_stray = point_features(stray, np.r_[rgb, [[0, 0, 0]]].astype(np.uint8), room_of(stray))
    np.testing.assert_array_equal(with_stray[:-1], plain)
