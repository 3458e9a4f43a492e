"""Writes tests/fixtures/ml/preprocess_object.json: real raw clouds in, the tensors this pipeline's
deterministic steps make of them out (up axis to y, centring, unit-sphere scaling, farthest-point
sampling from point 0), so src/core/ml/preprocessObject.ts can be checked against the same maths."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .datasets.modelnet import read_points
from .geometry import farthest_point_sample, normalize_unit_sphere, z_up_to_y_up

DATA = Path(__file__).resolve().parents[2].parent / "shared/data"


def _read_ascii_ply_xyz(path: Path) -> np.ndarray:
    lines = path.read_text().splitlines()
    body = lines.index("end_header") + 1
    return np.array([l.split()[:3] for l in lines[body:] if l.strip()], dtype=np.float32)


def _shortest(a: np.ndarray) -> list[float]:
    """float32 values as the shortest decimals that read back as the same float32."""
    return [float(np.format_float_positional(v, unique=True)) for v in a.astype(np.float32).ravel()]


def _case(name: str, raw: np.ndarray, up_axis: str, n: int, fps: bool) -> dict:
    picked = farthest_point_sample(raw, n) if fps else np.arange(n)
    p = raw[picked]
    if up_axis == "z":
        p = z_up_to_y_up(p)
    out, center, radius = normalize_unit_sphere(p)
    return {
        "name": name,
        "upAxis": up_axis,
        "sampling": "fps" if fps else "all",
        "raw": _shortest(raw),
        "fpsIndices": picked.tolist() if fps else None,
        # BCN: all x, then all y, then all z
        "tensor": np.round(out.T.astype(np.float64).ravel(), 7).tolist(),
        "center": center.tolist(),
        "radius": radius,
    }


def write_preprocess_fixture(path: Path, n: int) -> None:
    chair = read_points(DATA / "modelnet40_normal_resampled/chair/chair_0391.txt", n)
    pot = _read_ascii_ply_xyz(DATA / "modelnet-format-samples/ModelNet40_2048pts/flower_pot.ply")
    cases = [
        _case("modelnet chair_0391, y up", chair, "y", n, False),
        _case("modelnet chair_0391 read as z up", chair, "z", n, False),
        _case("flower_pot 2048 points, fps", pot, "y", n, True),
    ]
    path.write_text(json.dumps({"points": n, "cases": cases}) + "\n")
