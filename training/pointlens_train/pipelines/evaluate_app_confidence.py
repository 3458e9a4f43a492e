"""How far the shipped scene pipeline's per-point confidence can be trusted on rooms it never saw.

`make seg-confidence PART=validation` runs the app's own pipeline (`pointlens segment --up z`) on
the split's validation scans (ScanNet scene0006, S3DIS office_7 and office_17; the shipped networks
never trained on them), pools every labelled point's confidence and whether its class is right,
and chooses the confidence from which a point counts as sure: the lowest on a 0.05 grid from 0.5
at which the points at or above it are right at least `--target` of the time. It writes the
segmenter's manifest entry `confidence` (the threshold, the validation reliability bins and
figures); the app marks the points below it.

`make seg-confidence PART=test`, once the threshold is fixed, scores the held-out test scans
(ScanNet scene0007-0009, S3DIS office_2, office_12, office_22, hallway_3) at that threshold into
`confidence.test`. It chooses nothing. Validation run again keeps the test figures where the
threshold comes out the same, and drops them where it moves.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np

from ..app_segment import app_segment
from ..datasets.scenes import read_scene
from ..datasets.seg_split import split_scenes
from ..manifest import load_manifest, update_entry
from ..segment_confidence import GRID, figures, sure_threshold
from ..step_args import step_args

PARTS = {"validation": ("val",), "test": ("test", "test_s3dis")}


def main() -> None:
    args, cfg = step_args("data", "models", part="validation", target="0.8")
    if args.part not in PARTS:
        raise SystemExit(f"--part must be one of {', '.join(PARTS)}")
    data, models = Path(args.data), Path(args.models)
    split = split_scenes(data, cfg["split"])
    refs = [ref for part in PARTS[args.part] for ref in split[part]]
    conf, right, per_scan = [], [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, name in refs:
            scene = read_scene(data, kind, name)
            _, pred, c = app_segment(Path(tmp), name, scene.xyz, scene.rgb)
            labelled = scene.labels >= 0
            conf.append(c[labelled])
            right.append(pred[labelled] == scene.labels[labelled])
            per_scan[name] = {"points": int(labelled.sum()), "accuracy": round(float(right[-1].mean()), 4),
                              "mean_confidence": round(float(conf[-1].mean()), 4)}
            print(f"{name}: {json.dumps(per_scan[name])}", flush=True)
    conf_all, right_all = np.concatenate(conf), np.concatenate(right)
    entry = next(m for m in load_manifest(models / "manifest.json")["models"] if m["id"] == "segmenter")
    scans = ", ".join(name for _, name in refs)
    previous = entry.get("confidence", {})
    if args.part == "validation":
        target = float(args.target)
        threshold = sure_threshold(conf_all, right_all, target)
        entry["confidence"] = {
            "sureAbove": threshold,
            "target": target,
            "protocol": (f"the app's own pipeline (`pointlens segment --up z`, WASM in Node, seed 0) on the validation scans {scans}: "
                         f"every labelled point's confidence (the box score where a box relabelled it, the segmenter's "
                         f"probability elsewhere), pooled; sureAbove is the lowest of {', '.join(map(str, GRID))} at which "
                         f"the points at or above it were right at least {target:g} of the time there"),
        }
        summary = figures(conf_all, right_all, threshold)
        entry["confidence"]["validation"] = {**summary, "scans": per_scan}
        # test figures stand only for the threshold they were scored at
        if previous.get("sureAbove") == threshold and "test" in previous:
            entry["confidence"]["test"] = previous["test"]
        elif "test" in previous:
            print(f"the threshold moved from {previous.get('sureAbove')} to {threshold}: the test figures are dropped; score PART=test once more", flush=True)
    else:
        if "confidence" not in entry:
            raise SystemExit("no validation figures in the manifest: run PART=validation first")
        threshold = entry["confidence"]["sureAbove"]
        summary = figures(conf_all, right_all, threshold)
        entry["confidence"]["test"] = {"protocol": f"the same pipeline on the held-out test scans {scans}, at the validation threshold",
                                       **summary, "scans": per_scan}
    update_entry(models / "manifest.json", entry)
    print(json.dumps({"part": args.part, "sureAbove": threshold, **{k: v for k, v in summary.items() if k != "bins"}}), flush=True)
    print(json.dumps(summary["bins"]), flush=True)


if __name__ == "__main__":
    main()
