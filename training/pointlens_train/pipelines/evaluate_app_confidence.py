"""How far the shipped scene pipeline's per-point confidence can be trusted on rooms it never saw.

`make seg-confidence PART=validation` runs the app's own pipeline (`pointlens segment --up z`) on
the split's validation scans (ScanNet scene0006, S3DIS office_7 and office_17; the shipped networks
never trained on them), pools every labelled point's confidence and whether its class is right,
and chooses the confidence from which a point counts as sure: the lowest on a 0.05 grid from 0.5
at which the points at or above it are right at least `--target` of the time. It writes the
segmenter's manifest entry `confidence` (the threshold, the validation reliability bins and
figures); the app marks the points below it.

Boxes alike, on the scans with true boxes (ScanNet's): a box is right where it matches a true box of
its class at 3D IoU `BOX_IOU`, matched as box AP matches (surest first, each true box once); the
score from which a box counts as sure is the lowest on a 0.05 grid from 0.3 at which at least
`BOX_LEAST` boxes score at or above it and they are right at least `--box_target` of the time
(`confidence.boxes`; `sureAbove` is null where none is). The app says how often boxes were right on
the held-out rooms.

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

from ..app_segment import app_segment, report_boxes
from ..datasets.fixture_scenes import truth_boxes
from ..datasets.scene_labels import NAMES
from ..datasets.scenes import read_scene
from ..datasets.seg_split import split_scenes
from ..manifest import load_manifest, update_entry
from ..seg_metrics import class_matches
from ..segment_confidence import BOX_GRID, BOX_IOU, BOX_LEAST, GRID, box_figures, figures, sure_threshold
from ..step_args import step_args

PARTS = {"validation": ("val",), "test": ("test", "test_s3dis")}


def main() -> None:
    args, cfg = step_args("data", "models", part="validation", target="0.8", box_target="0.5")
    if args.part not in PARTS:
        raise SystemExit(f"--part must be one of {', '.join(PARTS)}")
    data, models = Path(args.data), Path(args.models)
    split = split_scenes(data, cfg["split"])
    refs = [ref for part in PARTS[args.part] for ref in split[part]]
    conf, right, per_scan, found_and_truth, box_names = [], [], {}, [], []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, name in refs:
            scene = read_scene(data, kind, name)
            report, pred, c = app_segment(Path(tmp), name, scene.xyz, scene.rgb)
            if scene.boxes is not None:
                found_and_truth.append((report_boxes(report), truth_boxes(scene.boxes)))
                box_names.append(name)
            labelled = scene.labels >= 0
            conf.append(c[labelled])
            right.append(pred[labelled] == scene.labels[labelled])
            per_scan[name] = {"points": int(labelled.sum()), "accuracy": round(float(right[-1].mean()), 4),
                              "mean_confidence": round(float(conf[-1].mean()), 4)}
            print(f"{name}: {json.dumps(per_scan[name])}", flush=True)
    conf_all, right_all = np.concatenate(conf), np.concatenate(right)
    matched = [class_matches(found_and_truth, c, BOX_IOU) for c in range(len(NAMES))]
    box_scores = np.array([score for m, _ in matched for score, _ in m])
    box_right = np.array([hit for m, _ in matched for _, hit in m], dtype=bool)
    truths = sum(n for _, n in matched)
    box_scans = ", ".join(box_names)
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
        box_target = float(args.box_target)
        box_threshold = sure_threshold(box_scores, box_right, box_target, BOX_GRID, BOX_LEAST)
        entry["confidence"]["boxes"] = {
            "sureAbove": box_threshold,
            "target": box_target,
            "protocol": (f"the same runs, on the validation scans with true boxes ({box_scans}): a box is right where it "
                         f"matches a true box of its class at 3D IoU {BOX_IOU:g} (surest first, each true box once, as box AP "
                         f"matches); sureAbove is the lowest box score of {', '.join(map(str, BOX_GRID))} at which at least "
                         f"{BOX_LEAST} boxes scored at or above it and they were right at least {box_target:g} of the time there "
                         f"(null: none was)"),
            "validation": box_figures(box_scores, box_right, truths, box_threshold),
        }
        # test figures stand only for the threshold they were scored at
        for key, now in (("", entry["confidence"]), ("boxes", entry["confidence"]["boxes"])):
            before = previous.get(key, {}) if key else previous
            if before.get("sureAbove") == now["sureAbove"] and "test" in before:
                now["test"] = before["test"]
            elif "test" in before:
                print(f"the {key or 'points'}' threshold moved from {before.get('sureAbove')} to {now['sureAbove']}: "
                      "their test figures are dropped; score PART=test once more", flush=True)
    else:
        if "confidence" not in entry:
            raise SystemExit("no validation figures in the manifest: run PART=validation first")
        threshold = entry["confidence"]["sureAbove"]
        summary = figures(conf_all, right_all, threshold)
        entry["confidence"]["test"] = {"protocol": f"the same pipeline on the held-out test scans {scans}, at the validation threshold",
                                       **summary, "scans": per_scan}
        boxes = entry["confidence"].get("boxes")
        if boxes is None:
            raise SystemExit("no validation figures for boxes in the manifest: run PART=validation first")
        boxes["test"] = {"protocol": f"the same runs on the test scans with true boxes ({box_scans}), at the validation threshold where it chose one",
                         **box_figures(box_scores, box_right, truths, boxes["sureAbove"])}
    update_entry(models / "manifest.json", entry)
    print(json.dumps({"part": args.part, "sureAbove": threshold, **{k: v for k, v in summary.items() if k != "bins"}}), flush=True)
    print(json.dumps(summary["bins"]), flush=True)
    print(json.dumps({"boxes": entry["confidence"]["boxes"]["sureAbove"],
                      **entry["confidence"]["boxes"]["validation" if args.part == "validation" else "test"]}), flush=True)
    # every box's score and whether it was right, to read the threshold's neighbourhood by
    print(json.dumps(sorted(zip(box_scores.round(3).tolist(), box_right.tolist()), reverse=True)), flush=True)


if __name__ == "__main__":
    main()
