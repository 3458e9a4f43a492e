"""The shipped scene pipeline exactly as the app runs it, scored on the held-out ScanNet test scans.

`make seg-app-eval` writes each test scan as the PLY a person would drop (xyz, colour, ScanNet's
NYU40 `label` and `instance`), runs `pointlens segment --up z --out` on it (onnxruntime-web on WASM
in Node: the segmenter, then the instance classifier where the manifest has one, then the boxes),
reads back each point's class and the boxes, and pools them over the scans as `seg-eval` does
(one confusion matrix; box AP over all scans). Writes the figures to the segmenter's manifest entry
as `metrics.app_pipeline`.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np

from ..app_segment import app_segment, report_boxes
from ..datasets.fixture_scenes import truth_boxes
from ..datasets.scene_labels import NAMES
from ..datasets.scenes import read_scannet
from ..datasets.seg_split import split_scenes
from ..manifest import load_manifest, update_entry
from ..seg_metrics import box_ap, confusion, scores
from ..step_args import step_args

def main() -> None:
    args, cfg = step_args("data", "models")
    data, models = Path(args.data), Path(args.models)
    root = data / "scannet" / "scannet_train_detection_data"
    scans = [name for kind, name in split_scenes(data, cfg["split"])["test"] if kind == "scannet"]
    cm = np.zeros((len(NAMES), len(NAMES)), dtype=np.int64)
    found_and_truth, per_scan = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for scan in scans:
            scene = read_scannet(data, scan)
            nyu = np.load(root / f"{scan}_sem_label.npy").astype(np.int64)
            report, pred, _ = app_segment(Path(tmp), scan, scene.xyz, scene.rgb, np.where(nyu <= 40, nyu, 0), scene.instances)
            cm += confusion(scene.labels, pred, len(NAMES))
            boxes = report_boxes(report)
            found_and_truth.append((boxes, truth_boxes(scene.boxes)))
            per_scan[scan] = {"miou": report["metrics"]["miou"], "boxes": len(boxes),
                              "instance_classifier": report.get("instance_classifier")}
            print(f"{scan}: {json.dumps(per_scan[scan])}", flush=True)
    s = scores(cm)
    result = {
        "protocol": ("the app's own pipeline (`pointlens segment --up z`, onnxruntime-web on WASM in Node, seed 0): "
                     "the segmenter, the instance classifier and the boxes, on the held-out ScanNet test scans "
                     + ", ".join(scans) + ", pooled over them"),
        "oa": round(s["oa"], 4), "miou": round(s["miou"], 4),
        "per_class_iou": {n: (None if np.isnan(v) else round(float(v), 4)) for n, v in zip(NAMES, s["iou"])},
        "per_scan": per_scan,
    }
    for threshold in (25, 50):
        ap = box_ap(found_and_truth, len(NAMES), threshold / 100)
        result[f"ap{threshold}"] = round(ap["map"], 4)
        result[f"per_class_ap{threshold}"] = {n: (None if np.isnan(v) else round(float(v), 4)) for n, v in zip(NAMES, ap["ap"])}
    entry = next(m for m in load_manifest(models / "manifest.json")["models"] if m["id"] == "segmenter")
    entry["metrics"]["app_pipeline"] = result
    update_entry(models / "manifest.json", entry)
    print(json.dumps({k: result[k] for k in ("oa", "miou", "ap25", "ap50")}), flush=True)


if __name__ == "__main__":
    main()
