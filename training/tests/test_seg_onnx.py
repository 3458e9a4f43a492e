import json
from pathlib import Path

import numpy as np
import torch

from pointlens_train.models.seg_onnx import seg_from_onnx
from pointlens_train.seg_model_fixtures import recorded_block

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_segmenter_read_back_from_onnx_gives_its_exported_probabilities():
    cfg = json.loads((ROOT / "training" / "configs" / "seg.json").read_text())
    model = seg_from_onnx(ROOT / "models" / "segmenter.onnx", cfg)
    x, want = recorded_block()
    with torch.no_grad():
        got = torch.softmax(model(torch.from_numpy(x)), -1).numpy()
    assert np.abs(got - want).max() < 1e-5
