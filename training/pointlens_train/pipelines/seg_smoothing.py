"""Smoothing over a geometric over-segmentation (`over_segment.py`), scored on the very networks of a
cross-validated recipe.

`make seg-smoothing CANDIDATE=<recipe>` after `make seg-cv` has kept each fold's network (fold<k>.pt):
- every fold's network gives probabilities once, on its held-out ScanNet scans and on the S3DIS
  validation rooms (held out of every fold);
- no smoothing and the settings of `GRID` are compared on the S3DIS validation rooms alone (mean
  mIoU over the five networks), so the ScanNet folds choose nothing;
- every setting is also scored on each fold's held-out ScanNet scans (mIoU, box AP@0.25, OA), and
  the paired difference to no smoothing taken fold by fold, for the best setting on validation.

Writes <work>/cv/<recipe>/smoothing.json.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ..datasets.scenes import read_scene
from ..over_segment import Smoothing, over_segment, smooth
from ..seg_evaluation import cv_root, fold_network, probabilities, score
from ..seg_folds import fold_refs, merged, spread
from ..step_args import step_args

GRID = tuple(Smoothing(k, 5, colour, blend) for k in (0.05, 0.1, 0.2) for colour in (0.0, 1.0) for blend in (0.5, 1.0))


def main() -> None:
    args, base = step_args("candidates", "candidate", "data", "work", steps="0")
    candidates = json.loads(Path(args.candidates).read_text())
    cfg = merged(base, candidates[args.candidate]["overrides"])
    steps = int(args.steps) or cfg["cv"]["steps"]
    data = Path(args.data)
    root = cv_root(Path(args.work), cfg, steps) / args.candidate
    folds = cfg["cv"]["folds"]
    s3dis_refs = [("s3dis", r) for r in cfg["split"]["s3dis_val_rooms"]]
    start = time.time()

    def pieces_of(refs):
        # the over-segmentation is geometry alone: cut once per scene and setting, whichever network
        scenes = {name: read_scene(data, kind, name) for kind, name in refs}
        cuts = {}
        for s in GRID:
            for name, scene in scenes.items():
                key = (s.k, s.min_cells, s.colour_weight, name)
                if key not in cuts:
                    cuts[key] = over_segment(scene.xyz, scene.rgb, s.k, s.min_cells, s.colour_weight)
        return scenes, cuts

    s3dis_scenes, s3dis_cuts = pieces_of(s3dis_refs)
    per_fold = []
    for k, rooms in enumerate(folds):
        net = fold_network(root, k, cfg, args.candidate)
        _, test_refs = fold_refs(data, cfg, rooms)
        scannet_scenes, scannet_cuts = pieces_of(test_refs)
        s3dis_p = {n: probabilities(sc, net, cfg) for n, sc in s3dis_scenes.items()}
        scannet_p = {n: probabilities(sc, net, cfg) for n, sc in scannet_scenes.items()}

        def scored(scenes, probs, cuts, setting, with_boxes):
            scans = [(n, sc, probs[n] if setting is None else
                      smooth(probs[n], cuts[(setting.k, setting.min_cells, setting.colour_weight, n)], setting.blend))
                     for n, sc in scenes.items()]
            return score(scans, cfg, with_boxes)

        per_fold.append({
            "s3dis": {str(s): scored(s3dis_scenes, s3dis_p, s3dis_cuts, s, False)["miou"] for s in (None, *GRID)},
            "scannet": {str(s): scored(scannet_scenes, scannet_p, scannet_cuts, s, True) for s in (None, *GRID)},
        })
        print(f"fold {k}: s3dis none {per_fold[-1]['s3dis']['None']:.3f}, best "
              f"{max(per_fold[-1]['s3dis'].values()):.3f}; {time.time() - start:.0f} s", flush=True)

    s3dis_mean = {str(s): float(np.mean([f["s3dis"][str(s)] for f in per_fold])) for s in (None, *GRID)}
    chosen = max((None, *GRID), key=lambda s: s3dis_mean[str(s)])
    best = max(GRID, key=lambda s: s3dis_mean[str(s)])

    def row(setting) -> dict:
        runs = [f["scannet"][str(setting)] for f in per_fold]
        return {"miou": spread([r["miou"] for r in runs]), "ap25": spread([r["ap25"] for r in runs]),
                "oa": spread([r["oa"] for r in runs]),
                "s3dis_miou": spread([f["s3dis"][str(setting)] for f in per_fold])}

    out = {"candidate": args.candidate, "steps": steps,
           "selection": "no smoothing or the setting with the best mean S3DIS validation mIoU over the folds' networks",
           "s3dis_val_miou_by_setting": {k: round(v, 4) for k, v in s3dis_mean.items()},
           "chosen": chosen.__dict__ if chosen else None, "best_setting": best.__dict__,
           "none": row(None), "smoothed": row(best),
           "paired_miou": spread([f["scannet"][str(best)]["miou"] - f["scannet"]["None"]["miou"] for f in per_fold]),
           "paired_ap25": spread([f["scannet"][str(best)]["ap25"] - f["scannet"]["None"]["ap25"] for f in per_fold]),
           "every_setting_scannet_miou": {str(s): spread([f["scannet"][str(s)]["miou"] for f in per_fold]) for s in GRID}}
    (root / "smoothing.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps({k: out[k] for k in ("chosen", "best_setting", "none", "smoothed", "paired_miou", "paired_ap25")}), flush=True)


if __name__ == "__main__":
    main()
