"""Trains the instance classifier the app ships next to the segmenter, exports it, writes its parity
fixture and its part of the segmenter's manifest entry (`instances`).

`make instances` (after `make instance-cv`, whose table it records):
- trains on the real instances of the segmenter's training rooms (ScanNet and S3DIS; validation and
  test rooms never read) and on the floor-standing Sweet Home 3D models seen as partial scans, for
  `instances.steps` steps (a fixed budget: nothing is chosen on held-out data); with
  `instances.proposal_share`, also on the piece proposals of those rooms, grown from the shipped
  segmenter's probabilities (read back from models/segmenter.onnx) and labelled by their overlap
  with the true instances; with `instances.object_features`, it also reads the shipped object
  classifier's penultimate activations and calibrated probabilities of each proposal (frozen, inside
  the exported graph, so the app's input is the same);
- reports how often it names the true instances of the validation and of the test rooms, which no
  step of its training saw;
- exports `models/instances.onnx` (softmax in the graph): (batch, 7, 256) -> (batch, 19);
- writes `tests/fixtures/seg/instances_expected.json`: on the fixture scan and the segmenter's
  Python prediction of it (`segmenter_pred.bin`, whose one-hot probabilities grow the piece
  proposals), the proposals' first tensors, every proposal's
  probabilities, the boxes after suppression and the relabelled points, which
  `classifyInstances.ts` must reproduce.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch

from ..classified_instances import classified_boxes, one_hot, proposals, relabelled
from ..datasets.fixture_scenes import SCENE_SCAN
from ..datasets.scene_labels import NAMES
from ..datasets.scenes import read_scannet, read_scene
from ..datasets.seg_split import split_scenes
from ..instance_classifier import (BOXED, FEATURES, POINTS, InstanceNet, ProposalSampler, classify_proposals,
                                   even_sample, floor_height, model_views, object_features, piece_examples,
                                   proposal_tensor, thinned, train_instance_net, true_instance_accuracy)
from ..manifest import load_manifest, update_entry
from ..models.onnx_export import export_onnx
from ..models.seg_onnx import seg_from_onnx
from ..piece_proposals import PieceProposals
from ..scene_segment import decide
from ..seg_evaluation import as_network, probabilities
from ..seg_metrics import confusion, scores
from ..step_args import step_args

INPUT, OUTPUT = "proposals", "probabilities"


class WithSoftmax(torch.nn.Module):
    def __init__(self, net: InstanceNet):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.softmax(self.net(x), 1)


def cross_validated(root: Path) -> dict:
    """Every share of catalog models `instance-cv` scored under a recipe's folds, without the per-fold detail."""
    return {f"model_share_{p.stem.split('_', 1)[1]}": {k: v for k, v in json.loads(p.read_text()).items() if k != "per_fold"}
            for p in sorted(root.glob("instances_*.json")) if "_folds" not in p.stem}


def proposal_contract(cfg: dict) -> dict:
    """Where the app's proposals come from, in the manifest's terms."""
    ic = cfg["instances"]
    out = {"agnostic": ic["agnostic"], "voxels": [cfg["boxes"]["voxel"]] if ic.get("voxels") is None else ic["voxels"]}
    if ic.get("pieces"):
        p = ic["pieces"]
        out["pieces"] = {"k": p["k"], "minCells": p["min_cells"], "colourWeight": p["colour_weight"],
                         "maxDifference": p["max_difference"], "maxExtent": p["max_extent"]}
    return out


def write_fixture(net: InstanceNet, segmenter, data: Path, fixtures: Path, cfg: dict) -> dict:
    scene = read_scannet(data, SCENE_SCAN)
    pred = np.frombuffer((fixtures / "segmenter_pred.bin").read_bytes(), dtype=np.uint8).astype(np.int64)
    ic = cfg["instances"]

    def revised(labels: np.ndarray, p: np.ndarray):
        members = proposals(scene.xyz, labels, cfg, ic["agnostic"], ic.get("voxels"), ic.get("pieces"), scene.rgb, p)
        probs = classify_proposals(net, scene.xyz, scene.rgb, members)
        boxes = classified_boxes(scene.xyz, members, probs, cfg)
        return members, probs, boxes, relabelled(labels, boxes, ic["relabel_at"])

    # the parity part grows its proposals from the prediction alone, which the app's test has too
    members, probs, boxes, after = revised(pred, one_hot(pred))
    # the scan's scores as the app gets them: the segmenter's own probabilities on the scan levelled
    # where the pipeline levels, its labels, and proposals grown from them
    app_p = probabilities(scene, segmenter, cfg)
    app_pred, _ = decide(app_p)
    app_members, _, app_boxes, app_after = revised(app_pred, app_p)
    floor = floor_height(scene.xyz)
    doc = {
        "scan": SCENE_SCAN, "floor": floor, "proposals": len(members),
        "first_members": [m.tolist() for m in members[:3]],
        "first_tensors": [proposal_tensor(scene.xyz[m], scene.rgb[m], floor, even_sample(len(m))).astype(np.float64).ravel().tolist()
                          for m in members[:3]],
        "probabilities": probs.round(6).tolist(),
        "boxes": [{k: v for k, v in b.items() if k != "members"} for b in boxes],
        "relabelled": int((after != pred).sum()),
        "relabelled_counts": np.bincount(after, minlength=len(NAMES)).tolist(),
        # the scan's scores against its labels, before and after the revision the app makes
        "before": {k: scores(confusion(scene.labels, app_pred, len(NAMES)))[k] for k in ("oa", "miou")},
        "after": {k: scores(confusion(scene.labels, app_after, len(NAMES)))[k] for k in ("oa", "miou")},
        "app_proposals": len(app_members), "app_boxes": len(app_boxes), "app_relabelled": int((app_after != app_pred).sum()),
    }
    (fixtures / "instances_expected.json").write_text(json.dumps(doc) + "\n")
    return doc


