"""`make cls-explain`: gives the shipped classifier the outputs the app's "see inside the model" view
reads (models/critical_output.py), without retraining: edits models/classifier.onnx in place,
updates its manifest entry (file size, ops, the `explain` block) and adds each case's critical
winners, computed by the torch network read back from the ONNX initializers, to the parity
fixture. `make cls-eval` does the same for every new export; running this again changes nothing.
"""
from __future__ import annotations

from pathlib import Path

from ..critical_fixture import add_critical_to_fixture
from ..manifest import load_manifest, update_entry
from ..models.critical_output import add_explain_outputs_file, manifest_explain
from ..models.pointnet_cls import from_onnx
from ..step_args import step_args

REPO = Path(__file__).resolve().parents[3]
PARITY = REPO / "tests/fixtures/ml/classifier_parity.json"


def main() -> None:
    args, cfg = step_args("models")
    models = Path(args.models)
    manifest = models / "manifest.json"
    entry = next(m for m in load_manifest(manifest)["models"] if m["id"] == "classifier")
    onnx_path = models / entry["file"]
    ops = add_explain_outputs_file(onnx_path)
    entry["bytes"] = onnx_path.stat().st_size
    entry["explain"] = manifest_explain(onnx_path)
    entry["metrics"]["onnx_ops"] = ops
    update_entry(manifest, entry)
    model = from_onnx(str(onnx_path), cfg["model"], len(entry["classes"]))
    gap = add_critical_to_fixture(PARITY, model)
    print(f"{onnx_path}: outputs for critical points and its head model, {entry['bytes']} bytes, ops {ops}; smallest winner gap in the fixture {gap:.3g}")


if __name__ == "__main__":
    main()
