import numpy as np
import torch

from pointlens_train.datasets.scene_labels import NAMES
from pointlens_train.datasets.scenes import Scene
from pointlens_train.instance_classifier import (BOXED, CLASSES, FEATURES, NONE, POINTS, InstanceNet, ProposalSampler,
                                                 classify_proposals, even_sample, proposal_tensor, scene_instances)

WALL, FLOOR, CHAIR, TABLE = (NAMES.index(n) for n in ("wall", "floor", "chair", "table"))


def _room(with_instances: bool) -> Scene:
    """A 4 m floor at z = 0.5, a wall along y = 0, a 0.5 m chair cube and a 1 m table slab."""
    rng = np.random.default_rng(0)
    floor = np.c_[rng.uniform(0, 4, (4000, 2)), np.full(4000, 0.5)]
    wall = np.c_[rng.uniform(0, 4, 2000), np.zeros(2000), rng.uniform(0.5, 3, 2000)]
    chair = rng.uniform(0, 0.5, (500, 3)) + [1, 1, 0.5]
    table = rng.uniform(0, 1, (500, 3)) * [1, 1, 0.05] + [2.5, 2.5, 1.2]
    xyz = np.concatenate([floor, wall, chair, table]).astype(np.float32)
    labels = np.repeat([FLOOR, WALL, CHAIR, TABLE], [4000, 2000, 500, 500])
    instances = np.repeat([0, 0, 1, 2], [4000, 2000, 500, 500]) if with_instances else None
    rgb = np.full((len(xyz), 3), 128, dtype=np.uint8)
    return Scene("room", "room", "scannet" if with_instances else "s3dis", xyz, rgb, labels, instances, None)


def test_even_sampling_spreads_over_every_point_and_repeats_a_small_proposal():
    assert even_sample(1000, 4).tolist() == [0, 250, 500, 750]
    assert even_sample(3, 7).tolist() == [0, 1, 2, 0, 1, 2, 0]


def test_a_proposal_is_seen_in_metres_from_its_footprint_centre_and_base():
    xyz = np.array([[1, 1, 2], [3, 2, 2.5], [2, 1.5, 3]], dtype=np.float32)
    rgb = np.array([[255, 0, 0]] * 3, dtype=np.uint8)
    x = proposal_tensor(xyz, rgb, 0.5, np.arange(3))
    assert x.shape == (FEATURES, 3)
    np.testing.assert_allclose(x[0:3, 0], [-1, -0.5, 0])  # x, y from the footprint centre; z from the lowest point
    np.testing.assert_allclose(x[3:6, 0], [0.5, -0.5, -0.5])  # rgb / 255 - 0.5
    np.testing.assert_allclose(x[6], [1.5, 2.0, 2.5])  # height above the floor
    assert np.all(proposal_tensor(xyz, None, 0.5, np.arange(3))[3:6] == 0)


def test_instances_come_from_instance_ids_or_from_components_of_each_class():
    for with_ids in (True, False):
        found = scene_instances(_room(with_ids))
        assert sorted(c for _, c in found) == sorted([BOXED.index(CHAIR), BOXED.index(TABLE)])
        assert all(len(m) == 500 for m, _ in found)


def test_training_samples_are_objects_or_pieces_of_wall_and_floor_labelled_none():
    scene = _room(True)
    sampler = ProposalSampler([scene], np.random.default_rng(1))
    x, y = sampler.batch(64)
    assert x.shape == (64, FEATURES, POINTS) and x.dtype == np.float32
    assert set(y.tolist()) <= {BOXED.index(CHAIR), BOXED.index(TABLE), NONE}
    assert NONE in y and BOXED.index(CHAIR) in y
    # a piece of structure is never taller than the 2.4 m box it is cut with; a chair never taller than itself
    heights = x[:, 2].max(1)
    assert heights[y == BOXED.index(CHAIR)].max() <= 0.5 * 1.1 + 0.15 * 2 * 1.1 + 1e-4


def test_the_classifier_gives_one_distribution_a_proposal():
    torch.manual_seed(0)
    net = InstanceNet().eval()
    scene = _room(True)
    members = [m for m, _ in scene_instances(scene)]
    p = classify_proposals(net, scene.xyz, scene.rgb, members)
    assert p.shape == (2, CLASSES)
    np.testing.assert_allclose(p.sum(1), 1, rtol=1e-5)
    assert classify_proposals(net, scene.xyz, scene.rgb, []).shape == (0, CLASSES)


def test_boxes_take_the_classifiers_surest_object_class_and_sure_boxes_relabel_their_points():
    from pointlens_train.classified_instances import classified_boxes, proposals, relabelled

    scene = _room(True)
    # the segmenter has the chair and the table the other way round
    pred = scene.labels.copy()
    pred[scene.labels == CHAIR], pred[scene.labels == TABLE] = TABLE, CHAIR
    cfg = {"boxes": {"voxel": 0.1, "min_points": 30, "suppress": {"iou": 0.5, "containment": 0.8}}}
    members = proposals(scene.xyz, pred, cfg, agnostic=False)
    assert [len(m) for m in members] == [500, 500]
    assert len(proposals(scene.xyz, pred, cfg, agnostic=True, voxels=(0.1, 0.2))) == 8
    probs = np.zeros((2, CLASSES))
    probs[0, BOXED.index(TABLE)], probs[0, NONE], probs[0, BOXED.index(CHAIR)] = 0.45, 0.4, 0.15
    probs[1, BOXED.index(CHAIR)], probs[1, NONE] = 0.8, 0.2
    boxes = classified_boxes(scene.xyz, members, probs, cfg)
    assert [(b["label"], round(b["score"], 6)) for b in boxes] == [("table", 0.45), ("chair", 0.8)]
    out = relabelled(pred, boxes, 0.5)
    # only the sure box gives its points its class: the slab keeps the segmenter's "chair"
    assert (out[members[1]] == CHAIR).all() and (out[members[0]] == CHAIR).all()
    assert (out[scene.labels == WALL] == WALL).all()
    # a proposal surer to be no object than any object makes no box
    probs[0, NONE] = 0.5
    assert [b["label"] for b in classified_boxes(scene.xyz, members, probs, cfg)] == ["chair"]
