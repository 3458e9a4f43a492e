import numpy as np

from pointlens_train.over_segment import over_segment, smooth


def _room_corner():
    """A 2 m floor and a 2 m wall standing on its edge, 2 cm apart, all of one colour."""
    g = np.arange(0, 2, 0.02)
    u, v = np.meshgrid(g, g)
    floor = np.stack([u.ravel(), v.ravel(), np.zeros(u.size)], 1)
    wall = np.stack([u.ravel(), np.zeros(u.size), v.ravel() + 0.02], 1)
    xyz = np.concatenate([floor, wall]).astype(np.float32)
    rgb = np.full((len(xyz), 3), 200, dtype=np.uint8)
    return xyz, rgb, len(floor)


def test_a_floor_and_a_wall_are_cut_apart_by_their_normals():
    xyz, rgb, n_floor = _room_corner()
    piece = over_segment(xyz, rgb, k=0.1, min_cells=5, colour_weight=1.0)
    # away from the shared edge (where the 0.3 m neighbourhoods see both), each surface is one piece
    floor_inner = piece[:n_floor][xyz[:n_floor, 1] > 0.3]
    wall_inner = piece[n_floor:][xyz[n_floor:, 2] > 0.3]
    assert len(np.unique(floor_inner)) == 1 and len(np.unique(wall_inner)) == 1
    assert floor_inner[0] != wall_inner[0]


def test_colour_cuts_one_flat_surface_where_its_colour_changes():
    xyz, rgb, n_floor = _room_corner()
    floor = xyz[:n_floor]
    rgb = np.where((floor[:, 0] < 1.0)[:, None], np.uint8(30), np.uint8(220)).repeat(3, 1)
    by_colour = over_segment(floor, rgb, k=0.1, min_cells=5, colour_weight=1.0)
    without = over_segment(floor, rgb, k=0.1, min_cells=5, colour_weight=0.0)
    assert by_colour[floor[:, 0] < 0.8][0] != by_colour[floor[:, 0] > 1.2][0]
    assert len(np.unique(without)) == 1


def test_pieces_are_numbered_from_zero_and_an_empty_cloud_has_none():
    xyz, rgb, _ = _room_corner()
    piece = over_segment(xyz, None, k=0.1, min_cells=5, colour_weight=1.0)
    assert sorted(np.unique(piece)) == list(range(piece.max() + 1))
    assert len(over_segment(np.zeros((0, 3), np.float32), None, 0.1, 5, 1.0)) == 0


def test_smoothing_moves_each_point_towards_its_piece_mean():
    p = np.array([[1.0, 0.0], [0.0, 1.0], [0.2, 0.8]])
    piece = np.array([0, 0, 1])
    np.testing.assert_allclose(smooth(p, piece, 1.0), [[0.5, 0.5], [0.5, 0.5], [0.2, 0.8]])
    np.testing.assert_allclose(smooth(p, piece, 0.5), [[0.75, 0.25], [0.25, 0.75], [0.2, 0.8]])
