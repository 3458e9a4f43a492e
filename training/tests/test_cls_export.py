import onnx
import torch

from pointlens_train.models.pointnet_cls import PointNetCls, fold_batchnorm
from pointlens_train.onnx_export import batch_dim_is_dynamic, export_onnx


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
