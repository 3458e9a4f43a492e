"""`make cls-eval`: scores the best checkpoint on the held-out test split, exports it to ONNX and
writes its manifest entry, confusion matrix and the fixtures the TypeScript tests check against.

The test split is looked at here only. Everything chosen is chosen on the validation part of TRAIN:
the epoch (during training), the checkpoint when several are given (`--checkpoint a.pt,b.pt`), and
how many turns about the up axis the app averages (`input.views`, PointNet's voting).
`--validation_only 1` stops before the test split is read, after printing the validation figures
(accuracy, the open-set decision, calibration) of the checkpoint validation chose: the way to
compare candidates on validation alone.
"""
from __future__ import annotations

import colorsys
import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

from .. import open_set as osd
from .. import proportions as prop
from .. import proportions_rule
from ..cls_metrics import class_accuracies
from ..critical_fixture import add_critical_to_fixture
from ..datasets.cls_data import ClsCache, eval_points, random_rotation_y, train_val_split
from ..manifest import update_entry
from ..models.bank_output import add_nearest_to_fixture, bank_rows, export_bank
from ..models.cls_voting import vote
from ..models.cls_ensemble import merge
from ..models.critical_output import add_explain_outputs_file, manifest_explain
from ..models.onnx_export import export_onnx
from ..models.pointnet_cls import OpenSetClassifier, build, fold_batchnorm, from_onnx
from ..open_set_protocol import (
    KNOWN_ACCEPTED, NearestNeighbour, calibration_report, choose, compare_on_validation, report, score, unknown_rows,
    validation_data, view_outputs,
)
from ..preprocess_fixture import write_preprocess_fixture
from ..step_args import step_args

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests/fixtures/ml"
# the exported graph's open-set distance (one per view), whichever score computes it
DISTANCE_OUTPUT = "ood_distance"

SOURCES = {
    "modelnet40": "ModelNet40 (partial copy of modelnet40_normal_resampled, official train/test split); Princeton, research and non-commercial use; Wu et al., \"3D ShapeNets: A Deep Representation for Volumetric Shapes\", CVPR 2015",
    "shapenetcore": "ShapeNetCore v2 meshes; research and non-commercial use; Chang et al., \"ShapeNet: An Information-Rich 3D Model Repository\", arXiv 1512.03012",
    "cc-object-models": "cc-object-models: Kenney Furniture Kit 2.0 (CC0), Quaternius (CC0), AWS RoboMaker worlds (MIT-0), Google Scanned Objects (CC-BY 4.0, (c) 2020 Google LLC)",
    "sweethome3d": "Sweet Home 3D furniture catalogs from Debian's sweethome3d and sweethome3d-furniture packages: eTeks default catalog (GPL-2+), BlendSwap CC0, BlendSwap CC-BY 3.0, Scopia (CC-BY 3.0), Kator Legaz and Reallusion (CC-BY 3.0 US)",
}


def class_colors(n: int) -> list[list[int]]:
    """Hues a golden angle apart, alternating lightness, so neighbours in the list stay distinct."""
    out = []
    for i in range(n):
        r, g, b = colorsys.hls_to_rgb((i * 0.381966) % 1.0, 0.45 if i % 2 else 0.6, 0.75)
        out.append([round(r * 255), round(g * 255), round(b * 255)])
    return out


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def wasm_latency(onnx_path: Path, points: int, batch: int) -> float | None:
    """Median ms per batch of clouds in onnxruntime-web WASM under Node, if Node and node_modules are there."""
    if shutil.which("node") is None or not (REPO / "node_modules/onnxruntime-web").exists():
        return None
    res = subprocess.run(
        ["node", str(REPO / "training/wasm_latency.mjs"), str(onnx_path.resolve()), str(points), "200", str(batch)],
        cwd=REPO, capture_output=True, text=True, check=True,
    )
    return round(json.loads(res.stdout.strip().splitlines()[-1])["median_ms"], 2)


VIEW_CHOICES = (1, 2, 3, 4, 6, 8, 12)


