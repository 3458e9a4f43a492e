"""What levelling a scan before the segmenter does, scored on the very networks of a cross-validated recipe.

`make seg-levelling CANDIDATE=<recipe> STEPS=<n>` after `make seg-cv` has kept each fold's network
(fold<k>.pt). On each fold's held-out ScanNet scans, with the network as trained:
- the scans as recorded, and the same scans leaning `--degrees` (each about a horizontal axis at a
  heading drawn from a fixed seed, as a scan whose tracking drifted, or a file whose up axis is a
  little off, would come), each scored with and without levelling (`levelling.py`);
- per scan, the lean the estimate finds against the lean of the floor's own plane, fitted to the
  points labelled floor (the labels check the estimate; the estimate never reads them).

Writes <work>/cv[_<steps>_steps]/<recipe>/levelling.json; `--record` also puts it into the manifest's
segmenter entry (`metrics.levelling`).
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..datasets.levelling import estimate_levelling, leaning
from ..datasets.scenes import read_scene
from ..manifest import load_manifest, update_entry
from ..seg_evaluation import cv_root, fold_network, probabilities, score
from ..seg_folds import fold_refs, merged, spread
from ..step_args import step_args


def floor_lean(xyz: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """The unit normal of the plane z = a x + b y + c fitted to the floor's points."""
    p = xyz[floor].astype(np.float64)
    (a, b, _), *_ = np.linalg.lstsq(np.c_[p[:, :2], np.ones(len(p))], p[:, 2], rcond=None)
    n = np.array([-a, -b, 1.0])
    return n / np.linalg.norm(n)


def degrees_between(u: np.ndarray, v: np.ndarray) -> float:
    return math.degrees(math.acos(min(1.0, abs(float(np.dot(u, v))))))


def main() -> None:
    args, base = step_args("candidates", "candidate", "data", "work", steps="0", degrees="8", record="")
    candidates = json.loads(Path(args.candidates).read_text())
    cfg = merged(base, candidates[args.candidate]["overrides"])
    steps, degrees = int(args.steps) or cfg["cv"]["steps"], float(args.degrees)
    data = Path(args.data)
    root = cv_root(Path(args.work), cfg, steps) / args.candidate
    rng = np.random.default_rng(0)
    plain, levelled = {**cfg, "level": False}, {**cfg, "level": True}
    start = time.time()
    folds, scans = [], []
    for k, rooms in enumerate(cfg["cv"]["folds"]):
        net = fold_network(root, k, cfg, args.candidate)
        _, test_refs = fold_refs(data, cfg, rooms)
        recorded = [read_scene(data, kind, name) for kind, name in test_refs]
        leant = [replace(s, xyz=leaning(s.xyz, degrees, rng.uniform(0, 2 * math.pi))) for s in recorded]
        row = {"fold": k, "rooms": rooms}
        for key, scenes in (("recorded", recorded), ("leaning", leant)):
            for how, c in (("plain", plain), ("levelled", levelled)):
                row[f"{key}_{how}"] = score([(s.name, s, probabilities(s, net, c)) for s in scenes], c, with_boxes=False)["miou"]
        folds.append(row)
        for s in recorded:
            est = estimate_levelling(s.xyz)
            truth = floor_lean(s.xyz, s.labels == 1)
            scans.append({"scan": s.name, "floor_lean": round(degrees_between(truth, np.array([0.0, 0.0, 1.0])), 2),
                          "estimated_lean": round(est.lean, 2), "error": round(degrees_between(truth, est.up), 2)})
        print(json.dumps(row), flush=True)
    doc = {
        "protocol": (f"the {len(folds)} networks of the leave-rooms-out cross-validation of recipe {args.candidate} "
                     f"({steps} steps), each on its held-out ScanNet scans, mIoU over the classes present: as recorded, "
                     f"and leaning {degrees:g} degrees about a horizontal axis at a random heading per scan (seed 0), "
                     "each without and with levelling (gravity from the scan's flat surfaces); per scan, the lean "
                     "the estimate finds against that of a plane fitted to the points labelled floor"),
        "candidate": args.candidate, "steps": steps, "degrees": degrees,
        **{key: spread([f[key] for f in folds]) for key in ("recorded_plain", "recorded_levelled", "leaning_plain", "leaning_levelled")},
        "folds": folds, "scans": scans,
        "median_error_degrees": round(float(np.median([s["error"] for s in scans])), 2),
        "max_error_degrees": round(float(max(s["error"] for s in scans)), 2),
    }
    (root / "levelling.json").write_text(json.dumps(doc, indent=1) + "\n")
    print(json.dumps({k: doc[k] for k in ("recorded_plain", "recorded_levelled", "leaning_plain", "leaning_levelled",
                                          "median_error_degrees", "max_error_degrees")}), f"({(time.time() - start) / 60:.1f} min)")
    if args.record:
        manifest = Path(args.record)
        entry = next(m for m in load_manifest(manifest)["models"] if m["id"] == "segmenter")
        entry["metrics"]["levelling"] = {k: v for k, v in doc.items() if k != "scans"}
        # levelling changes no weight, so the model in the manifest takes the pipeline's setting, as
        # seg-eval writes it for a model it exports
        entry["input"]["level"] = cfg["level"]
        update_entry(manifest, entry)
        print(f"recorded metrics.levelling in {manifest}")


if __name__ == "__main__":
    main()
