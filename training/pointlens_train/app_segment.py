"""The app's own scene pipeline on one scan: `pointlens segment --up z --out` (onnxruntime-web on
WASM in Node), as a person would run it on the PLY the scan is written to."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np

from .datasets.scan_ply import read_vertices, write_cloud_ply, write_scan_ply
from .datasets.scene_labels import NAMES

CLI = Path(__file__).resolve().parents[2] / "bin" / "pointlens.mjs"


def app_segment(folder: Path, name: str, xyz: np.ndarray, rgb: np.ndarray, nyu40: np.ndarray | None = None,
                instances: np.ndarray | None = None) -> tuple[dict, np.ndarray, np.ndarray]:
    """The CLI's JSON report, and each point's class index and confidence. NYU40 labels and instance
    ids, where given, go into the file as ScanNet writes them (the CLI then scores itself too);
    otherwise the file holds positions and colours alone, as an unlabelled scan would."""
    path, out = folder / f"{name}.ply", folder / f"{name}_pred.ply"
    if nyu40 is None:
        write_cloud_ply(path, xyz, rgb)
    else:
        write_scan_ply(path, xyz, rgb, nyu40, instances, [name])
    run = subprocess.run(["node", str(CLI), "segment", "--up", "z", "--out", str(out), str(path)],
                         capture_output=True, text=True, check=True)
    v = read_vertices(out)
    return json.loads(run.stdout.strip().splitlines()[-1]), v["pred"].astype(np.int64), v["confidence"].astype(np.float32)


def report_boxes(report: dict) -> list[dict]:
    """The boxes of a CLI report with their class index, as the box metrics read them."""
    return [{**b, "classIndex": NAMES.index(b["label"])} for b in report["boxes"]]
