"""`make cls-bank`: gives the shipped classifier its `bank_similarity` output and the file that says
which training shape each bank row is (models/bank_output.py), without retraining. The rows are
recomputed from the prepared cache's training shapes by the torch network read back from the ONNX
file, and must match the bank the graph holds, so a cache that differs from the one the model was
exported with is refused rather than mislabelled. `make cls-eval` does the same for every new
export; running this again changes nothing.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx

from .. import open_set as osd
from ..datasets.cls_data import ClsCache, eval_points, train_val_split
from ..manifest import load_manifest, update_entry
from ..models.bank_output import add_nearest_to_fixture, bank_matrix, bank_rows, export_bank
from ..models.pointnet_cls import from_onnx
from ..open_set_protocol import view_outputs
from ..step_args import step_args

REPO = Path(__file__).resolve().parents[3]
PARITY = REPO / "tests/fixtures/ml/classifier_parity.json"
# float32 activations through two runtimes; a row of another shape differs by far more
ROW_TOLERANCE = 1e-4


def main() -> None:
    args, cfg = step_args("work", "models")
    models, work = Path(args.models), Path(args.work)
    manifest = models / "manifest.json"
    entry = next(m for m in load_manifest(manifest)["models"] if m["id"] == "classifier")
    open_set = entry.get("openSet") or {}
    if open_set.get("score") != "knn":
        raise SystemExit(f"the classifier's open-set score is {open_set.get('score')!r}: only a nearest-neighbour bank has rows to name")
    onnx_path = models / entry["file"]
    bank = bank_matrix(onnx.load(str(onnx_path)), open_set["outputName"])
    views = int(entry["input"].get("views", 1))

    cache = ClsCache.load(work)
    model = from_onnx(str(onnx_path), cfg["model"], len(entry["classes"]))
    rows = train_val_split(cache, cfg["val_fraction"])[0]
    out = view_outputs(model, np.stack([eval_points(cache.shape(i), cfg["points"]) for i in rows]), views)
    recomputed = osd.unit_rows(out.penultimate.reshape(-1, out.penultimate.shape[-1]))
    if recomputed.shape != bank.shape:
        raise SystemExit(f"the cache gives {recomputed.shape[0]} training views, the model's bank {bank.shape[0]}: prepare the cache the model was exported with")
    worst = float(np.abs(recomputed - bank).max())
    if worst > ROW_TOLERANCE:
        raise SystemExit(f"the cache's training shapes differ from the model's bank (largest difference {worst:.3g}): prepare the cache the model was exported with")

    entry["openSet"]["neighbours"] = export_bank(onnx_path, open_set["outputName"], bank_rows(cache.index, rows, views), views)
    entry["bytes"] = onnx_path.stat().st_size
    update_entry(manifest, entry)
    add_nearest_to_fixture(PARITY, model, bank)
    print(f"{onnx_path}: bank_similarity over {bank.shape[0]} rows (largest difference from the recomputed rows {worst:.3g}), "
          f"{entry['openSet']['neighbours']['file']} {entry['openSet']['neighbours']['bytes']} bytes")


if __name__ == "__main__":
    main()
