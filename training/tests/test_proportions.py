import json

import numpy as np
import pytest

from pointlens_train import proportions as prop
from pointlens_train.manifest import load_manifest, update_entry
from pointlens_train.proportions_rule import add_to_entry, choose_rule, combined_threshold, outside_rule


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


def _decision_shapes():
    """Two classes, e3/e1 spanning [-1, -0.5] and [-2, -1.5] in training; 100 knowns inside their class's
    range, distances 0 to 0.99; six unknowns near the training shapes, three of them flat sheets."""
    train_y = np.repeat([0, 1], 5)
    train_ratios = np.zeros((10, 3))
    train_ratios[:, 1] = np.concatenate([np.linspace(-1, -0.5, 5), np.linspace(-2, -1.5, 5)])
    val_y = np.arange(100) % 2
    val_ratios = np.zeros((100, 3))
    val_ratios[:, 1] = np.where(val_y == 0, -0.75, -1.75)
    unk_ratios = np.zeros((6, 3))
    unk_ratios[:, 1] = [-5, -5, -5, -0.75, -0.75, -0.75]
    shapes = {
        "val_y": val_y, "val_top": val_y, "val_distance": np.arange(100) / 100, "val_ratios": val_ratios,
        "unk_top": np.zeros(6, int), "unk_distance": np.full(6, 0.5), "unk_ratios": unk_ratios,
        "unk_label": np.array(["sheet"] * 3 + ["box"] * 3),
    }
    return {"train_y": train_y, "train_ratios": train_ratios, **shapes}, shapes


def _classifier_entry(threshold):
    """The parts of cls-eval's classifier entry the rule writes into, as cls-eval builds it afresh."""
    figures = {"unknown_flagged": 0.0, "known_flagged": 0.08, "accuracy_on_accepted_known": 1.0}
    return {
        "id": "classifier",
        "openSet": {"score": "knn", "threshold": threshold},
        "metrics": {"open_set": {"validation": dict(figures), "test": dict(figures)}},
    }


def test_cls_eval_writes_the_proportions_rule_into_the_entry_it_writes_afresh(tmp_path):
    validation, test = _decision_shapes()
    manifest = tmp_path / "manifest.json"
    # a manifest that carries a rule, as the shipped one does, and another model's entry that must stay
    manifest.write_text(json.dumps({"version": 1, "models": [
        {"id": "segmenter"}, {**_classifier_entry(0.91), "openSet": {"threshold": 0.91, "proportions": {"margin": 9}}},
    ]}))
    rule = choose_rule(validation, 2, 0.91)
    assert rule is not None
    entry = _classifier_entry(0.91)
    add_to_entry(entry, ["desk", "rifle"], validation, test, *rule)
    update_entry(manifest, entry)

    written = load_manifest(manifest)
    assert [m["id"] for m in written["models"]] == ["segmenter", "classifier"]
    classifier = written["models"][1]
    assert classifier["openSet"]["threshold"] == 0.91
    assert classifier["openSet"]["proportions"]["ratios"] == ["e3/e1"]
    assert classifier["openSet"]["proportions"]["margin"] == 0.5
    assert classifier["openSet"]["proportions"]["ranges"] == {"desk": [[-1.0, -0.5]], "rifle": [[-2.0, -1.5]]}
    figures = classifier["metrics"]["open_set"]
    assert figures["proportions"]["validation"]["with_proportions"]["unknown_flagged"] == 3
    assert figures["proportions"]["validation"]["distance_alone"]["unknown_flagged"] == 0
    assert figures["proportions"]["test"]["with_proportions"]["flagged_unknowns_by_class"] == {"box": 0, "sheet": 3}
    # the fixture's reason for unknown: the three sheets lie outside desk's range, the boxes inside
    ranges = prop.class_ranges(validation["train_ratios"], validation["train_y"], 2)
    assert outside_rule(validation["unk_ratios"], validation["unk_top"], ranges, rule[1]).tolist() == [True] * 3 + [False] * 3
    # the decision's own flag rates are those of the distance and the proportions together
    assert figures["test"]["unknown_flagged"] == 0.5
    assert figures["validation"]["unknown_flagged"] == 0.5


def test_cls_eval_refuses_a_rule_that_would_move_the_shipped_threshold():
    validation, _ = _decision_shapes()
    with pytest.raises(SystemExit, match="moves the threshold"):
        choose_rule(validation, 2, 0.5)


def test_no_rule_ships_where_proportions_flag_too_few_unknowns():
    validation, _ = _decision_shapes()
    validation["unk_ratios"][:2, 1] = -0.75  # one flat sheet left: within what chance moves
    assert choose_rule(validation, 2, 0.91) is None
