"""The shipped scene pipeline on single-view SUN RGB-D frames: boxes and the up axis on a sensor and a
kind of scan that no part of the project trained on.

`make sunrgbd-app-eval` writes each frame as the PLY a person would drop (xyz and colour, no
labels) and runs `pointlens segment` on it with the up axis left to the app (`--up auto`),
then on the same frame turned to Y-up, then with the true up axis given (`--up z`), which tells
the boxes lost to a wrong up axis from those lost to recognition; last, as recorded with the boxes
drawn square to the walls the app finds (`--boxes walls`: the frames are turned -41 to 45 degrees
from their walls). It reads back the detected axis and the boxes,
which the app gives in the file's own frame, and scores them with VoteNet's eval_det against the
frames' boxes, turned about z by their heading, with the overlaps of turned boxes. The app's boxes
are square to the frame's axes, or, in the last pass, turned with the walls it found (`turn` in
the CLI's JSON). This is weak validation, as the data's README says.
SUN RGB-D's 10 classes map onto ScanNet's names; dressers and night stands are cabinets, as the
object classifier counts them. Writes `metrics.sunrgbd_app_pipeline` in the segmenter's entry.
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from ..datasets.scan_ply import write_cloud_ply
from ..datasets.scene_labels import NAMES
from ..manifest import load_manifest, update_entry
from ..seg_metrics import box_ap
from ..step_args import step_args

SUN_TO_SCANNET = ("bed", "table", "sofa", "chair", "toilet", "desk", "cabinet", "cabinet", "bookshelf", "bathtub")


def _same(p: np.ndarray) -> np.ndarray:
    return p


def _to_y_up(p: np.ndarray) -> np.ndarray:
    return np.stack([p[:, 0], p[:, 2], -p[:, 1]], 1)


def _from_y_up(p: np.ndarray) -> np.ndarray:
    return np.stack([p[:, 0], -p[:, 2], p[:, 1]], 1)


# each pass: how the frame is written, how the app's boxes come back to the recorded frame, the CLI's --up and --boxes
PASSES = {"as recorded, up detected": (_same, _same, "auto", "axes"),
          "turned to Y-up, up detected": (_to_y_up, _from_y_up, "auto", "axes"),
          "as recorded, up given (z)": (_same, _same, "z", "axes"),
          "as recorded, up detected, boxes square to the walls": (_same, _same, "auto", "walls")}


def truth_boxes(rows: np.ndarray) -> list[dict]:
    """(K, 8) rows (centre, half sizes, heading, SUN class) as boxes turned about z; VoteNet turns a box's
    corners by -heading, so the box's turn counter-clockwise about +z is -heading. A frame without boxes may
    be stored as an empty array of any shape."""
    return [{"center": [float(cx), float(cy), float(cz)], "size": [float(2 * hl), float(2 * hw), float(2 * hh)],
             "yaw": float(-heading), "classIndex": NAMES.index(SUN_TO_SCANNET[int(cls)])}
            for cx, cy, cz, hl, hw, hh, heading, cls in rows.reshape(-1, 8)]


_AXES = {"x": 0, "y": 1, "z": 2}


def app_boxes(report: dict, unturn) -> list[dict]:
    """The app's boxes back in the frame as recorded (z up). A turn between axes keeps sizes, permuted
    with the axes, and carries a box's own turn to the axis it lands on: about z, it is the box's yaw; about
    another axis (a wrong up axis), the box is taken as the axis-aligned box around its corners."""
    out = []
    for b in report["boxes"]:
        centre = unturn(np.array([b["center"]], dtype=np.float64))[0]
        size = np.abs(unturn(np.array([b["size"]], dtype=np.float64))[0])
        box = {"center": centre.tolist(), "size": size.tolist(), "classIndex": NAMES.index(b["label"]), "score": b["score"]}
        if "turn" in b:
            axis = np.zeros(3)
            axis[_AXES[b["turn"]["about"]]] = 1.0
            axis = unturn(axis[None])[0]
            radians = np.deg2rad(b["turn"]["degrees"])
            if abs(axis[2]) == 1.0:
                box["yaw"] = float(axis[2] * radians)
            else:
                k = int(np.argmax(np.abs(axis)))
                c, s = np.cos(radians * axis[k]), np.sin(radians * axis[k])
                i, j = [d for d in range(3) if d != k]
                half = size / 2
                extent = half.copy()
                extent[i] = abs(c) * half[i] + abs(s) * half[j]
                extent[j] = abs(s) * half[i] + abs(c) * half[j]
                box["size"] = (2 * extent).tolist()
        out.append(box)
    return out


def main() -> None:
    args, _ = step_args("data", "models")
    data, models = Path(args.data), Path(args.models)
    root = data / "sunrgbd-votenet"
    cli = Path(__file__).resolve().parents[3] / "bin" / "pointlens.mjs"
    frames = sorted(p.name[:-len("_xyz.npy")] for p in root.glob("sunrgbd_*_xyz.npy"))
    if not frames:
        raise SystemExit(f"no SUN RGB-D frames (sunrgbd_*_xyz.npy) under {root}")
    classes = sorted(set(SUN_TO_SCANNET))
    result = {"protocol": ("the app's own pipeline (`pointlens segment`, up axis detected, onnxruntime-web on WASM in Node) on the "
                           f"{len(frames)} SUN RGB-D frames (VoteNet's preprocessing, 50k points each), as recorded, "
                           "turned to Y-up, with the true up axis given, and as recorded with the boxes square to the walls the app finds; box AP as VoteNet's eval_det over SUN RGB-D's 10 classes on ScanNet's names (dresser and "
                           "night stand as cabinet), overlaps of the truth boxes turned by their heading and of the app's boxes as printed (square to the frame's axes, and in the last pass turned with the walls it found)"),
              "frames": frames}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (forward, back, up, boxes_square_to) in PASSES.items():
            found_and_truth, ups = [], {}
            for frame in frames:
                xyz, rgb = np.load(root / f"{frame}_xyz.npy"), np.load(root / f"{frame}_rgb.npy")
                path = Path(tmp) / f"{frame}.ply"
                write_cloud_ply(path, forward(xyz.astype(np.float64)).astype(np.float32), rgb)
                run = subprocess.run(["node", str(cli), "segment", "--up", up, "--boxes", boxes_square_to, str(path)], capture_output=True, text=True, check=True)
                report = json.loads(run.stdout.strip().splitlines()[-1])
                if report["points"] != len(xyz):
                    raise SystemExit(f"{frame}: the app read {report['points']} points, not {len(xyz)}")
                ups[frame] = report["up"]["axis"]
                found_and_truth.append((app_boxes(report, back), truth_boxes(np.load(root / f"{frame}_boxes.npy"))))
                print(f"{name} {frame}: up {ups[frame]}, {len(report['boxes'])} boxes", flush=True)
            part = {"up_used": ups, "boxes": sum(len(f) for f, _ in found_and_truth),
                    "truth_boxes": sum(len(t) for _, t in found_and_truth)}
            for threshold in (25, 50):
                ap = box_ap(found_and_truth, len(NAMES), threshold / 100)
                part[f"ap{threshold}"] = round(ap["map"], 4)
                part[f"per_class_ap{threshold}"] = {n: round(float(ap["ap"][NAMES.index(n)]), 4) for n in classes
                                                    if not np.isnan(ap["ap"][NAMES.index(n)])}
            result[name] = part
            print(json.dumps({name: {k: part[k] for k in ("boxes", "truth_boxes", "ap25", "ap50")}}), flush=True)
    entry = next(m for m in load_manifest(models / "manifest.json")["models"] if m["id"] == "segmenter")
    entry["metrics"]["sunrgbd_app_pipeline"] = result
    update_entry(models / "manifest.json", entry)


if __name__ == "__main__":
    main()
