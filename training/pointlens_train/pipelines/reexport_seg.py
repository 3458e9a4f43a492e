"""Exports the shipped segmenter again with the current export code, for a change to how the graph
computes the same function, when its training checkpoint is not at hand: the network is read back
from models/segmenter.onnx (seg_from_onnx), checked against the probabilities recorded for the
fixture block, and written back over it. The app's fixtures for it are written again, and the
manifest entry's size and op list follow; its metrics stay, and the step says how far the fixture
scan's figures moved.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from ..datasets.scene_blocks import input_features
from ..manifest import load_manifest, update_entry
from ..models.onnx_export import export_onnx
from ..models.seg_model import WithProbabilities
from ..models.seg_onnx import seg_from_onnx
from ..seg_evaluation import as_network
from ..seg_model_fixtures import FIXTURES, INPUT, OUTPUT, block_description, recorded_block, write_model_fixtures
from ..step_args import step_args

# the read-back network must give the recorded probabilities to this, or it is not the shipped one
RECORDED_TOLERANCE = 1e-5


def main() -> None:
    args, cfg = step_args("data", "models")
    torch.set_num_threads(1)
    data, models = Path(args.data), Path(args.models)
    onnx_path = models / "segmenter.onnx"
    model = seg_from_onnx(onnx_path, cfg)
    exported = WithProbabilities(model).eval()
    x, want = recorded_block()
    with torch.no_grad():
        got = exported(torch.from_numpy(x)).numpy()
    gap = float(np.abs(got - want).max())
    if gap > RECORDED_TOLERANCE:
        raise SystemExit(f"{onnx_path} read back gives the recorded block's probabilities to {gap:.2e}, not {RECORDED_TOLERANCE}")
    before = json.loads((FIXTURES / "segmenter_expected.json").read_text())
    ops = export_onnx(exported, torch.zeros(1, len(input_features(cfg)), cfg["points"]), onnx_path, INPUT, OUTPUT)
    after = write_model_fixtures(data, as_network(model, cfg), cfg)
    entry = next(m for m in load_manifest(models / "manifest.json")["models"] if m["id"] == "segmenter")
    entry["bytes"] = onnx_path.stat().st_size
    entry["data"]["description"] = block_description(cfg, ops)
    entry["metrics"]["fixture_scan"] = {k: after[k] for k in ("scan", "oa", "miou", "map25")}
    update_entry(models / "manifest.json", entry)
    print(json.dumps({"recorded_block_gap": gap, "bytes": entry["bytes"], "ops": ops,
                      "fixture_scan_before": {k: before[k] for k in ("oa", "miou", "map25", "boxes")},
                      "fixture_scan_after": {k: after[k] for k in ("oa", "miou", "map25", "boxes")}}, indent=1), flush=True)


if __name__ == "__main__":
    main()
