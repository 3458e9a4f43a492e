"""The proportions rule of the unknown-object decision: whether a shape's proportions, against the range
its top class's training shapes span, add to the network's distance (training/README.md, "Proportions").

The rule, written before any figure: the ranges come from the training part of TRAIN; each
candidate (which log ratios, the margin m) flags a shape as unknown where its distance is past a
threshold OR a used ratio lies more than m outside its top class's range; the threshold is chosen
again so that 92% of the validation knowns stay accepted. The candidate flagging the most
validation unknowns wins (ties: the wider margin, then fewer ratios); it ships only if it flags at
least 2 more of the validation unknowns than the distance alone (one shape is within what chance
moves). Only then is the test split scored, once (`--record ../models/manifest.json`, which writes
the chosen ratios, margin and class ranges into the classifier's open-set contract, and the
figures into its metrics).

`make cls-eval` applies it to every classifier it exports (`choose_rule`, `add_to_entry`), so the
manifest entry it writes carries the rule its own network earns; `make cls-proportions` prints the
candidates' table for the shipped classifier.
"""
from __future__ import annotations

import json
from itertools import product

import numpy as np

from . import open_set as osd
from . import proportions as prop
from .datasets.cls_data import ClsCache, eval_points, train_val_split
from .open_set_protocol import KNOWN_ACCEPTED, OpenSetData, unknown_rows

MARGINS = (0.0, 0.1, 0.2, 0.3, 0.5)
RATIO_SETS = ((1,), (0, 1), (0, 1, 2))


def shapes(cache: ClsCache, rows: list[int], n: int) -> np.ndarray:
    return np.stack([eval_points(cache.shape(i), n) for i in rows])


def _ratios(clouds: np.ndarray) -> np.ndarray:
    return np.stack([prop.log_ratios(c) for c in clouds])


def decision_arrays(cache: ClsCache, n: int, known: tuple, unknown: tuple) -> dict:
    """What the decision reads of knowns (rows, labels, top classes, distances) and unknowns (rows, top classes, distances)."""
    rows, labels, top, distance = known
    unk_rows, unk_top, unk_distance = unknown
    return {
        "val_y": labels, "val_top": top, "val_distance": distance, "val_ratios": _ratios(shapes(cache, rows, n)),
        "unk_top": unk_top, "unk_distance": unk_distance, "unk_ratios": _ratios(shapes(cache, unk_rows, n)),
        "unk_label": np.array([cache.index[i]["label"] for i in unk_rows]),
    }


def validation_arrays(cache: ClsCache, cfg: dict, d: OpenSetData, known: tuple, unknown: tuple) -> dict:
    """The training shapes' proportions with the validation knowns' and validation unknowns' (top classes, distances)."""
    n = cfg["points"]
    val_rows = train_val_split(cache, cfg["val_fraction"])[2]
    return {
        "train_y": d.train_y, "train_ratios": _ratios(shapes(cache, d.train_rows, n)),
        **decision_arrays(cache, n, (val_rows, d.val_y, *known), (unknown_rows(cache, d.val_unknown_classes), *unknown)),
    }


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


def choose_rule(a: dict, classes: int, threshold: float | None) -> tuple[dict, dict] | None:
    """The distance alone and the winning candidate on validation, the table printed; None where the rule
    does not ship. Refuses a rule that would move `threshold` (the shipped decision's), where one is given."""
    base = evaluate(a, classes, None, 0.0)
    print(json.dumps({"distance alone": base}))
    rows = [evaluate(a, classes, used, m) for used, m in product(RATIO_SETS, MARGINS)]
    for r in rows:
        print(json.dumps(r))
    best = max((r for r in rows if "infeasible" not in r), key=lambda r: (r["unknown_flagged"], r["margin"], -len(r["ratios"])))
    print("best", json.dumps(best))
    ships = best["unknown_flagged"] >= base["unknown_flagged"] + 2
    print("proportions: ships by the rule" if ships else "proportions: does not ship by the rule")
    if not ships:
        return None
    if threshold is not None and abs(best["threshold"] - threshold) > 1e-4:
        raise SystemExit(f"the proportions rule moves the threshold ({threshold:.4f} -> {best['threshold']:.4f}): the app's threshold would have to move with it")
    return base, best


def outside_rule(ratios: np.ndarray, top: np.ndarray, ranges: np.ndarray, best: dict) -> np.ndarray:
    """Where the chosen candidate (`best` of choose_rule) calls shapes unknown for their proportions [S]."""
    return prop.outside(ratios, top, ranges, best["margin"], tuple(prop.RATIOS.index(r) for r in best["ratios"]))


def add_to_entry(entry: dict, names: list[str], a: dict, test_arrays: dict, base: dict, best: dict) -> None:
    """The contract the app applies (log-ratio ranges per class, margin) and the figures, with the test split
    scored once at the entry's threshold, written into the classifier's manifest entry."""
    threshold = entry["openSet"]["threshold"]
    used = [prop.RATIOS.index(r) for r in best["ratios"]]
    ranges = prop.class_ranges(a["train_ratios"], a["train_y"], len(names))
    test = {"distance_alone": score_at(test_arrays, ranges, threshold, None, 0.0), "with_proportions": score_at(test_arrays, ranges, threshold, tuple(used), best["margin"])}
    print("proportions test", json.dumps(test))
    validation = {"distance_alone": base, "with_proportions": best}
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
