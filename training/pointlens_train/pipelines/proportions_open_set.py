"""`make cls-proportions`: whether a shape's proportions, against the range its top class's training
shapes span, add to the unknown-object decision (training/README.md, "Proportions").

The rule, written before any figure: the ranges come from the training part of TRAIN; each
candidate (which log ratios, the margin m) flags a shape as unknown where its distance is past a
threshold OR a used ratio lies more than m outside its top class's range; the threshold is chosen
again so that 92% of the validation knowns stay accepted. The candidate flagging the most
validation unknowns wins (ties: the wider margin, then fewer ratios); it ships only if it flags at
least 2 more of the validation unknowns than the distance alone (one shape is within what chance
moves). Only then is the test split scored, once (`--record ../models/manifest.json`, which writes
the chosen ratios, margin and class ranges into the classifier's open-set contract, and the
figures into its metrics).
"""
from __future__ import annotations

import json
from itertools import product
from pathlib import Path

import numpy as np

from .. import open_set as osd
from .. import proportions as prop
from ..datasets.cls_data import ClsCache, eval_points, train_val_split
from ..open_set_protocol import KNOWN_ACCEPTED, training_bank, unknown_rows, validation_data, view_outputs
from ..manifest import load_manifest, update_entry
from ..step_args import step_args
from .evaluate_cls import load_model

MARGINS = (0.0, 0.1, 0.2, 0.3, 0.5)
RATIO_SETS = ((1,), (0, 1), (0, 1, 2))


def _shapes(cache: ClsCache, rows: list[int], n: int) -> np.ndarray:
    return np.stack([eval_points(cache.shape(i), n) for i in rows])


def _ratios(clouds: np.ndarray) -> np.ndarray:
    return np.stack([prop.log_ratios(c) for c in clouds])


def extract(cache: ClsCache, cfg: dict, model_path: Path, out: Path) -> dict:
    """Distances, top classes and proportions of the training, validation and validation-unknown shapes, cached."""
    if out.exists():
        return dict(np.load(out))
    model, _ = load_model(model_path, cache.class_names(), cfg)
    d = validation_data(model, cache, cfg, 1)
    bank = training_bank(d, "penultimate")
    n = cfg["points"]
    val_rows = train_val_split(cache, cfg["val_fraction"])[2]
    arrays = {
        "train_y": d.train_y, "train_ratios": _ratios(_shapes(cache, d.train_rows, n)),
        "val_y": d.val_y, "val_top": d.val.logits[0].argmax(1), "val_distance": bank.scores(d.val)[0],
        "val_ratios": _ratios(_shapes(cache, val_rows, n)),
        "unk_top": d.val_unknown.logits[0].argmax(1), "unk_distance": bank.scores(d.val_unknown)[0],
        "unk_ratios": _ratios(_shapes(cache, unknown_rows(cache, d.val_unknown_classes), n)),
        "unk_label": np.array([cache.index[i]["label"] for i in unknown_rows(cache, d.val_unknown_classes)]),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **arrays)
    return arrays


def combined_threshold(distance: np.ndarray, flagged: np.ndarray) -> float:
    """The smallest distance threshold at which the knowns neither past it nor flagged by proportions
    are still KNOWN_ACCEPTED of all knowns; None where proportions alone flag more than the rest."""
    need = int(np.ceil(KNOWN_ACCEPTED * len(distance)))
    inside = np.sort(distance[~flagged])
    return float(inside[need - 1]) if len(inside) >= need else None


def evaluate(a: dict, classes: int, used: tuple[int, ...] | None, margin: float) -> dict:
    ranges = prop.class_ranges(a["train_ratios"], a["train_y"], classes)
    if used is None:
        kf, uf = np.zeros(len(a["val_top"]), bool), np.zeros(len(a["unk_top"]), bool)
    else:
        kf = prop.outside(a["val_ratios"], a["val_top"], ranges, margin, used)
        uf = prop.outside(a["unk_ratios"], a["unk_top"], ranges, margin, used)
    t = combined_threshold(a["val_distance"], kf)
    if t is None:
        return {"ratios": [prop.RATIOS[i] for i in used], "margin": margin, "infeasible": int(kf.sum())}
    known_flag = kf | (a["val_distance"] > t)
    unk_flag = uf | (a["unk_distance"] > t)
    accepted = ~known_flag
    return {
        "ratios": None if used is None else [prop.RATIOS[i] for i in used], "margin": margin, "threshold": round(t, 4),
        "unknown_flagged": int(unk_flag.sum()), "unknowns": int(len(unk_flag)),
        "known_flagged": int(known_flag.sum()), "knowns": int(len(known_flag)),
        "known_flagged_by_proportions": int(kf.sum()), "unknown_flagged_by_proportions": int(uf.sum()),
        "unknown_flagged_only_by_proportions": int((uf & (a["unk_distance"] <= t)).sum()),
        "accuracy_on_accepted_known": round(float((a["val_top"][accepted] == a["val_y"][accepted]).mean()), 4),
        "flagged_unknowns_by_class": {c: int(unk_flag[a["unk_label"] == c].sum()) for c in sorted(set(a["unk_label"]))},
    }


