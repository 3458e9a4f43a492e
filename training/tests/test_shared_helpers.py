import json

import onnx
import pytest
import torch

from pointlens_train.manifest import update_entry
from pointlens_train.models.onnx_export import batch_dim_is_dynamic, export_onnx


class _Pool(torch.nn.Module):
    def __init__(self, use_maxpool: bool):
        super().__init__()
        self.conv = torch.nn.Conv1d(3, 8, 1)
        self.use_maxpool = use_maxpool

    def forward(self, x):
        h = self.conv(x)
        if self.use_maxpool:
            return torch.nn.functional.max_pool1d(h, 16).squeeze(2)
        return torch.amax(h, dim=2)


def test_export_gives_reducemax_and_dynamic_batch(tmp_path):
    ops = export_onnx(_Pool(False), torch.zeros(1, 3, 16), tmp_path / "m.onnx", "points", "out")
    assert "ReduceMax" in ops and "MaxPool" not in ops
    model = onnx.load(tmp_path / "m.onnx")
    assert model.opset_import[0].version == 17
    assert batch_dim_is_dynamic(model)


def test_export_refuses_maxpool(tmp_path):
    with pytest.raises(ValueError):
        export_onnx(_Pool(True), torch.zeros(1, 3, 16), tmp_path / "m.onnx", "points", "out")
    assert not (tmp_path / "m.onnx").exists()


def test_update_entry_keeps_other_models(tmp_path):
    path = tmp_path / "manifest.json"
    update_entry(path, {"id": "a", "v": 1})
    update_entry(path, {"id": "b", "v": 1})
    update_entry(path, {"id": "a", "v": 2})
    models = json.loads(path.read_text())["models"]
    assert models == [{"id": "a", "v": 2}, {"id": "b", "v": 1}]
