import numpy as np
import pytest

from pointlens_train import proportions as prop
from pointlens_train.pipelines.proportions_open_set import combined_threshold


def box(dims, n=500):
    """A filled box of `dims` from a low-discrepancy sequence, turned and moved: tests/core/ml/proportions.test.ts writes the same clouds."""
    i = np.arange(n, dtype=np.float64)
    u, v, w = (i * 0.6180339887498949) % 1, (i * 0.7548776662466927) % 1, (i * 0.5698402909980532) % 1
    p = np.stack([(u - 0.5) * dims[0], (v - 0.5) * dims[1], (w - 0.5) * dims[2]], 1)
    a, b = 0.5, 0.3
    rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
    return p @ (rx @ rz).T + np.array([3, -1, 2])


# the numbers the app's implementation must give for the same clouds
EXPECTED = {
    (2, 1, 0.1): [-0.6917313637712708, -2.995449491164612, -2.3037181273933416],
    (1, 0.3, 0.2): [-1.2022847322642218, -1.6094050762728844, -0.40712034400866265],
    (1, 1.2, 0.001): [-0.17914034091912068, -7.08603431677123, -6.9068939758521095],
}


@pytest.mark.parametrize("dims", list(EXPECTED))
def test_log_ratios_of_turned_boxes_are_the_ones_the_app_checks(dims):
    np.testing.assert_allclose(prop.log_ratios(box(dims)), EXPECTED[dims], atol=1e-9)


def test_extents_are_the_box_sides_whichever_way_it_is_turned():
    e = prop.extents(box((2, 1, 0.1), n=4000))
    # the 2nd-98th percentile range of a uniform side is 96% of it
    np.testing.assert_allclose(e, [1.92, 0.96, 0.096], rtol=0.01)


def test_a_cloud_at_one_point_has_the_proportions_of_a_ball():
    assert prop.log_ratios(np.ones((10, 3))).tolist() == [0.0, 0.0, 0.0]


def test_a_shape_is_outside_only_past_the_margin_of_its_top_class_range():
    ratios = np.array([[-1.0, -2.0, -1.0], [-1.0, -3.0, -2.0], [-1.0, -4.0, -3.0], [-1.0, -2.0, -1.0]])
    labels = np.array([0, 0, 1, 1])
    ranges = prop.class_ranges(ratios, labels, 2)
    assert ranges[0, 1].tolist() == [-3.0, -2.0]
    shapes = np.array([[-1.0, -3.4, 0.0], [-1.0, -3.6, 0.0], [-1.0, -3.6, 0.0]])
    top = np.array([0, 0, 1])
    assert prop.outside(shapes, top, ranges, 0.5, (1,)).tolist() == [False, True, False]


def test_the_threshold_keeps_the_known_share_accepted_after_proportions_flag_some():
    distance = np.arange(100, dtype=float)
    assert combined_threshold(distance, np.zeros(100, bool)) == 91.0
    flagged = np.zeros(100, bool)
    flagged[:3] = True  # three knowns already lost: the threshold must accept three more
    assert combined_threshold(distance, flagged) == 94.0
    flagged[:10] = True
    assert combined_threshold(distance, flagged) is None
