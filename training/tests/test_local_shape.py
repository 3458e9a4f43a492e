"""The local-shape features: what they say of simple surfaces, and how the scene features carry them."""
import numpy as np

from pointlens_train.datasets.local_shape import local_shape
from pointlens_train.datasets.scene_blocks import FEATURES, input_features, point_features, room_of


def _plane(u, v):
    i, j = np.meshgrid(np.arange(50), np.arange(50), indexing="ij")
    return (1 + 0.02 * (i.reshape(-1, 1) * np.array(u) + j.reshape(-1, 1) * np.array(v))).astype(np.float32)


def test_a_floor_is_horizontal_and_planar_a_wall_vertical_a_pole_linear():
    middle = 25 * 50 + 25
    floor = local_shape(_plane([1, 0, 0], [0, 1, 0]), np.zeros(3))[middle]
    wall = local_shape(_plane([1, 0, 0], [0, 0, 1]), np.zeros(3))[middle]
    pole = local_shape(np.stack([np.full(100, 0.5), np.full(100, 0.5), 0.01 * np.arange(100)], 1).astype(np.float32),
                       np.zeros(3))[50]
    assert floor[0] > 0.999999 and floor[2] > 0.9 and floor[1] < 0.1
    assert wall[0] < 1e-6 and wall[2] > 0.9
    assert abs(pole[1] - 1) < 1e-6


def test_isolated_points_have_no_shape():
    assert not local_shape(np.array([[0, 0, 0], [5, 5, 5]], dtype=np.float32), np.zeros(3)).any()


def test_scene_features_end_with_the_local_shape_and_a_config_takes_a_prefix():
    rng = np.random.default_rng(0)
    xyz = _plane([1, 0, 0], [0, 1, 0]) + rng.normal(0, 0.001, (2500, 3)).astype(np.float32)
    room = room_of(xyz)
    f = point_features(xyz, None, room)
    assert f.shape == (2500, len(FEATURES)) == (2500, 12)
    np.testing.assert_array_equal(f[:, 9:], local_shape(xyz, room.lo))
    assert input_features({}) == FEATURES[:9]
    assert input_features({"input_features": 12})[9:] == ("vertical", "linear", "planar")
