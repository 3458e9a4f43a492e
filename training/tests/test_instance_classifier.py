import numpy as np
import torch

from pointlens_train.datasets.scene_labels import NAMES
from pointlens_train.datasets.scenes import Scene
from pointlens_train.instance_classifier import (BOXED, CLASSES, FEATURES, NONE, POINTS, InstanceNet, ProposalSampler,
                                                 classify_proposals, even_sample, floor_height, proposal_tensor, quarter_turned, scene_instances)

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


def test_turns_average_the_proposal_turned_about_its_footprint_centre():
    torch.manual_seed(0)
    net = InstanceNet().eval()
    scene = _room(True)
    members = [m for m, _ in scene_instances(scene)]
    x = np.stack([proposal_tensor(scene.xyz[m], scene.rgb[m], floor_height(scene.xyz), even_sample(len(m))) for m in members])
    turned = quarter_turned(x, 1)
    np.testing.assert_array_equal(turned[:, 0], -x[:, 1])
    np.testing.assert_array_equal(turned[:, 1], x[:, 0])
    np.testing.assert_array_equal(turned[:, 2:], x[:, 2:])
    np.testing.assert_array_equal(quarter_turned(x, 4), x)
    # the same proposals, their points turned a quarter about the footprint centre, read at four turns
    # give the same mean: the turns only change order
    four = classify_proposals(net, scene.xyz, scene.rgb, members, turns=4)
    np.testing.assert_allclose(four.sum(1), 1, rtol=1e-5)
    with torch.no_grad():
        each = [torch.softmax(net(torch.from_numpy(quarter_turned(x, k))), 1).numpy() for k in range(4)]
    np.testing.assert_allclose(four, np.mean(each, axis=0), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(classify_proposals(net, scene.xyz, scene.rgb, members), each[0], rtol=1e-5, atol=1e-7)


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


class _Catalog:
    """What shape_views reads of a furniture catalog: each entry's size in cm (width, height, depth) and its class."""

    def __init__(self, heights: dict[int, list[float]]):
        self.entries = [(None, type("Entry", (), {"size": (50.0, h, 50.0)})(), c) for c, hs in heights.items() for h in hs]

    def pool(self, label: int) -> list[int]:
        return [i for i, (_, _, c) in enumerate(self.entries) if c == label]


def _box_surface(size, n, rng) -> np.ndarray:
    """n points on the surface of a box of `size` centred at 0."""
    p = rng.uniform(-0.5, 0.5, (n, 3))
    axis = rng.integers(0, 3, n)
    p[np.arange(n), axis] = np.where(rng.random(n) < 0.5, -0.5, 0.5)
    return p * size


def test_shape_views_are_the_classifier_shapes_of_boxed_classes_turned_z_up_at_catalog_heights():
    from pointlens_train.datasets.cls_data import ClsCache
    from pointlens_train.instance_classifier import GREY, shape_views

    rng = np.random.default_rng(0)
    tall = _box_surface([0.4, 1.0, 0.3], 1024, rng)  # y up, as the classifier's cache holds shapes
    rows = [("modelnet40", "train", "chair"), ("modelnet40", "train", "dresser"), ("modelnet40", "test", "chair"),
            ("sweethome3d", "train", "chair"), ("modelnet40", "train", "airplane"), ("modelnet40", "train", "lamp")]
    points = np.concatenate([tall] * len(rows)).astype(np.float32)
    cache = ClsCache(points, np.arange(len(rows) + 1) * len(tall),
                     [{"source": s, "split": sp, "label": lab, "key": str(i), "hash": str(i)} for i, (s, sp, lab) in enumerate(rows)], [])
    chair, cabinet = NAMES.index("chair"), NAMES.index("cabinet")
    views = shape_views(cache, _Catalog({chair: [90.0], cabinet: [80.0]}), 3, np.random.default_rng(1))
    # the TRAIN chair and the dresser (a ScanNet cabinet) only: not the test split, not the catalog's own, not unboxed classes
    assert {v.label for v in views} == {BOXED.index(chair), BOXED.index(cabinet)} and len(views) <= 6
    for v in views:
        height = 0.9 if v.label == BOXED.index(chair) else 0.8
        lo, hi = v.xyz.min(0), v.xyz.max(0)
        assert lo[2] >= -1e-6 and 0.6 * height < hi[2] <= 1.1 * height + 1e-6  # the long axis is now up, at the catalog's height
        assert np.all(hi[:2] - lo[:2] < 0.5 * height)
        assert 30 <= len(v.xyz) <= 1500 and np.all(v.rgb == GREY)


def _object_features():
    from pointlens_train.instance_classifier import ObjectFeatures
    from pointlens_train.models.pointnet_cls import PointNetCls, fold_batchnorm

    torch.manual_seed(0)
    cls = PointNetCls(5, widths=(8, 16), head=(12,))
    cls.eval()
    return ObjectFeatures(fold_batchnorm(cls), 0.8), cls


def test_object_features_read_a_proposal_as_the_object_classifier_reads_a_shape():
    from pointlens_train.geometry import normalize_unit_sphere, z_up_to_y_up

    objects, cls = _object_features()
    xyz = np.random.default_rng(0).uniform(0, 1, (40, 3)) * [0.5, 0.4, 0.9] + [2, 3, 0.4]
    x = proposal_tensor(xyz.astype(np.float32), None, 0.0, np.arange(40))
    got = objects(torch.from_numpy(x[None])).detach().numpy()[0]
    # the classifier's own input: the same points y up, centred on their mean, on the unit sphere
    shape, _, _ = normalize_unit_sphere(z_up_to_y_up(x[0:3].T.astype(np.float64)))
    with torch.no_grad():
        pen = cls.head[:-1](cls.embed(torch.from_numpy(shape.T[None].copy())))
        want = torch.cat([pen, torch.softmax(cls.head[-1](pen) / 0.8, 1)], 1).numpy()[0]
    assert got.shape == (12 + 5,)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_the_object_classifier_stays_frozen_while_the_instance_classifier_trains():
    from pointlens_train.instance_classifier import train_instance_net

    objects, _ = _object_features()
    before = {k: v.clone() for k, v in objects.state_dict().items()}
    net = train_instance_net(ProposalSampler([_room(True)], np.random.default_rng(2)), steps=3, batch=8, objects=objects)
    assert net.head[0].in_features == 256 + 17
    assert not net.objects.training
    for k, v in net.objects.state_dict().items():
        assert torch.equal(v, before[k]), k
    x = torch.from_numpy(proposal_tensor(_room(True).xyz, None, 0.5, np.arange(600))[None])
    assert net(x).shape == (1, CLASSES)


def test_a_proposal_read_at_each_point_once_gives_what_the_even_samples_repeats_give(tmp_path):
    """The app reads a proposal of fewer than POINTS points at each point once (classifyInstances.ts):
    per-point layers and a max pool make repeats of a point change nothing, and the exported graph
    leaves its points axis free for it."""
    import onnx

    from pointlens_train.models.onnx_export import export_onnx
    from pointlens_train.pipelines.train_instances import INPUT, OUTPUT, WithSoftmax

    torch.manual_seed(0)
    net = InstanceNet().eval()
    xyz = np.random.default_rng(1).uniform(0, 1, (40, 3)).astype(np.float32)
    once = torch.from_numpy(proposal_tensor(xyz, None, 0.0, np.arange(40))[None])
    repeated = torch.from_numpy(proposal_tensor(xyz, None, 0.0, even_sample(40, POINTS))[None])
    with torch.no_grad():
        np.testing.assert_allclose(net(once).numpy(), net(repeated).numpy(), rtol=1e-6, atol=1e-6)
    path = tmp_path / "instances.onnx"
    export_onnx(WithSoftmax(net), torch.zeros(2, FEATURES, POINTS), path, INPUT, OUTPUT, points_axis=2)
    dims = onnx.load(path).graph.input[0].type.tensor_type.shape.dim
    assert [d.dim_param or d.dim_value for d in dims] == ["batch", FEATURES, "points"]


def test_local_shape_joins_each_point_and_is_read_from_the_whole_scene():
    from pointlens_train.instance_classifier import SHAPE_FEATURES, scene_shape, standing_shape

    scene = _room(True)
    shape = scene_shape(scene.xyz)
    floor, wall, table = slice(0, 4000), slice(4000, 6000), slice(6500, 7000)
    assert shape[floor, 0].mean() > 0.95 and shape[wall, 0].mean() < 0.05  # vertical: |n_z|
    assert shape[table, 0].mean() > 0.9
    x = proposal_tensor(scene.xyz, scene.rgb, 0.5, np.arange(6500, 7000), shape)
    assert x.shape == (FEATURES + SHAPE_FEATURES, 500)
    np.testing.assert_array_equal(x[FEATURES:], shape[table].T)
    np.testing.assert_array_equal(x[:FEATURES], proposal_tensor(scene.xyz, scene.rgb, 0.5, np.arange(6500, 7000)))
    # a model's points are read standing on a floor: a thin post's foot sees the floor around it
    rng = np.random.default_rng(0)
    post = np.c_[rng.uniform(0, 0.02, (200, 2)), rng.uniform(0, 1, 200)]
    alone, standing = scene_shape(post), standing_shape(post)
    assert standing.shape == (200, SHAPE_FEATURES)
    foot, top = post[:, 2] < 0.1, post[:, 2] > 0.5
    assert standing[foot, 2].mean() > alone[foot, 2].mean() + 0.05  # planar: the floor
    np.testing.assert_allclose(standing[top], alone[top], atol=0.01)  # the grid moves by rounding only


def test_a_classifier_with_local_shape_trains_on_it_and_reads_proposals_with_it():
    from pointlens_train.instance_classifier import SHAPE_FEATURES, ModelView

    scene = _room(True)
    view = ModelView(np.random.default_rng(2).uniform(0, 0.5, (300, 3)).astype(np.float32), np.full((300, 3), 90, np.uint8),
                     BOXED.index(CHAIR))
    sampler = ProposalSampler([scene], np.random.default_rng(1), [view], 0.5, (), 0.0, True)
    x, y = sampler.batch(32)
    assert x.shape == (32, FEATURES + SHAPE_FEATURES, POINTS)
    assert np.all((x[:, FEATURES:] >= 0) & (x[:, FEATURES:] <= 1)) and x[:, FEATURES].max() > 0.9
    torch.manual_seed(0)
    net = InstanceNet(local_shape=True).eval()
    p = classify_proposals(net, scene.xyz, scene.rgb, [m for m, _ in scene_instances(scene)])
    assert p.shape == (2, CLASSES)
    np.testing.assert_allclose(p.sum(1), 1, rtol=1e-5)
