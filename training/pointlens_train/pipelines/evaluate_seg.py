"""Exports the selected segmenter checkpoint to models/segmenter.onnx, measures it on the held-out
rooms with the app's pipeline (seg_evaluation.py), and writes its manifest entry,
its confusion matrix, and the fixtures through which the app's tests check the exported model.

`--compare <work>` also measures the checkpoint trained in another work folder on the same held-out
rooms (e.g. with synthetic rooms: `make seg-data SYNTH=100 WORK=work/synth`), so that the manifest
gives real-scene metrics with and without the synthetic rooms.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from ..datasets.scene_blocks import input_features
from ..datasets.scene_labels import COLORS, NAMES, UNBOXED
from ..datasets.scenes import read_scene
from ..datasets.synth_rooms import KIND as SYNTH_KIND
from ..manifest import load_manifest, update_entry
from ..models.onnx_export import export_onnx
from ..models.seg_model import WithProbabilities
from ..models.seg_training import build_model
from ..seg_evaluation import as_network, cross_validation, evaluate, heldout_protocol, keep_earlier_candidates, recipe_of
from ..seg_model_fixtures import INPUT, OUTPUT, block_description, write_model_fixtures
from ..step_args import step_args


def class_points(data: Path, refs) -> np.ndarray:
    counts = np.zeros(len(NAMES), dtype=np.int64)
    for kind, name in refs:
        labels = read_scene(data, kind, name).labels
        counts += np.bincount(labels[labels >= 0], minlength=len(NAMES))
    return counts


def cached_class_points(split_dir: Path) -> np.ndarray:
    """Labelled points per class in a prepared split, synthetic rooms included."""
    labels = np.load(split_dir / "labels.npy").astype(np.int64)
    return np.bincount(labels[labels >= 0], minlength=len(NAMES))


def synthetic_rooms(work: Path) -> int:
    """How many synthetic rooms the prepared training split of a work folder holds."""
    split = json.loads((work / "split.json").read_text())
    return sum(1 for kind, _ in split["train"] if kind == SYNTH_KIND)


def load_net(checkpoint: Path):
    """The checkpoint's network, as_network of it, and its saved state."""
    state = torch.load(checkpoint, map_location="cpu")
    model = build_model(state["config"])
    model.load_state_dict(state["model"])
    return model, as_network(model, state["config"]), state


