import numpy as np
import pytest

from pointlens_train.datasets.cls_data import chimera
from pointlens_train.pipelines.train_cls import different_class_pairs, exposure_shapes


def test_a_chimera_joins_one_side_of_a_plane_of_each_shape():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(2048, 3)).astype(np.float32)
    b = (rng.normal(size=(2048, 3)) + 10).astype(np.float32)  # far apart, so every point's source is known
    for seed in range(5):
        out = chimera(a, b, np.random.default_rng(seed))
        from_a, from_b = out[out[:, 0] < 5], out[out[:, 0] >= 5]
        # the plane: a random direction, cut at the same share of each shape's points along it
        replay = np.random.default_rng(seed)
        normal = replay.standard_normal(3)
        normal /= np.linalg.norm(normal)
        share = replay.uniform(0.3, 0.7)
        assert 0.3 <= share <= 0.7
        da, db = a @ normal, b @ normal
        np.testing.assert_array_equal(from_a, a[da < np.quantile(da, share)])
        np.testing.assert_array_equal(from_b, b[db >= np.quantile(db, share)])
        assert abs(len(from_a) - share * len(a)) <= 1 and abs(len(from_b) - (1 - share) * len(b)) <= 1
        # a gives the low side of the plane, b the high side
        assert (from_a @ normal).mean() < da.mean() and (from_b @ normal).mean() > db.mean()


def test_outlier_pairs_are_of_two_different_classes():
    labels = np.array([0, 0, 0, 1, 2, 2])
    pairs = different_class_pairs(labels, 200, np.random.default_rng(0))
    assert len(pairs) == 200
    assert all(labels[i] != labels[j] for i, j in pairs)
    assert {labels[i] for i, _ in pairs} == {0, 1, 2}


def test_exposure_without_outlier_shapes_is_refused_with_a_message():
    with pytest.raises(SystemExit, match="no outlier-exposure shapes"):
        exposure_shapes({"outlier_weight": 0.5}, [])
    assert exposure_shapes({"outlier_weight": 0.5}, [7, 9]) == [7, 9]


def test_a_label_mixed_target_weighs_the_two_labels_by_their_shares():
    torch = pytest.importorskip("torch")
    from pointlens_train.pipelines.train_cls import mixed_cross_entropy

    logits = torch.tensor([[2.0, 0.0, -1.0], [0.5, 1.5, 0.0]])
    y, other = torch.tensor([0, 1]), torch.tensor([2, 0])
    plain = torch.nn.functional.cross_entropy(logits, y, label_smoothing=0.1)
    # a share of 1 is the row's own label alone
    assert torch.isclose(mixed_cross_entropy(logits, y, other, torch.ones(2), 0.1), plain)
    each = lambda t: torch.nn.functional.cross_entropy(logits, t, label_smoothing=0.1, reduction="none")
    share = torch.tensor([0.3, 0.8])
    assert torch.isclose(mixed_cross_entropy(logits, y, other, share, 0.1), (share * each(y) + (1 - share) * each(other)).mean())