def scores(probs: np.ndarray, labels: np.ndarray, classes: int) -> dict:
    pred = probs.argmax(1)
    return {"oa": round(float((pred == labels).mean()), 4), "macc": round(float(np.nanmean(class_accuracies(pred, labels, classes))), 4)}


def _mean_score(s: dict) -> float:
    return (s["oa"] + s["macc"]) / 2


def checkpoint_path(work: Path, name: str) -> Path:
    """A checkpoint under <work>/cls, or a file named from the current directory (a shipped classifier.onnx)."""
    return Path(name) if Path(name).suffix == ".onnx" and Path(name).exists() else work / "cls" / name


def load_model(path: Path, names: list[str], cfg: dict) -> tuple[torch.nn.Module, dict]:
    """A training checkpoint, or an exported classifier.onnx (then without epoch and validation score)."""
    if path.suffix == ".onnx":
        return from_onnx(str(path), cfg["model"], len(names)), {"epoch": None, "val_macc": None}
    ckpt = torch.load(path, map_location="cpu")
    if ckpt["classes"] != names:
        raise ValueError(f"{path}: checkpoint classes differ from the prepared cache; rerun make cls")
    model = build(ckpt["config"]["model"], len(names))
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, ckpt


def load_candidate(work: Path, name: str, names: list[str], cfg: dict) -> tuple[torch.nn.Module, dict]:
    """One checkpoint, or an ensemble named `a.pt+b.pt+c.onnx`, merged into one PointNet (then without epoch and validation score)."""
    parts = name.split("+")
    if len(parts) == 1:
        return load_model(checkpoint_path(work, name), names, cfg)
    return merge([load_model(checkpoint_path(work, p), names, cfg)[0] for p in parts]), {"epoch": None, "val_macc": None}


def choose_on_validation(candidates: list[str], work: Path, cache: ClsCache, cfg: dict) -> tuple[str, int, dict]:
    """The (checkpoint, views) pair with the best mean of validation OA and mAcc; ties go to fewer views."""
    _, _, va_rows, va_y = train_val_split(cache, cfg["val_fraction"])
    clouds = np.stack([eval_points(cache.shape(i), cfg["points"]) for i in va_rows])
    table: dict[str, dict] = {}
    best = (-1.0, "", 0)
    for name in candidates:
        model, _ = load_candidate(work, name, cache.class_names(), cfg)
        table[name] = row = {}
        for v in VIEW_CHOICES:
            row[v] = s = scores(vote(model, clouds, v), va_y, len(cache.classes))
            print(f"validation {name} views {v}: oa {s['oa']:.4f} macc {s['macc']:.4f}", flush=True)
            if _mean_score(s) > best[0]:
                best = (_mean_score(s), name, v)
    return best[1], best[2], table


