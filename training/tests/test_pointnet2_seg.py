"""The PointNet++ candidate's neighbour search, interpolation and the contract it keeps with the pipeline."""
import numpy as np
import torch

from pointlens_train.datasets.scene_labels import NAMES
from pointlens_train.models.pointnet2_seg import PointNet2Seg, gather, nearest, propagate
from pointlens_train.models.seg_training import build_model


def test_nearest_finds_the_k_closest_points_by_brute_force():
    rng = np.random.default_rng(0)
    pts = torch.from_numpy(rng.random((2, 50, 3)).astype(np.float32))
    dist, idx = nearest(pts[:, :5], pts, 4)
    for b in range(2):
        for q in range(5):
            d = ((pts[b] - pts[b, q]) ** 2).sum(-1).numpy()
            assert set(idx[b, q].tolist()) == set(np.argsort(d)[:4].tolist())
            assert idx[b, q, 0] == q  # a centre is its own nearest point
            np.testing.assert_allclose(np.sort(dist[b, q].numpy()), np.sort(d)[:4], atol=1e-5)


def test_gather_picks_rows_per_block():
    values = torch.arange(2 * 4 * 3, dtype=torch.float32).reshape(2, 4, 3)
    idx = torch.tensor([[[3, 0]], [[1, 1]]])
    out = gather(values, idx)
    assert out.shape == (2, 1, 2, 3)
    assert torch.equal(out[0, 0, 0], values[0, 3]) and torch.equal(out[1, 0, 1], values[1, 1])


def test_propagation_gives_a_centre_its_own_features_and_a_midpoint_the_mean():
    centres = torch.tensor([[[0.0, 0, 0], [1, 0, 0], [5, 5, 5]]])
    feats = torch.tensor([[[2.0], [4.0], [100.0]]])
    xyz = torch.tensor([[[0.0, 0, 0], [0.5, 0, 0]]])
    out = propagate(xyz, centres, feats, nearest(xyz, centres, 3)[1])
    assert abs(out[0, 0, 0].item() - 2.0) < 1e-4
    # the far centre weighs 1/75 against 1/0.25 for each near one
    assert abs(out[0, 1, 0].item() - 3.0) < 0.3


def test_the_candidate_is_built_from_its_config_and_gives_a_class_score_per_point():
    cfg = {"input_features": 12, "model": {"kind": "pointnet2", "dropout": 0.3}}
    model = build_model(cfg).eval()
    assert isinstance(model, PointNet2Seg)
    x = torch.rand(2, 12, 600)
    with torch.no_grad():
        out = model(x)
    assert out.shape == (2, 600, len(NAMES))
    # the points of a block are a set: reordering all but the centres (the first 512) permutes the scores alike
    perm = torch.cat([torch.arange(512), 512 + torch.randperm(88)])
    with torch.no_grad():
        again = model(x[:, :, perm])
    torch.testing.assert_close(again, out[:, perm], atol=1e-4, rtol=1e-4)


def test_the_network_given_its_neighbourhoods_exports_without_a_neighbour_search(tmp_path):
    import onnx

    from pointlens_train.models.pointnet2_seg import Neighbours, neighbours

    model = PointNet2Seg(12, 20, centres=(16, 8), k=4).eval()

    class Given(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, x, region1, region2, up1, up0):
            return self.model.given(x, Neighbours(region1, region2, up1, up0))

    x = torch.rand(1, 12, 64)
    nb = neighbours(x[:, 0:3].transpose(1, 2), (16, 8), 4)
    with torch.no_grad():
        torch.testing.assert_close(Given()(x, *nb), model(x))
    torch.onnx.export(Given(), (x, *nb), tmp_path / "pn2.onnx", opset_version=17,
                      input_names=["points", "region1", "region2", "up1", "up0"], output_names=["logits"])
    ops = {n.op_type for n in onnx.load(tmp_path / "pn2.onnx").graph.node}
    assert {"GatherElements", "ReduceMax", "Conv"} <= ops
    assert not {"TopK", "MaxPool"} & ops
