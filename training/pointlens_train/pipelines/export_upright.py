"""`make upright-export CHECKPOINT=upright/best.pt`: an upright checkpoint -> ONNX beside it.

Writes <checkpoint's folder>/upright.onnx and upright.json, the contract that
scripts/object-up-by-recognition.ts reads: the graph takes `candidates` [B, 3, N] (each a shape with
one direction turned onto +y by its row of `turns`, on the unit sphere, as `upright.candidates`
makes them) and gives `scores` [B, 1]; the six candidates of one shape go in as one batch and a
softmax over them gives each direction's probability. The JSON also holds the validation figures
of the network alone. The app does not ship this network (training/README.md says why).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

from ..datasets.cls_data import ClsCache
from ..models.onnx_export import export_onnx
from ..models.pointnet_cls import build
from ..upright import DIRECTIONS, TURNS, upright_rate, validation_parts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    ck = torch.load(args.checkpoint, map_location="cpu")
    cfg = ck["config"]
    model = build(cfg["model"], 1)
    model.load_state_dict(ck["model"])
    model.eval()
    n = cfg["points"]
    cache = ClsCache.load(Path(args.work))
    val_rows, val_unknown = validation_parts(cache, cfg["val_fraction"])
    folder = Path(args.checkpoint).parent
    path = folder / "upright.onnx"
    export_onnx(model, torch.zeros(6, 3, n), path, "candidates", "scores")
    contract = {
        "file": path.name,
        "inputName": "candidates",
        "outputName": "scores",
        "points": n,
        "directions": DIRECTIONS,
        "turns": [[float(v) for v in m.reshape(-1)] for m in TURNS],
        "epoch": ck["epoch"],
        "validation_known_up_right": round(upright_rate(model, cache, val_rows, n), 4),
        "validation_unknown_up_right": round(upright_rate(model, cache, val_unknown, n), 4),
    }
    (folder / "upright.json").write_text(json.dumps(contract, indent=1))
    print(json.dumps({k: v for k, v in contract.items() if k != "turns"}))


if __name__ == "__main__":
    main()
