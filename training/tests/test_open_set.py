import numpy as np
import pytest

from pointlens_train import open_set as osd


def test_scores_grow_as_the_logits_lose_their_peak():
    peaked, flat = np.array([[8.0, 0.0, 0.0]]), np.array([[1.0, 0.9, 1.1]])
    for score in (osd.max_softmax_score, osd.max_logit_score, osd.energy_score):
        assert score(flat)[0] > score(peaked)[0]
    np.testing.assert_allclose(osd.energy_score(np.array([[0.0, 0.0]])), [-np.log(2)])
    np.testing.assert_allclose(osd.energy_score(np.array([[1000.0, 1000.0]])), [-1000 - np.log(2)])
    np.testing.assert_allclose(osd.max_softmax_score(np.array([[0.0, np.log(3)]])), [-0.75])


def test_auroc_matches_counting_pairs():
    rng = np.random.default_rng(0)
    known, unknown = rng.normal(0, 1, 200).round(1), rng.normal(1, 1, 150).round(1)  # rounded: ties happen
    pairs = (unknown[None, :] > known[:, None]).mean() + 0.5 * (unknown[None, :] == known[:, None]).mean()
    assert osd.auroc(known, unknown) == pytest.approx(pairs, abs=1e-12)
    assert osd.auroc(np.array([0.0, 1.0]), np.array([2.0, 3.0])) == 1.0
    assert osd.auroc(np.array([2.0, 3.0]), np.array([0.0, 1.0])) == 0.0


def test_fpr_at_95_tpr_counts_unknowns_under_the_known_threshold():
    known = np.arange(100, dtype=float)  # the threshold accepting 95% of them is 94 or above
    unknown = np.array([50.0, 94.0, 95.5, 200.0])
    t = osd.threshold_at_known_rate(known, 0.95)
    assert (known <= t).mean() >= 0.95
    assert osd.fpr_at_tpr(known, unknown) == (unknown <= t).mean()
    assert osd.flag_rates(known, unknown, t)["known_flagged"] <= 0.05


def test_mahalanobis_matches_the_explicit_formula_and_its_whitened_form():
    rng = np.random.default_rng(1)
    labels = np.repeat(np.arange(3), 40)
    feats = rng.normal(size=(120, 6)) * [1, 2, 3, 0.5, 1, 1] + labels[:, None] * 2.0
    g = osd.fit_gaussian(feats, labels, 3, shrinkage=0.1)
    x = rng.normal(size=(5, 6))
    explicit = np.array([[(xi - m) @ g.precision @ (xi - m) for m in g.means] for xi in x])
    np.testing.assert_allclose(osd.mahalanobis_distances(x, g), explicit, rtol=1e-10)
    np.testing.assert_allclose(osd.mahalanobis_score(x, g), explicit.min(1), rtol=1e-10)
    w, wm = osd.whitening(g)
    whitened = ((x @ w.T)[:, None, :] - wm) ** 2
    np.testing.assert_allclose(whitened.sum(-1), explicit, rtol=1e-8)
    # far from every class mean is far in the score
    assert osd.mahalanobis_score(np.full((1, 6), 50.0), g)[0] > osd.mahalanobis_score(g.means[:1], g)[0]


def test_nearest_neighbour_score_is_one_minus_the_best_cosine():
    bank = osd.unit_rows(np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]]))
    np.testing.assert_allclose(bank, [[1, 0, 0], [0, 1, 0]])
    x = np.array([[3.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 5.0]])
    np.testing.assert_allclose(osd.nearest_neighbour_score(x, bank), [0.0, 1 - np.sqrt(0.5), 1.0], atol=1e-12)
    # views first, as the protocol stores activations: [V, S, D] -> [V, S]
    assert osd.nearest_neighbour_score(np.stack([x, x]), bank).shape == (2, 3)


def test_a_gaussian_needs_every_class():
    with pytest.raises(ValueError, match=r"classes \[2\]"):
        osd.fit_gaussian(np.zeros((4, 2)), np.array([0, 0, 1, 1]), 3, 0.1)


def test_temperature_fit_recovers_the_temperature_the_labels_were_drawn_with():
    rng = np.random.default_rng(2)
    logits = rng.normal(0, 3, size=(1, 4000, 5))
    p = osd.voted_probabilities(logits, 2.0)
    labels = np.array([rng.choice(5, p=row) for row in p])
    t = osd.fit_temperature(logits, labels)
    assert t == pytest.approx(2.0, rel=0.1)
    before = osd.expected_calibration_error(osd.voted_probabilities(logits), labels)
    after = osd.expected_calibration_error(osd.voted_probabilities(logits, t), labels)
    assert after < before / 2


def test_reliability_bins_count_every_shape_once():
    probs = np.array([[0.95, 0.05], [0.55, 0.45], [0.3, 0.7], [0.5, 0.5]])
    labels = np.array([0, 1, 1, 0])
    bins = osd.reliability_bins(probs, labels)
    assert len(bins) == 10 and sum(b["count"] for b in bins) == 4
    assert bins[9] == {"low": 0.9, "high": 1.0, "count": 1, "confidence": 0.95, "accuracy": 1.0}
    assert bins[4]["count"] == 1 and bins[5]["count"] == 1  # 0.5 sits on an edge: the lower bin
    assert bins[0] == {"low": 0.0, "high": 0.1, "count": 0, "confidence": None, "accuracy": None}
    ece = osd.expected_calibration_error(probs, labels)
    assert ece == pytest.approx((0.05 + 0.55 + 0.3 + 0.5) / 4)


def test_unknown_classes_split_whole_and_stay_put_when_one_goes():
    classes = ["bowl", "cone", "curtain", "guitar", "keyboard", "laptop", "piano", "rifle", "tent"]
    val, test = osd.split_unknown_classes(classes)
    assert val and test and set(val) | set(test) == set(classes) and not set(val) & set(test)
    val2, test2 = osd.split_unknown_classes([c for c in classes if c != "piano"])
    assert set(val2) == set(val) - {"piano"} and set(test2) == set(test) - {"piano"}


def test_outlier_exposure_shapes_are_neither_served_nor_unknowns_of_the_protocol():
    from pointlens_train.datasets.cls_data import ClsCache
    from pointlens_train.datasets.mappings import OUTLIER_PREFIX, OUTLIER_SPLIT

    index = [
        {"label": "chair", "split": "train"},
        {"label": "chair", "split": "test"},
        {"label": "piano", "split": "train"},
        {"label": "rifle", "split": "test"},
        {"label": OUTLIER_PREFIX + "vehicle", "split": OUTLIER_SPLIT},
        {"label": OUTLIER_PREFIX + "animal", "split": OUTLIER_SPLIT},
    ]
    cache = ClsCache(np.zeros((6, 3), np.float32), np.arange(7), index, [{"name": "chair", "train": 1, "test": 1}])
    assert cache.unknown_classes() == ["piano", "rifle"]
    assert cache.outliers() == [4, 5]
    assert cache.served("train")[0] == [0] and cache.served("test")[0] == [1]