def main() -> None:
    args, cfg = step_args("work", "models", data="../../shared/data", checkpoint="best.pt", compare="")
    torch.set_num_threads(1)
    data, work, models = Path(args.data), Path(args.work) / "seg", Path(args.models)
    model, net, state = load_net(work / args.checkpoint)
    cfg["input_features"] = len(input_features(state["config"]))  # the checkpoint's input contract

    onnx_path = models / "segmenter.onnx"
    ops = export_onnx(WithProbabilities(model).eval(), torch.zeros(1, len(input_features(cfg)), cfg["points"]), onnx_path, INPUT, OUTPUT)
    split = json.loads((work / "split.json").read_text())
    refs = {part: [tuple(r) for r in split[part]] for part in split}
    test = evaluate(data, refs["test"], net, cfg, with_boxes=True)
    s3dis = evaluate(data, refs["test_s3dis"], net, cfg, with_boxes=False)
    print(json.dumps({"scannet": {k: v for k, v in test.items() if k != "confusion"},
                      "s3dis": {k: v for k, v in s3dis.items() if k != "confusion"}}, indent=1), flush=True)
    fixture = write_model_fixtures(data, net, cfg)
    train_counts = cached_class_points(work / "train")
    synthetic = synthetic_rooms(work)
    compared = {}
    if args.compare:
        other_work = Path(args.compare) / "seg"
        _, other, other_state = load_net(other_work / args.checkpoint)
        runs = {synthetic: (test, s3dis, state),
                synthetic_rooms(other_work): (evaluate(data, refs["test"], other, cfg, with_boxes=True),
                                              evaluate(data, refs["test_s3dis"], other, cfg, with_boxes=False), other_state)}
        compared = {"synthetic_rooms_comparison": {
            f"{n}_synthetic_rooms": {"oa": t["oa"], "miou": t["miou"], "per_class_iou": t["per_class_iou"], "ap25": t["ap25"],
                                     "s3dis_miou": s["miou"], "epoch": st["epoch"], "validation": st["val"],
                                     "shipped": n == synthetic}
            for n, (t, s, st) in runs.items()}}
        print(json.dumps(compared, indent=1), flush=True)
    # a retrained model keeps the recipes cross-validated under other work folders
    shipped = next((m for m in load_manifest(models / "manifest.json")["models"] if m["id"] == "segmenter"), {"metrics": {}})
    recipe = recipe_of(Path(args.work), state["config"])
    cv = keep_earlier_candidates(cross_validation(Path(args.work), cfg, recipe), shipped["metrics"], recipe)
    test_counts = class_points(data, refs["test"])
    (models / "segmenter.confusion.json").write_text(json.dumps(
        {"classes": list(NAMES), "rows": "truth", "columns": "prediction",
         "scannet_test": test["confusion"], "s3dis_test": s3dis["confusion"]}) + "\n")
    entry = {
        "id": "segmenter",
        "name": "PointNet scene segmenter (ScanNet 20 classes)",
        "task": "semantic-segmentation",
        "file": "segmenter.onnx",
        "bytes": onnx_path.stat().st_size,
        "input": {
            "points": cfg["points"], "features": list(input_features(cfg)), "layout": "BCN", "normalization": "block",
            "upAxis": "z", "sampling": "random", "block": cfg["block"], "level": cfg.get("level", False),
            "inputName": INPUT, "outputName": OUTPUT,
        },
        "output": {"name": OUTPUT, "layout": "BNC", "shape": ["batch", cfg["points"], len(NAMES)], "values": "probabilities",
                   "meaning": "class probabilities per point (the softmax is in the graph), averaged over the blocks that hold the point"},
        "classes": [{"name": n, "color": list(c), "train": int(tr), "test": int(te)}
                    for n, c, tr, te in zip(NAMES, COLORS, train_counts, test_counts)],
        "metrics": {
            "protocol": heldout_protocol(cfg),
            "test_rooms": cfg["split"]["scannet_test_rooms"],
            "test_scans": test["scans"],
            "oa": test["oa"], "miou": test["miou"], "per_class_iou": test["per_class_iou"],
            "ap25": test["ap25"], "per_class_ap25": test["per_class_ap25"],
            "ap50": test["ap50"], "per_class_ap50": test["per_class_ap50"],
            "boxes": {"voxel": cfg["boxes"]["voxel"], "minPoints": cfg["boxes"]["min_points"], "skip": list(UNBOXED),
                      **({"suppress": cfg["boxes"]["suppress"]} if cfg["boxes"].get("suppress") else {})},
            "s3dis": {"rooms": s3dis["scans"], "oa": s3dis["oa"], "miou": s3dis["miou"], "per_class_iou": s3dis["per_class_iou"]},
            "validation": {**state["val"], "rooms": cfg["split"]["scannet_val_rooms"] + cfg["split"]["s3dis_val_rooms"]},
            "epochs": state["epoch"], "training_minutes": round(state["minutes"], 1),
            "seed": cfg["seed"], "fixture_scan": {k: fixture[k] for k in ("scan", "oa", "miou", "map25")},
            "synthetic_training_rooms": synthetic,
            **compared,
            **cv,
        },
        "data": {
            "sources": [
                "ScanNet v2 (Dai et al., CVPR 2017): 21 scans of scene0000-scene0009, VoteNet's 50k-point preprocessing, "
                "and the full-resolution scans of scene0000; research and non-commercial use",
                "S3DIS Area 6 (Armeni et al., CVPR 2016): 40 rooms, 13 classes mapped onto ScanNet's 20",
            ] + ([f"{synthetic} synthetic rooms composed from the Sweet Home 3D furniture catalogs (Debian's sweethome3d and "
                  "sweethome3d-furniture packages; GPL-2+, CC0 and CC-BY 3.0 models), sampled as a standing scanner sees "
                  "them; training only"] if synthetic else []),
            "split": "by room, never by scan: test = ScanNet rooms " + ", ".join(cfg["split"]["scannet_test_rooms"])
                     + " (all their scans) and S3DIS " + ", ".join(cfg["split"]["s3dis_test_rooms"])
                     + "; model selection on ScanNet " + ", ".join(cfg["split"]["scannet_val_rooms"])
                     + " and S3DIS " + ", ".join(cfg["split"]["s3dis_val_rooms"]) + "; the rest trains",
            "description": block_description(cfg, ops),
        },
        "artifacts": {"confusion": "segmenter.confusion.json"},
    }
    update_entry(models / "manifest.json", entry)
    print("wrote", onnx_path, entry["bytes"], "bytes", flush=True)


if __name__ == "__main__":
    main()
