"""`make cls-proportions`: the proportions rule's validation table (`proportions_rule.py`) for the shipped
classifier, its shapes cached under work/proportions/; `--record ../models/manifest.json` writes the
rule into the classifier's entry without a new export (`make cls-eval` writes it with every export).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import open_set as osd
from ..datasets.cls_data import ClsCache
from ..manifest import load_manifest, update_entry
from ..models.pointnet_cls import from_onnx
from ..open_set_protocol import training_bank, unknown_rows, validation_data, view_outputs
from ..proportions_rule import add_to_entry, choose_rule, decision_arrays, shapes, validation_arrays
from ..step_args import step_args


def extract(cache: ClsCache, cfg: dict, model_path: Path, out: Path) -> dict:
    """Distances, top classes and proportions of the training, validation and validation-unknown shapes, cached."""
    if out.exists():
        return dict(np.load(out))
    model = from_onnx(str(model_path), cfg["model"], len(cache.classes))
    d = validation_data(model, cache, cfg, 1)
    bank = training_bank(d, "penultimate")
    arrays = validation_arrays(
        cache, cfg, d, (d.val.logits[0].argmax(1), bank.scores(d.val)[0]),
        (d.val_unknown.logits[0].argmax(1), bank.scores(d.val_unknown)[0]),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **arrays)
    return arrays


def extract_test(cache: ClsCache, cfg: dict, model_path: Path, out: Path) -> dict:
    """The same for the held-out test shapes of the served classes and the test-unknown classes, cached."""
    if out.exists():
        return dict(np.load(out))
    model = from_onnx(str(model_path), cfg["model"], len(cache.classes))
    bank = training_bank(validation_data(model, cache, cfg, 1), "penultimate")
    n = cfg["points"]
    rows, labels = cache.served("test")
    _, test_classes = osd.split_unknown_classes(cache.unknown_classes())
    unk_rows = unknown_rows(cache, test_classes)
    ko, uo = view_outputs(model, shapes(cache, rows, n), 1), view_outputs(model, shapes(cache, unk_rows, n), 1)
    arrays = decision_arrays(
        cache, n, (rows, labels, ko.logits[0].argmax(1), bank.scores(ko)[0]), (unk_rows, uo.logits[0].argmax(1), bank.scores(uo)[0]),
    )
    np.savez(out, **arrays)
    return arrays


def main() -> None:
    args, cfg = step_args("work", "models", record="")
    work = Path(args.work)
    cache = ClsCache.load(work)
    a = extract(cache, cfg, Path(args.models) / "classifier.onnx", work / "proportions" / "validation.npz")
    entry = next(m for m in load_manifest(args.record)["models"] if m["id"] == "classifier") if args.record else None
    chosen = choose_rule(a, len(cache.classes), entry and entry["openSet"]["threshold"])
    if not (chosen and entry):
        return
    ta = extract_test(cache, cfg, Path(args.models) / "classifier.onnx", work / "proportions" / "test.npz")
    add_to_entry(entry, cache.class_names(), a, ta, *chosen)
    update_entry(args.record, entry)


if __name__ == "__main__":
    main()
