"""The upright network's candidates, scores and training set (upright.py)."""
import numpy as np
import torch

from pointlens_train import open_set as osd
from pointlens_train.datasets.cls_data import ClsCache, train_val_split
from pointlens_train.datasets.mappings import OUTLIER_SPLIT
from pointlens_train.models.pointnet_cls import build
from pointlens_train.upright import DIRECTIONS, TURNS, UPRIGHT, candidates, training_rows, up_scores

AXES = {"x": 0, "y": 1, "z": 2}


def unit(direction: str) -> np.ndarray:
    v = np.zeros(3)
    v[AXES[direction[1]]] = 1 if direction[0] == "+" else -1
    return v


def test_each_candidate_turns_its_direction_onto_plus_y_by_a_proper_rotation():
    for d, m in zip(DIRECTIONS, TURNS):
        assert np.allclose(m @ unit(d), [0, 1, 0])
        assert np.allclose(m @ m.T, np.eye(3)) and np.isclose(np.linalg.det(m), 1)
    assert DIRECTIONS[UPRIGHT] == "+y" and np.allclose(TURNS[UPRIGHT], np.eye(3))


def test_candidates_are_the_shape_under_each_turn():
    pts = np.random.default_rng(0).normal(size=(10, 3)).astype(np.float32)
    c = candidates(pts)
    assert c.shape == (6, 10, 3)
    assert np.allclose(c[UPRIGHT], pts)
    # the candidate for -z is the shape with its -z end on top
    top = np.array([[0, 0, -5]], np.float32)
    assert np.allclose(candidates(top)[DIRECTIONS.index("-z")], [[0, 5, 0]])


def test_training_leaves_out_validation_test_and_every_open_set_unknown():
    labels = ["chair"] * 30 + ["table"] * 30
    index = [{"label": l, "split": "train", "hash": f"h{i}"} for i, l in enumerate(labels)]
    index += [{"label": "chair", "split": "test", "hash": "t0"}, {"label": "table", "split": "test", "hash": "t1"}]
    index += [{"label": u, "split": "train", "hash": f"u{k}"} for k, u in enumerate(["piano", "rifle", "tent", "bowl"])]
    index += [{"label": "outlier:radiator", "split": OUTLIER_SPLIT, "hash": "o0"}]
    n = len(index)
    cache = ClsCache(np.zeros((n, 3), np.float32), np.arange(n + 1), index,
                     [{"name": "chair", "train": 30, "test": 1}, {"name": "table", "train": 30, "test": 1}])
    rows = set(training_rows(cache, 0.12))
    _, _, val_rows, _ = train_val_split(cache, 0.12)
    val_classes, test_classes = osd.split_unknown_classes(cache.unknown_classes())
    assert val_rows and not rows & set(val_rows)
    assert not any(index[i]["split"] == "test" for i in rows)
    assert not any(index[i]["label"] in val_classes + test_classes for i in rows)
    assert n - 1 in rows  # the outlier-exposure shape trains
    assert len(rows) == 60 - len(val_rows) + 1


def test_scores_come_one_per_direction_and_follow_the_network():
    torch.manual_seed(0)
    model = build({"widths": [8, 16], "head": [8], "dropout": 0.0}, 1)
    clouds = np.random.default_rng(1).normal(size=(3, 32, 3)).astype(np.float32)
    s = up_scores(model, clouds)
    assert s.shape == (3, 6)
    x = torch.from_numpy(candidates(clouds[1])).transpose(1, 2).contiguous()
    with torch.no_grad():
        assert np.allclose(s[1], model(x)[:, 0].numpy(), atol=1e-5)
