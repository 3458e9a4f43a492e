import onnx
import pytest
import torch

from pointlens_train.models.pointnet_cls import PointNetCls, fold_batchnorm
from pointlens_train.models.onnx_export import batch_dim_is_dynamic, export_onnx


def _trained_a_little() -> PointNetCls:
    torch.manual_seed(0)
    model = PointNetCls(5, widths=(16, 32), head=(16,))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):  # moves the BatchNorm statistics away from their defaults
        loss = model(torch.randn(8, 3, 64)).logsumexp(1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()


def test_folding_batchnorm_keeps_the_function():
    model = _trained_a_little()
    x = torch.randn(4, 3, 64)
    with torch.no_grad():
        assert torch.allclose(model(x), fold_batchnorm(model)(x), atol=1e-5)


def test_unfolding_batchnorm_gives_back_the_folded_function_to_train_on():
    from pointlens_train.models.pointnet_cls import unfold_batchnorm

    folded = fold_batchnorm(_trained_a_little())
    torch.manual_seed(1)
    clouds = torch.randn(32, 3, 64)
    model = unfold_batchnorm(folded, PointNetCls(5, widths=(16, 32), head=(16,), dropout=0.0), clouds)
    with torch.no_grad():
        expected = folded(clouds)
        assert torch.allclose(model.eval()(clouds), expected, atol=1e-5)
        # train mode normalises by the batch's statistics, which on the clouds the statistics came from are the same
        assert torch.allclose(model.train()(clouds), expected, atol=1e-4)
        assert not torch.allclose(PointNetCls(5, widths=(16, 32), head=(16,), dropout=0.0).eval()(clouds), expected, atol=1e-2)


def test_export_of_untrained_model(tmp_path):
    path = tmp_path / "cls.onnx"
    ops = export_onnx(fold_batchnorm(PointNetCls(5, widths=(16, 32), head=(16,)).eval()), torch.zeros(1, 3, 64), path, "points", "logits")
    model = onnx.load(path)
    assert model.opset_import[0].version == 17
    assert "ReduceMax" in ops and not any("MaxPool" in op for op in ops)
    assert "BatchNormalization" not in ops
    assert batch_dim_is_dynamic(model)
    assert [i.name for i in model.graph.input] == ["points"]
    assert [o.name for o in model.graph.output] == ["logits"]
    assert all(i.type.tensor_type.elem_type == onnx.TensorProto.FLOAT for i in model.graph.input)


def test_view_turns_keep_the_up_axis_and_the_first_view():
    import numpy as np

    from pointlens_train.datasets.cls_data import view_turns

    clouds = np.random.default_rng(0).normal(size=(2, 64, 3)).astype(np.float32)
    turned = view_turns(clouds, 4)
    assert len(turned) == 4
    np.testing.assert_array_equal(turned[0], clouds)
    for t in turned:
        np.testing.assert_array_equal(t[..., 1], clouds[..., 1])
        np.testing.assert_allclose(np.linalg.norm(t, axis=2), np.linalg.norm(clouds, axis=2), rtol=1e-5)
    # a quarter turn about y (right-handed): x' = z, z' = -x
    np.testing.assert_allclose(turned[1][..., 0], clouds[..., 2], atol=1e-6)
    np.testing.assert_allclose(turned[1][..., 2], -clouds[..., 0], atol=1e-6)


def test_vote_averages_probabilities_and_one_view_is_plain_softmax():
    import numpy as np

    from pointlens_train.models.cls_voting import predict, vote

    model = _trained_a_little()
    clouds = np.random.default_rng(1).normal(size=(3, 64, 3)).astype(np.float32)
    one = vote(model, clouds, 1)
    np.testing.assert_allclose(one, torch.softmax(torch.from_numpy(predict(model, clouds)).double(), 1).numpy())
    many = vote(model, clouds, 6)
    np.testing.assert_allclose(many.sum(1), 1.0)
    assert not np.allclose(many, one)


@pytest.mark.parametrize("layer", ["global", "penultimate"])
@pytest.mark.parametrize("kind", ["mahalanobis", "knn"])
def test_open_set_export_has_logits_first_then_feature_and_distance(tmp_path, layer, kind):
    import numpy as np

    from pointlens_train import open_set as osd
    from pointlens_train.models.pointnet_cls import MahalanobisDistance, NearestNeighbourDistance, OpenSetClassifier

    model = fold_batchnorm(_trained_a_little())
    x = torch.randn(40, 3, 64)
    with torch.no_grad():
        feats = model.embed(x)
        measured = (feats if layer == "global" else model.penultimate(feats)).double().numpy()
    if kind == "mahalanobis":
        g = osd.fit_gaussian(measured, np.arange(40) % 5, 5, shrinkage=0.3)
        w, wm = osd.whitening(g)
        distance_module, expected = MahalanobisDistance(torch.from_numpy(w), torch.from_numpy(wm)), osd.mahalanobis_score(measured[:4], g)
    else:
        bank = osd.unit_rows(measured[10:])
        distance_module, expected = NearestNeighbourDistance(torch.from_numpy(bank)), osd.nearest_neighbour_score(measured[:4], bank)
    exported = OpenSetClassifier(model, layer, distance_module).eval()
    with torch.no_grad():
        logits, feature, distance = exported(x[:4])
        np.testing.assert_allclose(logits.numpy(), model(x[:4]).numpy(), atol=1e-6)
    np.testing.assert_allclose(feature.numpy(), feats[:4].numpy(), rtol=1e-6)
    np.testing.assert_allclose(distance.numpy(), expected, rtol=1e-4, atol=1e-6)
    path = tmp_path / "cls.onnx"
    ops = export_onnx(exported, torch.zeros(1, 3, 64), path, "points", "logits", extra_outputs=("feature", "ood_distance"))
    graph = onnx.load(path)
    assert [o.name for o in graph.graph.output] == ["logits", "feature", "ood_distance"]
    assert batch_dim_is_dynamic(graph)
    assert "ReduceMax" in ops and not any("MaxPool" in op for op in ops)


def _open_set_export(tmp_path):
    import numpy as np

    from pointlens_train import open_set as osd
    from pointlens_train.models.pointnet_cls import MahalanobisDistance, OpenSetClassifier

    model = fold_batchnorm(_trained_a_little())
    with torch.no_grad():
        feats = model.embed(torch.randn(40, 3, 64)).double().numpy()
    w, wm = osd.whitening(osd.fit_gaussian(feats, np.arange(40) % 5, 5, shrinkage=0.3))
    path = tmp_path / "cls.onnx"
    distance = MahalanobisDistance(torch.from_numpy(w), torch.from_numpy(wm))
    export_onnx(OpenSetClassifier(model, "global", distance).eval(), torch.zeros(1, 3, 64), path,
                "points", "logits", extra_outputs=("feature", "ood_distance"))
    return model, path


def test_critical_output_is_added_once_with_a_free_points_axis(tmp_path):
    from pointlens_train.models.critical_output import add_explain_outputs_file

    _, path = _open_set_export(tmp_path)
    ops = add_explain_outputs_file(path)
    assert "ArgMax" in ops and "MaxPool" not in ops
    graph = onnx.load(path).graph
    assert [o.name for o in graph.output] == ["logits", "feature", "ood_distance", "critical", "point_features"]
    assert graph.input[0].type.tensor_type.shape.dim[2].dim_param == "points"
    assert batch_dim_is_dynamic(onnx.load(path))
    before = path.read_bytes()
    add_explain_outputs_file(path)
    assert path.read_bytes() == before


def test_critical_output_refuses_a_graph_without_the_global_pool(tmp_path):
    from pointlens_train.models.critical_output import add_critical_output

    path = tmp_path / "head.onnx"
    export_onnx(torch.nn.Linear(3, 2), torch.zeros(1, 3), path, "points", "logits", required_ops=())
    with pytest.raises(ValueError, match="ReduceMax"):
        add_critical_output(onnx.load(path))


def test_critical_winners_carry_the_global_feature():
    import numpy as np

    from pointlens_train.models.critical_output import critical_winners

    model = fold_batchnorm(_trained_a_little())
    cloud = np.random.default_rng(2).normal(size=(64, 3)).astype(np.float32)
    winners, gap = critical_winners(model, cloud)
    with torch.no_grad():
        glob = model.embed(torch.from_numpy(cloud.T[None].copy())).numpy()[0]
        on_winners = model.embed(torch.from_numpy(cloud[np.unique(winners)].T[None].copy())).numpy()[0]
    np.testing.assert_array_equal(on_winners, glob)
    assert (gap >= 0).all() and winners.shape == glob.shape


def test_head_model_takes_the_global_feature_to_the_logits(tmp_path):
    from pointlens_train.models.critical_output import add_explain_outputs_file, head_path

    _, path = _open_set_export(tmp_path)
    add_explain_outputs_file(path)
    head = onnx.load(head_path(path))
    assert [i.name for i in head.graph.input] == ["feature"]
    assert [o.name for o in head.graph.output] == ["logits"]
    assert {n.op_type for n in head.graph.node} == {"Gemm", "Relu"}
    assert batch_dim_is_dynamic(head)


LOCAL = {"after": 1, "scales": [0.2, 0.5], "narrow": 4, "anchors": 16}


def test_a_new_local_branch_leaves_the_network_as_it_was():
    from pointlens_train.models.pointnet_cls import unfold_batchnorm

    folded = fold_batchnorm(_trained_a_little())
    clouds = torch.randn(32, 3, 64)
    model = unfold_batchnorm(folded, PointNetCls(5, widths=(16, 32), head=(16,), dropout=0.0, local=LOCAL), clouds)
    with torch.no_grad():
        assert torch.allclose(model.eval()(clouds), folded(clouds), atol=1e-5)


def _local_trained_a_little() -> PointNetCls:
    torch.manual_seed(0)
    model = PointNetCls(5, widths=(16, 32), head=(16,), local=LOCAL)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        loss = model(torch.randn(8, 3, 64)).logsumexp(1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()


def test_the_local_branch_sees_the_neighbourhood_and_folds_and_exports(tmp_path):
    import numpy as np

    from pointlens_train.models.pointnet_cls import from_onnx

    model = _local_trained_a_little()
    assert model.local.widen.weight.abs().sum() > 0
    x = torch.randn(4, 3, 64)
    with torch.no_grad():
        # a point's features now depend on the points around it: moving the anchors changes them
        moved = x.clone()
        moved[:, :, :16] += 0.3
        assert not torch.allclose(model.per_point(x)[:, :, 40:], model.per_point(moved)[:, :, 40:], atol=1e-4)
        folded = fold_batchnorm(model)
        assert torch.allclose(model(x), folded(x), atol=1e-5)
    path = tmp_path / "local.onnx"
    ops = export_onnx(folded, torch.zeros(1, 3, 64), path, "points", "logits")
    assert {"MatMul", "Softmax", "ReduceMax"} <= set(ops) and not {"TopK", "Exp"} & set(ops)
    cfg = {"widths": [16, 32], "head": [16], "dropout": 0.4, "local": LOCAL}
    back = from_onnx(str(path), cfg, 5)
    assert back.local is not None
    with torch.no_grad():
        np.testing.assert_allclose(back(x).numpy(), folded(x).numpy(), atol=1e-5)


def test_a_plain_file_reads_back_without_the_branch_its_config_adds(tmp_path):
    from pointlens_train.models.pointnet_cls import from_onnx

    folded = fold_batchnorm(_trained_a_little())
    path = tmp_path / "plain.onnx"
    export_onnx(folded, torch.zeros(1, 3, 64), path, "points", "logits")
    back = from_onnx(str(path), {"widths": [16, 32], "head": [16], "dropout": 0.4, "local": LOCAL}, 5)
    x = torch.randn(2, 3, 64)
    assert back.local is None
    with torch.no_grad():
        assert torch.allclose(back(x), folded(x), atol=1e-5)


def test_a_plain_file_read_with_local_shape_starts_from_its_function_and_reads_the_surface(tmp_path):
    from pointlens_train.models.pointnet_cls import from_onnx, with_local_shape

    folded = fold_batchnorm(_trained_a_little())
    path = tmp_path / "plain.onnx"
    export_onnx(folded, torch.zeros(1, 3, 64), path, "points", "logits")
    back = from_onnx(str(path), {"widths": [16, 32], "head": [16], "dropout": 0.4, "local_shape": True}, 5)
    # the three new input channels start at zero, so the network computes what the file does
    assert back.features[0].weight.shape[1] == 6 and torch.all(back.features[0].weight[:, 3:] == 0)
    g = torch.Generator().manual_seed(0)
    x = torch.rand(2, 3, 64, generator=g)
    with torch.no_grad():
        assert torch.allclose(back(x), folded(x), atol=1e-5)
    # a horizontal board (y up, the classifier's frame) and a vertical one: vertical 1 and 0, both planar
    board = torch.rand(2, 3, 2000, generator=g) - 0.5
    board[0, 1] = 0.01 * board[0, 1]
    board[1, 0] = 0.01 * board[1, 0]
    feats = with_local_shape(board)
    assert feats.shape == (2, 6, 2000) and torch.equal(feats[:, :3], board)
    assert feats[0, 3].mean() > 0.99 and feats[1, 3].mean() < 0.01
    assert feats[:, 5].mean() > 0.6 and feats[:, 5].mean() > 2 * feats[:, 4].mean()  # planar, not linear
