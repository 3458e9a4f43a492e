"""`make cls-eval`: scores the best checkpoint on the held-out test split, exports it to ONNX and
writes its manifest entry, confusion matrix and the fixtures the TypeScript tests check against.

The test split is looked at here only. Everything chosen is chosen on the validation part of TRAIN:
the epoch (during training), the checkpoint when several are given (`--checkpoint a.pt,b.pt`), and
how many turns about the up axis the app averages (`input.views`, PointNet's voting).
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

from .cls_data import ClsCache, eval_points, random_rotation_y, train_val_split
from .manifest import update_entry
from .models.pointnet_cls import build, fold_batchnorm
from .onnx_export import export_onnx
from .preprocess_fixture import write_preprocess_fixture
from .train_cls import class_accuracies, predict, vote
from .step_args import step_args

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests/fixtures/ml"

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


def load_model(path: Path, names: list[str]) -> tuple[torch.nn.Module, dict]:
    ckpt = torch.load(path, map_location="cpu")
    if ckpt["classes"] != names:
        raise ValueError(f"{path}: checkpoint classes differ from the prepared cache; rerun make cls")
    model = build(ckpt["config"]["model"], len(names))
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, ckpt


def choose_on_validation(paths: dict[str, Path], cache: ClsCache, cfg: dict) -> tuple[str, int, dict]:
    """The (checkpoint, views) pair with the best mean of validation OA and mAcc; ties go to fewer views."""
    _, _, va_rows, va_y = train_val_split(cache, cfg["val_fraction"])
    clouds = np.stack([eval_points(cache.shape(i), cfg["points"]) for i in va_rows])
    table: dict[str, dict] = {}
    best = (-1.0, "", 0)
    for name, path in paths.items():
        model, _ = load_model(path, cache.class_names())
        table[name] = row = {}
        for v in VIEW_CHOICES:
            row[v] = s = scores(vote(model, clouds, v), va_y, len(cache.classes))
            print(f"validation {name} views {v}: oa {s['oa']:.4f} macc {s['macc']:.4f}", flush=True)
            if _mean_score(s) > best[0]:
                best = (_mean_score(s), name, v)
    return best[1], best[2], table


def main() -> None:
    args, cfg = step_args("work", "models", checkpoint="best.pt")
    torch.set_num_threads(1)
    work, models = Path(args.work), Path(args.models)
    n = cfg["points"]

    cache = ClsCache.load(work)
    names = cache.class_names()
    chosen, views, validation = choose_on_validation({c: work / "cls" / c for c in args.checkpoint.split(",")}, cache, cfg)
    model, ckpt = load_model(work / "cls" / chosen, names)

    rows, labels = cache.served("test")
    clouds = np.stack([eval_points(cache.shape(i), n) for i in rows])
    logits = predict(model, clouds)
    probs = vote(model, clouds, views)
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

    onnx_path = models / "classifier.onnx"
    exported = fold_batchnorm(model)
    check = predict(exported, clouds[:16])
    if not np.allclose(check, logits[:16], atol=1e-4):
        raise RuntimeError("folding BatchNorm changed the logits")
    ops = export_onnx(exported, torch.zeros(1, 3, n), onnx_path, "points", "logits")
    latency = wasm_latency(onnx_path, n, 1)
    latency_views = wasm_latency(onnx_path, n, views)

    (models / "classifier.confusion.json").write_text(
        json.dumps({"classes": names, "rows": "true class", "columns": "predicted class", "matrix": confusion.tolist()}) + "\n"
    )
    counts = {c["name"]: c for c in cache.classes}
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
        "val_macc": round(ckpt["val_macc"], 4),
        "onnx_ops": ops,
    }
    if latency is not None:
        metrics["latency_ms_wasm_node"] = latency
        metrics["latency_ms_wasm_node_all_views"] = latency_views
    entry = {
        "id": "classifier",
        "name": f"PointNet object classifier ({len(names)} ModelNet40 classes)",
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
            "description": "Classes are served only where the held-out split has at least 5 shapes and training at least 6.",
        },
        "artifacts": {"confusion": "classifier.confusion.json"},
    }
    update_entry(models / "manifest.json", entry)

    # Parity fixture: a few real test clouds, as fed to the network, with PyTorch's probabilities.
    picks = [rows.index(i) for i in _one_per_source(cache, rows)]
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "classifier_parity.json").write_text(json.dumps({
        "note": "inputs are preprocessed clouds [N][3] (unit sphere, y up); probabilities = softmax(PyTorch logits); "
        "voted = mean probabilities over `views` turns about y",
        "classes": names,
        "views": views,
        "cases": [
            {
                "source": cache.index[rows[k]]["source"],
                "key": cache.index[rows[k]]["key"],
                "label": cache.index[rows[k]]["label"],
                "points": np.round(clouds[k].astype(np.float64), 7).tolist(),
                "probabilities": softmax(predict(model, _rounded(clouds[k])).astype(np.float64))[0].tolist(),
                "voted": vote(model, _rounded(clouds[k]), views)[0].tolist(),
            }
            for k in picks
        ],
    }) + "\n")
    write_preprocess_fixture(FIXTURES / "preprocess_object.json", n)

    print(json.dumps({k: metrics[k] for k in ("checkpoint", "views", "test_shapes", "oa", "macc", "single_view", "oa_turned_about_up", "per_source", "per_class")}, indent=1))
    print(f"exported {onnx_path} ({entry['bytes']} bytes), ops {ops}, WASM latency {latency} ms per cloud, {latency_views} ms for {views} views")


def _rounded(cloud: np.ndarray) -> np.ndarray:
    """One cloud as the fixture stores it (7 decimals), batch of one."""
    return np.round(cloud[None].astype(np.float64), 7).astype(np.float32)


def _one_per_source(cache: ClsCache, rows: list[int]) -> list[int]:
    seen, out = set(), []
    for i in rows:
        src = cache.index[i]["source"]
        if src not in seen:
            seen.add(src)
            out.append(i)
    return out


if __name__ == "__main__":
    main()
