"""What the app's tests know of an exported segmenter: its input and output names, the manifest's
words for its graph, and the fixtures written for it (a recorded block, the pipeline's result on the
fixture scan), and the recorded block read back. Shared by the steps that export it (evaluate_seg,
reexport_seg) and the tests that check it."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .datasets.fixture_scenes import SCENE_SCAN, truth_boxes
from .datasets.scene_blocks import block_tensor, build_blocks, chunk_indices, input_features, point_features
from .datasets.scene_labels import NAMES, UNBOXED
from .datasets.scenes import read_scene
from .open_set import log_softmax
from .scene_instances import find_instances
from .scene_segment import segment_scene
from .seg_metrics import box_ap, confusion, scores

INPUT, OUTPUT = "points", "probabilities"
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "seg"


def block_description(cfg: dict, ops: list[str]) -> str:
    """The manifest's words for what the network reads, and the op types its graph holds."""
    return (f"{cfg['block']['size']} m blocks at {cfg['block']['stride']} m stride, {cfg['points']} points each; "
            "scenes without colour get mid-grey (0.5); ops: " + ", ".join(ops))


def write_model_fixtures(data: Path, net, cfg: dict) -> dict:
    """One recorded block (input and PyTorch probabilities), and the pipeline's result on the fixture scan."""
    scene = read_scene(data, "scannet", SCENE_SCAN)
    size, stride, points, seed = cfg["block"]["size"], cfg["block"]["stride"], cfg["points"], cfg["seed"]
    blocks = build_blocks(scene.xyz, size, stride)
    k = len(blocks.ids) // 2
    idx = chunk_indices(blocks.members(k), int(blocks.ids[k]), points, seed)[:1]
    width = len(input_features(cfg))
    x = block_tensor(point_features(scene.xyz, scene.rgb, blocks.room)[:, :width], idx, blocks.centre(k))
    probabilities = np.exp(log_softmax(net(x).astype(np.float64)))
    with open(FIXTURES / "segmenter_block.bin", "wb") as f:
        f.write(x.astype("<f4").tobytes())
        f.write(probabilities.astype("<f4").tobytes())
    pred, conf = segment_scene(scene.xyz, scene.rgb, net, len(NAMES), size, stride, points, seed, features=width)
    (FIXTURES / "segmenter_pred.bin").write_bytes(pred.astype(np.uint8).tobytes())
    s = scores(confusion(scene.labels, pred, len(NAMES)))
    found = find_instances(scene.xyz, pred, conf, NAMES, cfg["boxes"]["voxel"], cfg["boxes"]["min_points"], UNBOXED,
                           cfg["boxes"].get("suppress"))
    ap = box_ap([(found, truth_boxes(scene.boxes))], len(NAMES), 0.25)
    doc = {
        "scan": SCENE_SCAN, "seed": seed, "block_input": list(x.shape), "block_probabilities": list(probabilities.shape),
        "oa": s["oa"], "miou": s["miou"], "iou": [None if np.isnan(v) else v for v in s["iou"]],
        "map25": ap["map"], "boxes": len(found),
    }
    (FIXTURES / "segmenter_expected.json").write_text(json.dumps(doc, indent=1) + "\n")
    return doc


def recorded_block() -> tuple[np.ndarray, np.ndarray]:
    """The recorded block's input (1, F, N) and the probabilities PyTorch gave it (1, N, C)."""
    expected = json.loads((FIXTURES / "segmenter_expected.json").read_text())
    raw = np.fromfile(FIXTURES / "segmenter_block.bin", dtype="<f4")
    inputs = int(np.prod(expected["block_input"]))
    return raw[:inputs].reshape(expected["block_input"]), raw[inputs:].reshape(expected["block_probabilities"])
