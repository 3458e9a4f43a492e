import numpy as np
import pytest

from pointlens_train.seg_metrics import class_matches
from pointlens_train.segment_confidence import BOX_GRID, BOX_IOU, GRID, box_figures, figures, sure_threshold


def points(pairs):
    """(confidence, right) pairs as the two arrays."""
    conf, right = zip(*pairs)
    return np.array(conf, np.float32), np.array(right, bool)


def test_the_sure_threshold_is_the_lowest_grid_point_whose_points_reach_the_target():
    # at 0.6 and above: 8 of 10 right; at 0.5 and above: 8 of 14
    conf, right = points([(0.55, False)] * 4 + [(0.65, True)] * 3 + [(0.65, False)] * 2 + [(0.95, True)] * 5)
    assert sure_threshold(conf, right, 0.8) == 0.6
    assert sure_threshold(conf, right, 0.5) == 0.5
    # only the 0.95 points are all right: 0.7 is the first grid point that leaves only them
    assert sure_threshold(conf, right, 1.0) == 0.7
    assert GRID[0] == 0.5 and GRID[-1] == 0.95 and len(GRID) == 10


def test_no_threshold_where_no_grid_point_reaches_the_target():
    conf, right = points([(0.97, False), (0.7, True), (0.3, True)])
    assert sure_threshold(conf, right, 0.8) is None
    conf, right = points([(0.4, True)] * 3)  # nothing at or above 0.5
    assert sure_threshold(conf, right, 0.5) is None


def test_figures_split_the_points_at_the_threshold():
    conf, right = points([(0.15, False), (0.55, True), (0.55, False), (0.85, True), (0.95, True)])
    f = figures(conf, right, 0.8)
    assert f["points"] == 5 and f["accuracy"] == 0.6
    assert f["sure_share"] == 0.4 and f["sure_accuracy"] == 1.0 and f["rest_accuracy"] == round(1 / 3, 4)
    assert [b["count"] for b in f["bins"]] == [0, 1, 0, 0, 0, 2, 0, 0, 1, 1]
    assert f["bins"][5] == {"low": 0.5, "high": 0.6, "count": 2, "confidence": 0.55, "accuracy": 0.5}
    # |accuracy - confidence| weighted by each bin's share
    expected = (0.15 + 2 * 0.05 + 0.15 + 0.05) / 5
    assert f["ece"] == pytest.approx(expected, abs=1e-4)
    assert "sure_share" not in figures(conf, right, None)
    everything = figures(conf, right, 0.1)
    assert everything["sure_share"] == 1.0 and everything["rest_accuracy"] is None


def test_figures_refuse_mismatched_or_empty_input():
    with pytest.raises(ValueError):
        figures(np.zeros(3, np.float32), np.zeros(2, bool), 0.5)
    with pytest.raises(ValueError):
        figures(np.zeros(0, np.float32), np.zeros(0, bool), 0.5)


def test_the_app_segments_an_unlabelled_cloud_and_gives_each_point_a_class_and_confidence(tmp_path):
    from pointlens_train.app_segment import app_segment

    # a 4 x 4 m floor and one wall along it, 2 cm apart, coloured
    g = np.arange(0, 4, 0.04, dtype=np.float32)
    floor = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
    floor = np.c_[floor, np.zeros(len(floor), np.float32)]
    h = np.arange(0, 2.5, 0.04, dtype=np.float32)
    wall = np.stack(np.meshgrid(g, h), -1).reshape(-1, 2)
    wall = np.c_[wall[:, 0], np.zeros(len(wall), np.float32), wall[:, 1]]
    xyz = np.r_[floor, wall]
    rgb = np.r_[np.full((len(floor), 3), 90, np.uint8), np.full((len(wall), 3), 200, np.uint8)]
    report, pred, conf = app_segment(tmp_path, "room", xyz, rgb)
    assert report["points"] == len(xyz) and "metrics" not in report
    assert pred.shape == (len(xyz),) and conf.shape == (len(xyz),)
    assert ((conf > 0) & (conf <= 1)).all()
    assert (pred >= 0).all() and (pred < 20).all()


def test_a_sure_threshold_needs_at_least_the_least_count_above_it():
    # the one box at 0.9, right, reaches the target alone from 0.65; below that a wrong one joins it
    conf, right = points([(0.9, True), (0.6, False), (0.5, False), (0.35, False)])
    assert sure_threshold(conf, right, 0.6, BOX_GRID) == 0.65
    assert sure_threshold(conf, right, 0.6, BOX_GRID, least=2) is None
    assert BOX_GRID[0] == 0.3 and BOX_GRID[-1] == 0.95


def box(c, center, size=(1.0, 1.0, 1.0), score=1.0):
    return {"classIndex": c, "center": list(center), "size": list(size), "score": score}


def test_boxes_are_matched_surest_first_and_each_true_box_once():
    truth = [box(3, (0, 0, 0)), box(3, (5, 0, 0)), box(4, (9, 0, 0))]
    found = [box(3, (0.1, 0, 0), score=0.4),  # the better fit, but matched second: a duplicate
             box(3, (0.3, 0, 0), score=0.9),
             box(4, (5, 0, 0), score=0.8),  # on a true box of another class
             box(3, (20, 0, 0), score=0.7)]
    matches3, truths3 = class_matches([(found, truth)], 3, BOX_IOU)
    assert matches3 == [(0.9, True), (0.7, False), (0.4, False)] and truths3 == 2
    assert class_matches([(found, truth)], 4, BOX_IOU) == ([(0.8, False)], 1)


def test_box_figures_count_the_right_boxes_and_the_true_objects_sure_boxes_found():
    scores, right = points([(0.9, True), (0.8, False), (0.6, True), (0.4, False)])
    f = box_figures(scores, right, 5, 0.75)
    assert f == {"boxes": 4, "right": 2, "true_boxes": 5, "precision": 0.5, "sure_boxes": 2,
                 "sure_precision": 0.5, "rest_precision": 0.5, "sure_recall": 0.2}
    assert box_figures(np.zeros(0), np.zeros(0, bool), 3, None) == {"boxes": 0, "right": 0, "true_boxes": 3, "precision": None}
