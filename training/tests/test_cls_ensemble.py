import pytest
import torch

from pointlens_train.models.cls_ensemble import merge
from pointlens_train.models.onnx_export import export_onnx
from pointlens_train.models.pointnet_cls import PointNetCls, from_onnx

CFG = {"widths": [16, 32], "head": [16], "dropout": 0.4}


def _members(k: int) -> list[PointNetCls]:
    """k small PointNets from different seeds, with BatchNorm statistics moved off their defaults."""
    out = []
    for seed in range(k):
        torch.manual_seed(seed)
        m = PointNetCls(5, widths=(16, 32), head=(16,))
        with torch.no_grad():
            m.train()(torch.randn(16, 3, 64) * (1 + seed))
        out.append(m.eval())
    return out


def test_merged_logits_are_the_mean_of_the_members():
    members = _members(3)
    x = torch.randn(4, 3, 64)
    with torch.no_grad():
        expected = torch.stack([m(x) for m in members]).mean(0)
        assert torch.allclose(merge(members)(x), expected, atol=1e-5)
        # each member alone differs from the mean: the test would notice a merge that kept one
        assert not torch.allclose(members[0](x), expected, atol=1e-3)


def test_merged_global_feature_is_the_members_side_by_side():
    members = _members(2)
    x = torch.randn(3, 3, 64)
    with torch.no_grad():
        merged = merge(members)
        assert torch.allclose(merged.embed(x), torch.cat([m.embed(x) for m in members], 1), atol=1e-5)
        assert merged.penultimate(merged.embed(x)).shape == (3, 32)


def test_an_exported_ensemble_reads_back_at_its_own_widths(tmp_path):
    members = _members(3)
    merged = merge(members)
    path = tmp_path / "ensemble.onnx"
    export_onnx(merged, torch.zeros(1, 3, 64), path, "points", "logits")
    back = from_onnx(str(path), CFG, 5)
    x = torch.randn(2, 3, 64)
    with torch.no_grad():
        assert torch.allclose(back(x), merged(x), atol=1e-5)
    assert [(m.out_channels, m.groups) for m in back.features if isinstance(m, torch.nn.Conv1d)] == [(48, 1), (96, 3)]


def test_a_network_that_mixes_points_does_not_merge():
    local = PointNetCls(5, widths=(16, 32), head=(16,), local={"after": 1, "scales": [0.1], "narrow": 4, "anchors": 8}).eval()
    with pytest.raises(ValueError, match="local branch"):
        merge([local, _members(1)[0]])