def main() -> None:
    args, cfg = step_args("work", "models", checkpoint="best.pt", validation_only="")
    torch.set_num_threads(1)
    work, models = Path(args.work), Path(args.models)
    n = cfg["points"]

    cache = ClsCache.load(work)
    names = cache.class_names()
    chosen, views, validation = choose_on_validation(args.checkpoint.split(","), work, cache, cfg)
    model, ckpt = load_candidate(work, chosen, names, cfg)
    if model.local is not None and not args.validation_only:
        # the app's critical points, upper-bound shape and saliency rest on points that do not see each other
        raise SystemExit(f"{chosen} has a local branch: its validation figures can be compared (cls-validate), but the app does not take it")
    if model.local_shape and not args.validation_only:
        raise SystemExit(f"{chosen} reads local-shape features, which its ONNX graph cannot compute: its validation figures can be compared (cls-validate), but the app does not take it")

    # Open set and calibration: everything chosen on validation (knowns and validation-unknown classes).
    d = validation_data(model, cache, cfg, views)
    table, graphs = compare_on_validation(d, len(names))
    choice = choose(d, table, graphs)
    for k, v in table.items():
        print(f"validation OOD {k}: auroc {v['auroc']:.4f} fpr95 {v['fpr95']:.4f}", flush=True)
    graph = choice.graph
    print(f"chosen: {choice.score}, graph distance {graph.key()}, threshold "
          f"{choice.threshold:.4f}, temperature {choice.temperature:.4f}", flush=True)
    if args.validation_only:
        ece = {k: v for k, v in calibration_report(choice.temperature, d.val.logits, d.val_y).items() if k.startswith("ece")}
        print(json.dumps({"checkpoint": chosen, "views": views, "validation": report(choice, d.val, d.val_y, d.val_unknown), "calibration": ece}))
        return

    # the proportions prior (proportions_rule), chosen on the same validation shapes before the test split is read
    def decided(out):
        return osd.voted_probabilities(out.logits, choice.temperature).argmax(1), score(choice.score, out, graph)

    rule_validation = proportions_rule.validation_arrays(cache, cfg, d, decided(d.val), decided(d.val_unknown))
    rule = proportions_rule.choose_rule(rule_validation, len(names), choice.threshold)

    rows, labels = cache.served("test")
    clouds = np.stack([eval_points(cache.shape(i), n) for i in rows])
    test_known = view_outputs(model, clouds, views)
    test_unknown = view_outputs(model, np.stack([eval_points(cache.shape(i), n) for i in d.test_unknown_rows]), views)
    logits = test_known.logits[0]
    probs = osd.voted_probabilities(test_known.logits, choice.temperature)
    pred = probs.argmax(1)
    per_class = class_accuracies(pred, labels, len(names))
    confusion = np.zeros((len(names), len(names)), dtype=np.int64)
    np.add.at(confusion, (labels, pred), 1)

    # The app sees objects turned any way about the up axis: score that too (seeded turns).
    rng = np.random.default_rng(cfg["seed"])
    turned = np.stack([c @ random_rotation_y(rng).T for c in clouds])
    oa_turned = float((vote(model, turned, views).argmax(1) == labels).mean())

    by_source: dict[str, list[bool]] = defaultdict(list)
    for i, ok in zip(rows, pred == labels):
        by_source[cache.index[i]["source"]].append(bool(ok))
    per_source = {s: {"oa": round(float(np.mean(v)), 4), "shapes": len(v)} for s, v in sorted(by_source.items())}

    test_calibration = calibration_report(choice.temperature, test_known.logits, labels)
    onnx_path = models / "classifier.onnx"
    exported = OpenSetClassifier(fold_batchnorm(model), graph.layer, graph.module()).eval()
    with torch.no_grad():
        check_logits, _, check_distance = exported(torch.from_numpy(clouds[:16]).transpose(1, 2).contiguous())
    if not np.allclose(check_logits.numpy(), logits[:16], atol=1e-4):
        raise RuntimeError("folding BatchNorm changed the logits")
    if not np.allclose(check_distance.numpy(), graph.scores(test_known)[0, :16], rtol=1e-3, atol=1e-5):
        raise RuntimeError(f"the graph's {graph.name} distance differs from the evaluated one")
    export_onnx(exported, torch.zeros(1, 3, n), onnx_path, "points", "logits", extra_outputs=("feature", DISTANCE_OUTPUT))
    ops = add_explain_outputs_file(onnx_path)
    # the nearest training shapes behind the score, where the score is a bank's
    neighbours = (
        export_bank(onnx_path, DISTANCE_OUTPUT, bank_rows(cache.index, d.train_rows, views), views)
        if isinstance(graph, NearestNeighbour) else None
    )
    latency = wasm_latency(onnx_path, n, 1)
    latency_views = wasm_latency(onnx_path, n, views)

    (models / "classifier.confusion.json").write_text(
        json.dumps({"classes": names, "rows": "true class", "columns": "predicted class", "matrix": confusion.tolist()}) + "\n"
    )
    counts = {c["name"]: c for c in cache.classes}
    members = len(chosen.split("+"))
    metrics = {
        "split": "test",
        "test_shapes": len(rows),
        "oa": round(float((pred == labels).mean()), 4),
        "macc": round(float(np.nanmean(per_class)), 4),
        "oa_turned_about_up": round(oa_turned, 4),
        "views": views,
        "single_view": scores(softmax(logits), labels, len(names)),
        "validation_views": validation,
        "per_source": per_source,
        "per_class": {c: round(float(a), 4) for c, a in zip(names, per_class)},
        "checkpoint": chosen,
        "checkpoint_epoch": ckpt["epoch"],
        "val_macc": None if ckpt["val_macc"] is None else round(ckpt["val_macc"], 4),
        "onnx_ops": ops,
        "open_set": {
            "protocol": "knowns: the served classes (validation part of TRAIN; held-out test split). Unknowns: every "
            "cached shape of a class that is not served, split by whole class into validation and test classes (the "
            "Sweet Home 3D entries used for outlier exposure in training are none of them). The "
            "score, its layer (and the covariance shrinkage of the Mahalanobis scores) and the threshold were chosen on validation knowns and validation-unknown "
            "classes only; the test numbers were computed once. A shape's score is the mean of its views' scores.",
            "unknown_classes": {"validation": d.val_unknown_classes, "test": d.test_unknown_classes},
            "validation_scores": table,
            "validation": report(choice, d.val, d.val_y, d.val_unknown),
            "test": report(choice, test_known, labels, test_unknown),
        },
        "calibration": {
            "protocol": f"temperature scaling fitted on the validation part of TRAIN ({len(d.val_y)} shapes) by "
            "negative log-likelihood of the voted probabilities; expected calibration error over 10 equal-width bins of top-1 confidence",
            "validation": {k: v for k, v in calibration_report(choice.temperature, d.val.logits, d.val_y).items() if k.startswith("ece")},
            "test": {k: v for k, v in test_calibration.items() if k.startswith("ece")},
        },
    }
    if latency is not None:
        metrics["latency_ms_wasm_node"] = latency
        metrics["latency_ms_wasm_node_all_views"] = latency_views
    entry = {
        "id": "classifier",
        "name": (f"{members} PointNet object classifiers, averaged" if members > 1 else "PointNet object classifier") + f" ({len(names)} ModelNet40 classes)",
        "task": "classification",
        "file": "classifier.onnx",
        "bytes": onnx_path.stat().st_size,
        "input": {
            "points": n,
            "features": ["x", "y", "z"],
            "layout": "BCN",
            "normalization": "unit-sphere",
            "upAxis": "y",
            "sampling": "random",
            "views": views,
            "inputName": "points",
            "outputName": "logits",
        },
        "calibration": {
            "temperature": round(choice.temperature, 6),
            "reliability": {"split": "test", "bins": 10, "before": test_calibration["bins_before"], "after": test_calibration["bins_after"]},
        },
        "openSet": {
            "score": choice.score,
            "outputName": DISTANCE_OUTPUT,
            **graph.contract(),
            "threshold": choice.threshold,
            "knownAcceptedOnValidation": KNOWN_ACCEPTED,
            **({"neighbours": neighbours} if neighbours else {}),
        },
        "classes": [
            {"name": c, "color": col, "train": counts[c]["train"], "test": counts[c]["test"]}
            for c, col in zip(names, class_colors(len(names)))
        ],
        "metrics": metrics,
        "data": {
            "sources": [SOURCES[s] for s in sorted({r["source"] for r in cache.index})],
            "split": "ModelNet40: official train/test lists. Other sources: per class, shapes ranked by a hash of their "
            "geometry, the first 30% (at least 5 where 6 stay for training) held out; one mesh in two catalogues counts once. "
            "Checkpoint chosen on a validation part of the training shapes.",
            "description": f"Classes are served only where the held-out split has at least {cfg.get('serve_min_test', cfg['min_test'])} "
            f"shapes and training at least {cfg['min_train']}.",
        },
        "artifacts": {"confusion": "classifier.confusion.json"},
        "explain": manifest_explain(onnx_path),
    }
    if rule:
        rule_test = proportions_rule.decision_arrays(cache, n, (rows, labels, *decided(test_known)), (d.test_unknown_rows, *decided(test_unknown)))
        proportions_rule.add_to_entry(entry, names, rule_validation, rule_test, *rule)
    update_entry(models / "manifest.json", entry)

    # Parity fixture: real clouds as fed to the network (known test shapes, one per source, two
    # shapes of validation-unknown classes and one the proportions alone call unknown) with what
    # PyTorch computes of them.
    val_unknown_rows = unknown_rows(cache, d.val_unknown_classes)
    picked_rows = _first_per(cache, rows, "source") + _first_per(cache, val_unknown_rows, "label")[:2]
    if rule:
        ranges = prop.class_ranges(rule_validation["train_ratios"], rule_validation["train_y"], len(names))
        by_proportions = proportions_rule.outside_rule(rule_validation["unk_ratios"], rule_validation["unk_top"], ranges, rule[1])
        picked_rows += [val_unknown_rows[i] for i in np.flatnonzero(by_proportions & (rule_validation["unk_distance"] <= choice.threshold))[:1]]
    exported_names = ("logits", "feature", DISTANCE_OUTPUT)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    cases = []
    for i in picked_rows:
        cloud = _rounded(eval_points(cache.shape(i), n))
        out = view_outputs(model, cloud, views)
        with torch.no_grad():
            first = dict(zip(exported_names, (t.numpy() for t in exported(torch.from_numpy(cloud).transpose(1, 2).contiguous()))))
        ood = float(score(choice.score, out, graph)[0])
        top = osd.voted_probabilities(out.logits, choice.temperature).argmax(1)
        ratios = prop.log_ratios(cloud[0])
        because = (["distance"] if ood > choice.threshold else []) + (
            ["proportions"] if rule and proportions_rule.outside_rule(ratios[None], top, ranges, rule[1])[0] else []
        )
        cases.append({
            "source": cache.index[i]["source"],
            "key": cache.index[i]["key"],
            "label": cache.index[i]["label"],
            "points": cloud[0].astype(np.float64).tolist(),
            "logits": first["logits"][0].astype(np.float64).tolist(),
            "feature": first["feature"][0].astype(np.float64).tolist(),
            "distance": float(first[DISTANCE_OUTPUT][0]),
            "voted": osd.voted_probabilities(out.logits, choice.temperature)[0].tolist(),
            "ood_score": ood,
            "log_ratios": ratios.tolist(),
            "unknown": bool(because),
            "unknown_because": because,
        })
    (FIXTURES / "classifier_parity.json").write_text(json.dumps({
        "note": "inputs are preprocessed clouds [N][3] (unit sphere, y up); logits, feature and distance (the graph's open-set distance) are the "
        "exported module's outputs for the cloud as it is (one view); voted = mean of softmax(logits / temperature) over "
        "`views` turns about y; ood_score = mean over those views of the manifest's open-set score; log_ratios = the cloud's proportions "
        "(proportions.py); unknown_because = distance where ood_score > threshold, proportions where a ratio of openSet.proportions lies past "
        "its margin outside the top class's range; unknown = either",
        "classes": names,
        "views": views,
        "cases": cases,
    }) + "\n")
    add_critical_to_fixture(FIXTURES / "classifier_parity.json", exported.model)
    if neighbours:
        add_nearest_to_fixture(FIXTURES / "classifier_parity.json", model, graph.bank)
    write_preprocess_fixture(FIXTURES / "preprocess_object.json", n)

    print(json.dumps({k: metrics[k] for k in ("checkpoint", "views", "test_shapes", "oa", "macc", "single_view", "oa_turned_about_up", "per_source", "per_class")}, indent=1))
    print(json.dumps({"open_set_test": metrics["open_set"]["test"], "calibration": metrics["calibration"]}, indent=1))
    print(f"exported {onnx_path} ({entry['bytes']} bytes), ops {ops}, WASM latency {latency} ms per cloud, {latency_views} ms for {views} views")


def _rounded(cloud: np.ndarray) -> np.ndarray:
    """One cloud as the fixture stores it (7 decimals), batch of one."""
    return np.round(cloud[None].astype(np.float64), 7).astype(np.float32)


def _first_per(cache: ClsCache, rows: list[int], field: str) -> list[int]:
    """The first row of each distinct value of the index's `field` (a source, a label)."""
    seen, out = set(), []
    for i in rows:
        if cache.index[i][field] not in seen:
            seen.add(cache.index[i][field])
            out.append(i)
    return out


if __name__ == "__main__":
    main()
