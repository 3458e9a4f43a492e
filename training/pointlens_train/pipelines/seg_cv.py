"""Leave-rooms-out cross-validation of a segmenter recipe over the ten ScanNet rooms.

`cv.folds` in configs/seg.json groups the rooms scene0000-scene0009; each fold holds out its rooms
(every scan of them) and trains on the scans of the other rooms plus the S3DIS training rooms, for
`cv.steps` optimiser steps (the same training for every recipe on a machine shared with other work), then scores the network as training left it (no checkpoint is chosen on
the held-out rooms) with the app's pipeline (scene_segment, scene_instances): mIoU over the ScanNet
classes present, box AP@0.25, and separately mIoU on the S3DIS validation rooms (held out of every fold;
the S3DIS test rooms are never read here). The spread over folds is the sample standard deviation.

A candidate is a named set of overrides of the config (`configs/seg_candidates.json`). Results go to
<work>/cv/<candidate>/fold<k>.json, the fold's network fold<k>.pt and summary.json (`--steps` other than `cv.steps`: <work>/cv_<steps>_steps/,
a longer budget for the finalists); a fold already scored is not run again.
`--record <recipe> --models <dir>` writes every scored candidate into the manifest's segmenter entry
(`metrics.cross_validation`), naming the recipe the model there was trained with; `seg-eval` does the
same when it exports a new model.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from ..datasets.block_cache import BlockCache, prepare_split
from ..datasets.scene_labels import NAMES
from ..datasets.scene_blocks import input_features
from ..datasets.scenes import read_scene
from ..manifest import load_manifest, update_entry
from ..model_bank import pasted_models
from ..models.seg_training import train
from ..seg_folds import fold_refs, merged, spread
from ..seg_evaluation import as_network, cross_validation, cv_root, evaluate, heldout_protocol, keep_earlier_candidates
from ..seg_metrics import scores


def summarise(folds: list[dict]) -> dict:
    def over_folds(key):
        return spread([f[key] for f in folds])

    pooled = scores(np.sum([np.array(f["scannet"]["confusion"]) for f in folds], axis=0))
    return {
        "folds": len(folds),
        "miou": over_folds("miou"), "ap25": over_folds("ap25"), "oa": over_folds("oa"), "s3dis_miou": over_folds("s3dis_miou"),
        "pooled_per_class_iou": {n: (None if np.isnan(v) else round(float(v), 4)) for n, v in zip(NAMES, pooled["iou"])},
        "minutes_per_fold": round(float(np.mean([f["minutes"] for f in folds])), 1),
    }


def run_fold(data: Path, cfg: dict, k: int, rooms: list[str], cache_root: Path, steps: int, out: Path, models=None) -> dict:
    train_refs, test_refs = fold_refs(data, cfg, rooms)
    size, stride = cfg["block"]["size"], cfg["block"]["stride"]
    level = cfg["train"].get("level", False)
    balance = cfg["train"].get("colour_balance", False)
    cache = cache_root / (f"fold{k}_{size}m_{stride}m" + ("_levelled" if level else "") + ("_balanced" if balance else ""))
    if not (cache / "scenes.json").exists():
        prepare_split(lambda kind, name: read_scene(data, kind, name), train_refs, cache, size, stride,
                      cfg["train"]["min_block_points"], level, balance)
    start = time.time()
    model = train(cfg, BlockCache(cache, len(input_features(cfg))), steps=steps, log=lambda m: print(f"  fold {k}: {m}", flush=True),
                  models=models)
    trained = (time.time() - start) / 60
    # kept so that post-processing of the labels can be scored on the very networks of the table
    torch.save(model.state_dict(), out / f"fold{k}.pt")
    net = as_network(model, cfg)
    scannet = evaluate(data, test_refs, net, cfg, with_boxes=True)
    s3dis_refs = [("s3dis", r) for r in cfg["split"]["s3dis_val_rooms"]]
    s3dis = evaluate(data, s3dis_refs, net, cfg, with_boxes=False)
    return {"fold": k, "rooms": rooms, "scans": scannet["scans"], "minutes": round(trained, 2), "steps": steps,
            "oa": scannet["oa"], "miou": scannet["miou"], "ap25": scannet["ap25"], "s3dis_miou": s3dis["miou"],
            "per_class_iou": scannet["per_class_iou"], "scannet": {"confusion": scannet["confusion"]},
            "s3dis": {"rooms": s3dis["scans"], "per_class_iou": s3dis["per_class_iou"]}}


def record(manifest: Path, work: Path, cfg: dict, recipe: str) -> None:
    entry = next((m for m in load_manifest(manifest)["models"] if m["id"] == "segmenter"), None)
    if entry is None:
        raise SystemExit(f"{manifest} has no segmenter entry to add cross-validation to")
    cv = cross_validation(work, cfg, recipe)
    if not cv:
        raise SystemExit(f"nothing scored under {work}/cv*: run `make seg-cv` first")
    entry["metrics"] = {"protocol": heldout_protocol(cfg), **entry["metrics"], **keep_earlier_candidates(cv, entry["metrics"], recipe)}
    update_entry(manifest, entry)
    tables = ", ".join(f"{k} {len(v['candidates'])}" for k, v in entry["metrics"].items() if k.startswith("cross_validation"))
    print(f"recorded candidates in {manifest}: {tables}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--candidates", required=True)
    ap.add_argument("--candidate", default="")
    ap.add_argument("--record", default="", help="record the scored candidates in the manifest, naming this recipe")
    ap.add_argument("--models", default="../models")
    ap.add_argument("--folds", default="", help="comma-separated fold numbers (default: all)")
    ap.add_argument("--steps", type=int, default=0, help="optimiser steps a fold (default: the config's cv.steps)")
    args = ap.parse_args()
    base = json.loads(Path(args.config).read_text())
    candidates = json.loads(Path(args.candidates).read_text())
    if args.record:
        record(Path(args.models) / "manifest.json", Path(args.work), base, args.record)
        return
    if args.candidate not in candidates:
        raise SystemExit(f"no candidate '{args.candidate}' in {args.candidates}; there are: {', '.join(candidates)}")
    cfg = merged(base, candidates[args.candidate]["overrides"])
    steps = args.steps or cfg["cv"]["steps"]
    data, root = Path(args.data), Path(args.work) / "cv"
    out = cv_root(Path(args.work), cfg, steps) / args.candidate
    out.mkdir(parents=True, exist_ok=True)
    folds = cfg["cv"]["folds"]
    chosen = [int(f) for f in args.folds.split(",")] if args.folds else range(len(folds))
    models = pasted_models(cfg, data, Path(args.work)) if any(not (out / f"fold{k}.json").exists() for k in chosen) else None
    for k in chosen:
        path = out / f"fold{k}.json"
        if path.exists():
            continue
        result = run_fold(data, cfg, k, folds[k], root / "data", steps, out, models)
        path.write_text(json.dumps(result) + "\n")
        print(f"{args.candidate} fold {k} {folds[k]}: miou {result['miou']:.3f} ap25 {result['ap25']:.3f} "
              f"s3dis {result['s3dis_miou']:.3f} ({result['minutes']} min)", flush=True)
    done = [json.loads((out / f"fold{k}.json").read_text()) for k in range(len(folds)) if (out / f"fold{k}.json").exists()]
    summary = {"candidate": args.candidate, "description": candidates[args.candidate]["description"],
               "overrides": candidates[args.candidate]["overrides"], "steps": steps,
               **summarise(done)}
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps({k: summary[k] for k in ("candidate", "folds", "miou", "ap25", "s3dis_miou")}), flush=True)


if __name__ == "__main__":
    main()
