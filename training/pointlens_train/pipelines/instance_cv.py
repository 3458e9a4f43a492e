"""Boxes scored by an instance classifier (`instance_classifier.py`), cross-validated on the very folds
and networks of a segmenter recipe.

`make instance-cv RECIPE=<recipe>` after `make seg-cv` has kept each fold's network (fold<k>.pt).
For each fold:
- an instance classifier is trained on the real instances of the fold's training rooms (ScanNet
  scans and the S3DIS training rooms; the held-out rooms are never read for it) and, for a share
  `--model_share` of the draws of a class that has them, on Sweet Home 3D models seen as partial
  scans (`catalog_views`; 0 = real instances alone), and with `--shape_views n` (the config's
  `instances.shape_views` otherwise) also n views of each of the object classifier's shapes of those
  classes (`shape_views`);
- the fold's segmenter gives each held-out scan's probabilities, as in seg-cv;
- proposals (`VARIANTS`) are the connected components of each predicted class (the app's boxes);
  for `both`, also the components of all points predicted as any object class, so that an object
  the segmenter split between two classes is seen whole once; for `multi`, both at voxel sizes of
  0.05, 0.1 and 0.2 m; for `pieces`, the piece proposals alone (`piece_proposals.py`, with the
  config's `instances.pieces`);
- with `--object_features 1` (the config's `instances.object_features` otherwise), the classifier also
  reads what the shipped object classifier makes of each proposal (`ObjectFeatures`);
- with `--positive`, a labelled proposal takes the class of a true instance it overlaps by that point
  IoU (the config's `instances.positive_iou` otherwise, 0.5);
- with `--turns` 2 or 4, each proposal is read at that many equal turns about the up axis and its
  probabilities averaged (`classify_proposals`); the scores are named by it, the classifier is not;
- with `--local_shape 1`, the classifier also reads each point's local shape in its scan
  (`instance_classifier.scene_shape`);
- with `--variants`, only those proposal variants (comma-separated names) are scored;
- with `--reuse`, a fold's classifier saved by an earlier run of the same setting is loaded instead
  of trained again (to score new proposal variants on the same classifiers);
- with `--proposal_share`, that share of the classifier's training draws are the piece proposals of
  the fold's training scenes, grown from the fold network's probabilities and labelled by their
  overlap with the true instances (`labelled_proposals`);
- each proposal is labelled and scored by the classifier (probability of its surest object class;
  "none" competes in the softmax), then duplicates are suppressed as in the app;
- `relabel`: the points of each kept box whose score reaches `instances.relabel_at` take its class (surest last), and
  mIoU is scored again.
Figures are paired fold by fold against the app's boxes and labels. Writes
<work>/cv/<recipe>/instances_<model share>[_<steps>_steps][_proposals_<share>][_shapes_<n>][_objects][_positive_<iou>][_local_shape].json (with `--folds`,
a file per share of the folds, and the whole table once the shares cover every fold) and each fold's classifier
instances<k>_<the same tag>.pt.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch

from ..datasets.fixture_scenes import truth_boxes
from ..datasets.scene_labels import NAMES
from ..datasets.scenes import read_scene
from ..classified_instances import classified_boxes, proposals, relabelled
from ..instance_classifier import (InstanceNet, ProposalSampler, classify_proposals, model_views, object_features,
                                   piece_examples, thinned, train_instance_net, true_instance_accuracy)
from ..piece_proposals import PieceProposals
from ..scene_segment import decide
from ..seg_evaluation import cv_root, fold_network, probabilities, score
from ..seg_folds import fold_refs, merged, spread
from ..seg_metrics import box_ap, confusion, scores
from ..step_args import step_args

# (name, components of all object points too, voxel sizes; None = the app's)
VARIANTS = (("per_class", False, None), ("both", True, None), ("multi", True, (0.05, 0.1, 0.2)), ("pieces", False, None))


def main() -> None:
    args, base = step_args("candidates", "candidate", "data", "work", steps="", folds="", model_share="0.5",
                           views="4", proposal_share="0", reuse="", shape_views="", object_features="", positive="", turns="1", variants="", local_shape="",
                           models="../models", cls_config="configs/cls.json")
    candidates = json.loads(Path(args.candidates).read_text())
    cfg = merged(base, candidates[args.candidate]["overrides"])
    data = Path(args.data)
    root = cv_root(Path(args.work), cfg, cfg["cv"]["steps"]) / args.candidate
    chosen = [int(k) for k in args.folds.split(",")] if args.folds else range(len(cfg["cv"]["folds"]))
    torch.set_num_threads(2)
    start = time.time()
    share = float(args.model_share)
    steps = int(args.steps or cfg["instances"]["steps"])
    # a run is named by its share of catalog draws, and by its steps where they are not the config's
    proposal_share = float(args.proposal_share)
    shapes = int(args.shape_views or cfg["instances"]["shape_views"])
    positive = float(args.positive or cfg["instances"].get("positive_iou", 0.5))
    turns = int(args.turns)
    with_objects = bool(int(args.object_features or cfg["instances"].get("object_features", False)))
    objects = object_features(Path(args.models), Path(args.cls_config)) if with_objects else None
    with_shape = bool(int(args.local_shape or 0))
    tag = (f"{share:g}" + ("" if steps == cfg["instances"]["steps"] else f"_{steps}_steps")
           + (f"_proposals_{proposal_share:g}" if proposal_share else "") + (f"_shapes_{shapes}" if shapes else "")
           + ("_objects" if with_objects else "") + (f"_positive_{positive:g}" if positive != 0.5 else "")
           + ("_local_shape" if with_shape else ""))
    # the classifier is the same whatever the turns it is read at, so they name the scores, not the classifier
    scored_tag = tag + (f"_turns_{turns}" if turns > 1 else "")
    pieces = PieceProposals(**cfg["instances"]["pieces"])
    from_catalog, from_shapes = model_views(cfg, data, Path(args.work), int(args.views), shapes) if share > 0 else ([], [])
    views = from_catalog + from_shapes
    print(f"{len(from_catalog)} catalog views, {len(from_shapes)} shape views; {time.time() - start:.0f} s", flush=True)
    per_fold = []
    for k in chosen:
        rooms = cfg["cv"]["folds"][k]
        train_refs, test_refs = fold_refs(data, cfg, rooms)
        rng = np.random.default_rng(k)
        train_scenes = [thinned(read_scene(data, kind, name), rng) for kind, name in train_refs if kind != "scannet_full"]
        net = fold_network(root, k, cfg, args.candidate)
        saved = root / f"instances{k}_{tag}.pt"
        if args.reuse and saved.exists():  # the fold's classifier as this recipe trained it before
            inst = InstanceNet(objects=objects, local_shape=with_shape)
            inst.load_state_dict(torch.load(saved))
            inst.eval()
            print(f"fold {k}: {saved} reused", flush=True)
        else:
            # the piece proposals of the training scenes, from the fold's own network
            examples = piece_examples(train_scenes, lambda sc: probabilities(sc, net, cfg), pieces,
                                      cfg["boxes"]["min_points"], positive) if proposal_share else []
            sampler = ProposalSampler(train_scenes, np.random.default_rng(100 + k), views, share, examples, proposal_share, with_shape)
            print(f"fold {k}: {sampler.counts()}; {len(examples)} labelled proposals; {time.time() - start:.0f} s", flush=True)
            inst = train_instance_net(sampler, steps, seed=k, log=lambda m: print(f"  fold {k}: {m}", flush=True), objects=objects,
                                      local_shape=with_shape)
            torch.save(inst.state_dict(), saved)
        scans = [(name, read_scene(data, kind, name)) for kind, name in test_refs]
        scans = [(name, sc, probabilities(sc, net, cfg)) for name, sc in scans]
        app = score(scans, cfg, True)
        row = {"app": {"miou": app["miou"], "ap25": app["ap25"], "ap50": app["ap50"]},
               "true_instances": true_instance_accuracy(inst, [sc for _, sc, _ in scans])}
        for variant, agnostic, voxels in [v for v in VARIANTS if not args.variants or v[0] in args.variants.split(",")]:
            found, cm = [], np.zeros((len(NAMES), len(NAMES)), dtype=np.int64)
            for _, sc, p in scans:
                pred, _ = decide(p)
                members = (proposals(sc.xyz, pred, cfg, False, [], cfg["instances"]["pieces"], sc.rgb, p) if variant == "pieces"
                           else proposals(sc.xyz, pred, cfg, agnostic, voxels))
                boxes = classified_boxes(sc.xyz, members, classify_proposals(inst, sc.xyz, sc.rgb, members, turns), cfg)
                found.append((boxes, truth_boxes(sc.boxes)))
                cm += confusion(sc.labels, relabelled(pred, boxes, cfg["instances"]["relabel_at"]), len(NAMES))
            row[variant] = {"ap25": round(box_ap(found, len(NAMES), 0.25)["map"], 4),
                            "ap50": round(box_ap(found, len(NAMES), 0.5)["map"], 4),
                            "relabel_miou": round(scores(cm)["miou"], 4),
                            "per_class_ap25": {n: (None if np.isnan(v) else round(v, 4)) for n, v in
                                               zip(NAMES, box_ap(found, len(NAMES), 0.25)["ap"])}}
        per_fold.append(row)
        print(f"fold {k}: {json.dumps({v: {m: row[v][m] for m in row[v] if m != 'per_class_ap25'} for v in row})}; "
              f"{time.time() - start:.0f} s", flush=True)

    meta = {"candidate": args.candidate, "instance_steps": steps, "catalog_views": len(from_catalog), "shape_views": len(from_shapes),
            "model_share": share, "proposal_share": proposal_share, "object_features": with_objects,
            "positive_iou": positive, "turns": turns, "local_shape": with_shape}
    out = summary(meta, list(chosen), per_fold)
    if args.folds:  # a share of the folds; once the shares cover them all, their table is written too
        (root / f"instances_{scored_tag}_folds{''.join(map(str, chosen))}.json").write_text(json.dumps(out, indent=1) + "\n")
        parts = [json.loads(p.read_text()) for p in sorted(root.glob(f"instances_{scored_tag}_folds*.json"))]
        rows = {k: row for part in parts for k, row in zip(part["folds"], part["per_fold"])}
        if set(rows) != set(range(len(cfg["cv"]["folds"]))):
            return
        out = summary(meta, sorted(rows), [rows[k] for k in sorted(rows)])
    (root / f"instances_{scored_tag}.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps({k: out[k] for k in ("app", *(v for v, _, _ in VARIANTS)) if k in out}), flush=True)


def summary(meta: dict, folds: list[int], per_fold: list[dict]) -> dict:
    """Mean and spread over folds of each variant's figures, and their differences from the app's."""
    def over(variant, metric):
        return spread([f[variant][metric] for f in per_fold])

    out = {**meta, "folds": folds, "app": {m: over("app", m) for m in ("miou", "ap25", "ap50")}}
    for v in (v for v, _, _ in VARIANTS if v in per_fold[0]):
        out[v] = {m: over(v, m) for m in ("ap25", "ap50", "relabel_miou")}
        out[v]["paired_ap25"] = spread([f[v]["ap25"] - f["app"]["ap25"] for f in per_fold])
        out[v]["paired_miou"] = spread([f[v]["relabel_miou"] - f["app"]["miou"] for f in per_fold])
    out["per_fold"] = per_fold
    return out


if __name__ == "__main__":
    main()