def main() -> None:
    args, cfg = step_args("data", "work", "models", "fixtures", cls_config="configs/cls.json")
    data, work, models = Path(args.data), Path(args.work), Path(args.models)
    ic = cfg["instances"]
    torch.set_num_threads(2)
    start = time.time()
    parts = split_scenes(data, cfg["split"])
    rng = np.random.default_rng(0)
    train = [thinned(read_scene(data, kind, name), rng) for kind, name in parts["train"] if kind != "scannet_full"]
    from_catalog, from_shapes = model_views(cfg, data, work, ic["views"], ic["shape_views"])
    views = from_catalog + from_shapes
    segmenter = as_network(seg_from_onnx(models / "segmenter.onnx", cfg), cfg)
    examples = piece_examples(train, lambda sc: probabilities(sc, segmenter, cfg), PieceProposals(**ic["pieces"]),
                              cfg["boxes"]["min_points"]) if ic.get("proposal_share") else []
    sampler = ProposalSampler(train, np.random.default_rng(100), views, ic["model_share"], examples, ic.get("proposal_share", 0.0))
    print(f"{sampler.counts()}; {len(examples)} labelled proposals; {time.time() - start:.0f} s", flush=True)
    objects = object_features(models, Path(args.cls_config)) if ic.get("object_features") else None
    net = train_instance_net(sampler, ic["steps"], seed=0, log=lambda m: print(f"  {m}", flush=True), objects=objects)
    torch.save(net.state_dict(), work / "instances.pt")

    held = {part: [read_scene(data, kind, name) for kind, name in parts[part] if kind != "scannet_full"]
            for part in ("val", "test", "test_s3dis")}
    true_instances = {
        name: {k: v for k, v in true_instance_accuracy(net, scenes).items() if k != "confusion"}
        for name, scenes in (("validation", held["val"]), ("test_scannet", [s for s in held["test"] if s.source == "scannet"]),
                             ("test_s3dis", held["test_s3dis"]))
    }
    print(json.dumps(true_instances), flush=True)

    path = models / "instances.onnx"
    # a network of per-point layers and a max pool gives the same output for a proposal's points read
    # once each as for the even sample's repeats of them, so the app reads small proposals at fewer
    # points (classifyInstances.ts); the object classifier's features centre the points, and do not
    points_axis = 2 if net.objects is None else None
    ops = export_onnx(WithSoftmax(net), torch.zeros(2, FEATURES, POINTS), path, INPUT, OUTPUT, points_axis=points_axis)
    fixture = write_fixture(net, segmenter, data, Path(args.fixtures), cfg)

    manifest = load_manifest(models / "manifest.json")
    entry = next(m for m in manifest["models"] if m["id"] == "segmenter")
    # settings cross-validated earlier, whose files this work folder no longer has, keep their rows
    cv = {**entry.get("instances", {}).get("metrics", {}).get("cross_validation", {}), **cross_validated(work / "cv" / ic["recipe"])}
    entry["instances"] = {
        "file": path.name, "bytes": path.stat().st_size, "inputName": INPUT, "outputName": OUTPUT,
        "points": POINTS,
        "features": ["x", "y", "z_above_base", "r", "g", "b", "z_above_floor"],
        "classes": [NAMES[c] for c in BOXED] + ["none"],
        "proposals": proposal_contract(cfg),
        "relabelAt": ic["relabel_at"],
        "freePoints": points_axis is not None,
        "metrics": {
            "protocol": ("true instances of rooms held out of its training (their own points, the app's sampling); "
                         "cross_validation: the segmenter's leave-rooms-out folds, the classifier trained per fold "
                         "on the fold's training rooms, boxes and relabelled points against the app's boxes and "
                         "labels from the same fold networks"),
            "true_instances": true_instances,
            "fixture_scan": {"scan": SCENE_SCAN, "proposals": fixture["app_proposals"], "boxes": fixture["app_boxes"],
                             "relabelled_points": fixture["app_relabelled"],
                             "miou_before": round(fixture["before"]["miou"], 4), "miou_after": round(fixture["after"]["miou"], 4)},
            "cross_validation": cv,
            "ops": ops,
        },
        "training": {"steps": ic["steps"], "catalog_views": len(from_catalog), "shape_views": len(from_shapes),
                     "model_share": ic["model_share"],
                     "labelled_proposals": len(examples), "proposal_share": ic.get("proposal_share", 0.0),
                     # the object classifier's penultimate activations and calibrated probabilities of each
                     # proposal, computed inside the graph from its x, y, z (frozen: models/classifier.onnx)
                     "object_features": objects is not None,
                     "classes_seen": {n: list(v) for n, v in sampler.counts().items()}},
    }
    update_entry(models / "manifest.json", entry)
    print(f"wrote {path} ({path.stat().st_size} bytes); {time.time() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