def extract_test(cache: ClsCache, cfg: dict, model_path: Path, out: Path) -> dict:
    """The same for the held-out test shapes of the served classes and the test-unknown classes, cached."""
    if out.exists():
        return dict(np.load(out))
    model, _ = load_model(model_path, cache.class_names(), cfg)
    bank = training_bank(validation_data(model, cache, cfg, 1), "penultimate")
    n = cfg["points"]
    rows, labels = cache.served("test")
    _, test_classes = osd.split_unknown_classes(cache.unknown_classes())
    unk_rows = unknown_rows(cache, test_classes)
    known, unknown = _shapes(cache, rows, n), _shapes(cache, unk_rows, n)
    ko, uo = view_outputs(model, known, 1), view_outputs(model, unknown, 1)
    arrays = {
        "val_y": labels, "val_top": ko.logits[0].argmax(1), "val_distance": bank.scores(ko)[0], "val_ratios": _ratios(known),
        "unk_top": uo.logits[0].argmax(1), "unk_distance": bank.scores(uo)[0], "unk_ratios": _ratios(unknown),
        "unk_label": np.array([cache.index[i]["label"] for i in unk_rows]),
    }
    np.savez(out, **arrays)
    return arrays


def score_at(a: dict, ranges: np.ndarray, threshold: float, used: tuple[int, ...] | None, margin: float) -> dict:
    """Flag rates and accuracy on accepted knowns of the decision at a fixed threshold (test)."""
    kf = prop.outside(a["val_ratios"], a["val_top"], ranges, margin, used) if used else np.zeros(len(a["val_top"]), bool)
    uf = prop.outside(a["unk_ratios"], a["unk_top"], ranges, margin, used) if used else np.zeros(len(a["unk_top"]), bool)
    known_flag, unk_flag = kf | (a["val_distance"] > threshold), uf | (a["unk_distance"] > threshold)
    accepted = ~known_flag
    return {
        "unknown_flagged": round(float(unk_flag.mean()), 4), "known_flagged": round(float(known_flag.mean()), 4),
        "unknown_flagged_by_proportions": int(uf.sum()), "known_flagged_by_proportions": int(kf.sum()),
        "accuracy_on_accepted_known": round(float((a["val_top"][accepted] == a["val_y"][accepted]).mean()), 4),
        "auroc_of_the_distance": round(osd.auroc(a["val_distance"], a["unk_distance"]), 4),
        "flagged_unknowns_by_class": {c: int(unk_flag[a["unk_label"] == c].sum()) for c in sorted(set(a["unk_label"]))},
    }


def record(manifest: Path, names: list[str], ranges: np.ndarray, best: dict, validation: dict, test: dict) -> None:
    """The contract the app applies (log-ratio ranges per class, margin) and the figures, in the classifier's entry."""
    entry = next(m for m in load_manifest(manifest)["models"] if m["id"] == "classifier")
    used = [prop.RATIOS.index(r) for r in best["ratios"]]
    entry["openSet"]["proportions"] = {
        "spread": f"{prop.LOW:g}-{prop.HIGH:g} quantile range of the points along each principal axis, e1 >= e2 >= e3",
        "ratios": best["ratios"],
        "margin": best["margin"],
        "ranges": {n: [[round(float(v), 4) for v in ranges[c, i]] for i in used] for c, n in enumerate(names)},
    }
    entry["metrics"]["open_set"]["proportions"] = {
        "protocol": __doc__.split("\n\n")[1].replace("\n", " ").strip(),
        "validation": validation,
        "test": test,
    }
    # the decision's own figures are now those of the distance and the proportions together
    entry["metrics"]["open_set"]["test"].update({k: test["with_proportions"][k] for k in ("unknown_flagged", "known_flagged", "accuracy_on_accepted_known")})
    entry["metrics"]["open_set"]["validation"].update({
        "unknown_flagged": round(best["unknown_flagged"] / best["unknowns"], 4),
        "known_flagged": round(best["known_flagged"] / best["knowns"], 4),
        "accuracy_on_accepted_known": best["accuracy_on_accepted_known"],
    })
    update_entry(manifest, entry)


def main() -> None:
    args, cfg = step_args("work", "models", record="")
    work = Path(args.work)
    cache = ClsCache.load(work)
    classes = len(cache.classes)
    a = extract(cache, cfg, Path(args.models) / "classifier.onnx", work / "proportions" / "validation.npz")
    base = evaluate(a, classes, None, 0.0)
    print(json.dumps({"distance alone": base}))
    rows = [evaluate(a, classes, used, m) for used, m in product(RATIO_SETS, MARGINS)]
    for r in rows:
        print(json.dumps(r))
    best = max((r for r in rows if "infeasible" not in r), key=lambda r: (r["unknown_flagged"], r["margin"], -len(r["ratios"])))
    print("best", json.dumps(best))
    ships = best["unknown_flagged"] >= base["unknown_flagged"] + 2
    print("ships by the rule" if ships else "does not ship by the rule")
    if not (ships and args.record):
        return
    t = load_manifest(args.record)
    threshold = next(m for m in t["models"] if m["id"] == "classifier")["openSet"]["threshold"]
    if abs(best["threshold"] - threshold) > 1e-4:
        raise SystemExit(f"the rule moves the threshold ({threshold:.4f} -> {best['threshold']:.4f}): the app's threshold would have to move with it")
    used = tuple(prop.RATIOS.index(r) for r in best["ratios"])
    ranges = prop.class_ranges(a["train_ratios"], a["train_y"], classes)
    ta = extract_test(cache, cfg, Path(args.models) / "classifier.onnx", work / "proportions" / "test.npz")
    test = {"distance_alone": score_at(ta, ranges, threshold, None, 0.0), "with_proportions": score_at(ta, ranges, threshold, used, best["margin"])}
    print("test", json.dumps(test))
    record(Path(args.record), cache.class_names(), ranges, best, {"distance_alone": base, "with_proportions": best}, test)


if __name__ == "__main__":
    main()
